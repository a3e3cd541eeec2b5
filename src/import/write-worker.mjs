// Title file writer (see staging.ts). Plain JavaScript so the worker starts without the tsx loader. Creating a small
// file costs tens of microseconds of system time; doing it here keeps that off the thread that parses the ONIX.
//
// Messages in:  { id, dir, files: [[name, bytes], ...] }  -> out: { id } when written, or { id, error } on failure.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ id, dir, files }) => {
  try {
    for (const [name, text] of files) writeFileSync(join(dir, name), text);
    parentPort.postMessage({ id });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
