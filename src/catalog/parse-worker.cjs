// Title file parser thread (see parse-pool.ts). The parsing code is TypeScript: the thread loads it through tsx's
// require hook, which transforms in this thread; tsx's ESM loader would start a loader thread of its own beside this
// one (about 10 MB more per parser thread, measured). It starts with no execArgv, whatever the main thread was given.
//
// Messages in:  { id, root, files: [{ path, hash }] }
//          out: { id, results: [one string per file, see parsed-file.ts] }, or { id, error } when a file cannot be read.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parentPort } = require('node:worker_threads');

require('tsx/cjs/api').register();
const { parseTitleBytes } = require('./parse-title.ts');
const { blobId } = require('./blob-ids.ts');
const { encodeParsedFile } = require('./parsed-file.ts');

parentPort.on('message', ({ id, root, files }) => {
  try {
    const results = files.map(({ path, hash }) => {
      const bytes = readFileSync(join(root, path));
      return encodeParsedFile(path, bytes, { parsed: parseTitleBytes(path, bytes), blobId: hash ? blobId(bytes) : undefined });
    });
    parentPort.postMessage({ id, results });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: true });
