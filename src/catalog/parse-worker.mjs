// Title file parser thread (see parse-pool.ts). The parsing code is TypeScript, so the thread registers tsx itself:
// it starts with no execArgv, whatever loader flags the main thread was given.
//
// Messages in:  { id, root, files: [{ path, hash }] }
//          out: { id, results: [one string per file, see parsed-file.ts] }, or { id, error } when a file cannot be read.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { parseTitleBytes } = await import('./parse-title.ts');
const { blobId } = await import('./blob-ids.ts');
const { encodeParsedFile } = await import('./parsed-file.ts');

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
