/**
 * Worker threads that read and parse title files, so a large catalog loads on another core while the main thread
 * writes the feed. Files parse independently of each other; a batch comes back in the order it was given.
 */
import { availableParallelism } from 'node:os';
import { RequestThread } from '../threads/request-thread.ts';
import type { EncodedParsedFile } from './parsed-file.ts';

/** Below this many files to parse, starting a thread (about a quarter of a second) costs more than it saves. */
const POOL_MIN_FILES = 5_000;

/**
 * Heap of a parser thread, in MB. A batch of titles needs little, and with V8's default young generation (48 MB) a
 * thread added about 70 MB to the process; with 8 MB, about 20 MB, at the same total CPU time (measured: 100k JSON
 * titles into the ONIX writer). The old-generation limit keeps one huge file from growing the process without
 * bound: such a file kills only its thread, and its batch is parsed again on the main thread.
 */
const THREAD_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 8 };

/** A title file for a parser thread: its path relative to the root, and whether to compute its git blob id. */
export interface FileToParse {
  path: string;
  hash: boolean;
}

/** A batch a parser thread did not parse: the thread stopped, or a file could not be read there. */
export class ParseThreadError extends Error {
  override name = 'ParseThreadError';
}

type ParserThread = RequestThread<{ root: string; files: FileToParse[] }, { results: EncodedParsedFile[] }>;

/**
 * Parser threads for `files` files to parse: none below {@link POOL_MIN_FILES} (parse on the calling thread). Above,
 * one per core beyond the one the consumer works on, or, when the consumer does next to nothing with each title
 * (`validate`), one per core; at most two either way (each costs about 20 MB).
 */
export function defaultParseThreads(files: number, idleConsumer = false): number {
  const cores = availableParallelism();
  if (files < POOL_MIN_FILES || cores < 2) return 0;
  return Math.min(2, idleConsumer ? cores : cores - 1);
}

/** A fixed set of parser threads; `close` it when done. */
export class TitleParsePool {
  private turn = 0;

  private constructor(private readonly threads: ParserThread[]) {}

  /** Starts `size` threads and waits until each has loaded the parsing code. */
  static async start(size: number): Promise<TitleParsePool> {
    const threads: ParserThread[] = Array.from(
      { length: size },
      () =>
        new RequestThread(new URL('./parse-worker.cjs', import.meta.url), {
          execArgv: [],
          resourceLimits: THREAD_HEAP,
          announcesReady: true,
          failure: (message) => new ParseThreadError(`title parser thread: ${message}`),
        }),
    );
    try {
      await Promise.all(threads.map((thread) => thread.ready));
    } catch (error) {
      await Promise.all(threads.map((thread) => thread.terminate()));
      throw error;
    }
    return new TitleParsePool(threads);
  }

  /** Reads and parses `files` (paths relative to `root`) on the next live thread in turn. */
  async parse(root: string, files: FileToParse[]): Promise<EncodedParsedFile[]> {
    const alive = this.threads.filter((thread) => thread.alive);
    if (alive.length === 0) throw new ParseThreadError('every title parser thread has stopped');
    return (await alive[this.turn++ % alive.length].request({ root, files })).results;
  }

  /** Stops the threads; batches still in flight are rejected. */
  async close(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.terminate()));
  }
}
