// Product parser thread (see product-pool.ts). The product code is TypeScript: the thread loads it through tsx's
// require hook, which transforms in this thread. tsx's ESM loader would start a loader thread of its own beside this
// one, costing about 30 MB, which the memory budget does not have (issue 9: under 250 MB in all).
//
// workerData: ProductWorkSettings (with `existing` as [isbn, fileName] pairs).
// Messages in:  { id, batch: ProductBatch }  -> out: { id, results: JSON text of PreparedProduct[], files: the bytes of
//               their title files (transferred, not copied) }
// A product that is not well-formed answers { id, invalid: message }; any other failure { id, error: message }.
// Results travel as one JSON string: the importing thread parses it faster than it deserialises a structured clone.
const { parentPort, workerData } = require('node:worker_threads');

require('tsx/cjs/api').register();
const { ProductWork } = require('./product-work.ts');
const { ProductSliceError } = require('./product-slice.ts');

const work = new ProductWork({ ...workerData, existing: new Map(workerData.existing) });

parentPort.on('message', ({ id, batch }) => {
  try {
    const { products, files } = work.prepare(batch);
    parentPort.postMessage({ id, results: JSON.stringify(products), files }, [files.buffer]);
  } catch (error) {
    if (error instanceof ProductSliceError) parentPort.postMessage({ id, invalid: error.message });
    else parentPort.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
parentPort.postMessage({ ready: true });
