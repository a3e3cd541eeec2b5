/**
 * Title files written aside first and moved into `catalog/<tenant>/titles/` only when the whole import succeeded, so
 * that bad input (found late in a 300 MB file) changes nothing. A worker thread writes them, in batches, with
 * synchronous writes (measured several times cheaper per small file than the thread-pool writes of fs/promises);
 * a bound on batches in flight keeps memory flat.
 */
import { mkdir, mkdtemp, readdir, rename, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

/** Files per message to the writer. */
const BATCH_FILES = 100;
/** Batches sent and not yet written before `write` waits. */
const MAX_BATCHES_IN_FLIGHT = 2;

/** The writer thread failed to write a staged file. */
export class StagingWriteError extends Error {
  override name = 'StagingWriteError';
}

/** A folder of staged files next to the titles folder (same file system, so moving them in is a rename). */
export class StagedTitles {
  private batch: [string, Uint8Array][] = [];
  /** Resolvers of the batches sent, by id, and their promises oldest first (the writer answers in order). */
  private readonly pending = new Map<number, () => void>();
  private inFlight: Promise<void>[] = [];
  private nextId = 0;
  private failure: StagingWriteError | undefined;
  private staged = 0;

  private constructor(
    private readonly titlesDir: string,
    private readonly stagingDir: string,
    /** The outermost folder `open` had to create (e.g. `catalog/<tenant>`), removed again on abort. */
    private readonly createdDir: string | undefined,
    private readonly writer: Worker,
  ) {
    writer.on('message', ({ id, error }: { id: number; error?: string }) => {
      if (error) this.failure ??= new StagingWriteError(`could not write a title file: ${error}`);
      this.pending.get(id)?.();
      this.pending.delete(id);
    });
    writer.on('error', (error) => {
      this.failure ??= new StagingWriteError(`the title file writer stopped: ${error.message}`);
      for (const resolve of this.pending.values()) resolve();
      this.pending.clear();
    });
  }

  /** Creates the staging folder beside `titlesDir` (a dot folder, which catalog loading ignores). */
  static async open(titlesDir: string): Promise<StagedTitles> {
    const parent = path.dirname(titlesDir);
    const createdDir = await mkdir(parent, { recursive: true });
    const stagingDir = await mkdtemp(path.join(parent, '.import-'));
    // The writer holds a batch or two of bytes at a time: a small heap keeps its garbage from adding to peak RSS
    // (import of 100k products: at most 238 MB in three runs instead of 251 MB).
    const writer = new Worker(new URL('./write-worker.mjs', import.meta.url), {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
    });
    return new StagedTitles(titlesDir, stagingDir, createdDir, writer);
  }

  /**
   * Stages `bytes` as `titles/<fileName>`; waits only when too many batches are in flight. `bytes` may be a view into
   * a larger block (a prepared batch's files): the message to the writer copies each block once.
   */
  async write(fileName: string, bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    this.batch.push([fileName, bytes]);
    this.staged++;
    if (this.batch.length >= BATCH_FILES) await this.send();
  }

  /** Moves every staged file into the titles folder (replacing files of the same name) and removes the staging folder. */
  async commit(): Promise<void> {
    await this.send();
    await this.drain();
    await this.writer.terminate();
    if (this.failure) throw this.failure;
    if (this.staged > 0 && (await isMissingOrEmpty(this.titlesDir))) {
      // A new catalog moves in with one rename instead of one per file.
      await rmdir(this.titlesDir).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await rename(this.stagingDir, this.titlesDir);
      return;
    }
    if (this.staged > 0) await mkdir(this.titlesDir, { recursive: true });
    for (const name of await readdir(this.stagingDir)) await rename(path.join(this.stagingDir, name), path.join(this.titlesDir, name));
    await rmdir(this.stagingDir);
  }

  /** Stops the writer and removes the staging folder (and the folders made for it); the titles folder is untouched. */
  async abort(): Promise<void> {
    await this.writer.terminate();
    await rm(this.createdDir ?? this.stagingDir, { recursive: true, force: true });
  }

  private async send(): Promise<void> {
    if (this.batch.length === 0) return;
    const id = this.nextId++;
    const written = new Promise<void>((resolve) => this.pending.set(id, resolve));
    this.writer.postMessage({ id, dir: this.stagingDir, files: this.batch });
    this.batch = [];
    this.inFlight.push(written);
    if (this.inFlight.length > MAX_BATCHES_IN_FLIGHT) await this.inFlight.shift();
  }

  private async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    this.inFlight = [];
  }
}

async function isMissingOrEmpty(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}
