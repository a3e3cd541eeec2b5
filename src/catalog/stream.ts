/**
 * Streams a tenant's catalog: every `catalog/<tenant>/titles/*.yaml|*.json`, parsed, checked and normalised, yielded
 * one title at a time in ISBN order, so memory does not grow with the catalog. Problems go to a callback as they are
 * found; bad files are left out.
 *
 * Order comes from the file names: a clean title's ISBN equals its file name, so sorting names sorts titles, and no
 * title has to be held to sort them. A small catalog is read on the calling thread only when the consumer asks for the
 * next title (at most one file is parsed ahead of it). A large one is parsed by worker threads (`parse-pool.ts`), a
 * few batches ahead of the consumer, so loading runs beside a slow consumer such as the ONIX writer instead of before
 * it; either way memory holds a bounded number of titles.
 *
 * Checks across files, without holding titles:
 * - the same ISBN in two files (`<isbn>.yaml` and `<isbn>.json`) shows in the names before anything is parsed; every
 *   clean file of such a pair gets a problem and is left out;
 * - a record reference used twice is found with a map of references seen: the first file in ISBN order keeps it and
 *   is yielded; each later file gets a problem and is left out, and once the stream ends the first file gets a
 *   problem too, naming the others, so a person sees every file involved.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Problem } from '../config/problem.ts';
import { blobId, indexedBlobIds } from './blob-ids.ts';
import { ParseCache } from './parse-cache.ts';
import { defaultParseThreads, ParseThreadError, TitleParsePool } from './parse-pool.ts';
import { decodeParsedFile } from './parsed-file.ts';
import { locateIssues, parseTitleBytes, type ParsedTitle } from './parse-title.ts';
import type { LoadedTitle } from './title.ts';

/** Which files to read, and the parse cache. */
export interface CatalogOptions {
  /**
   * Read only the files named after these ISBNs (a delta). Duplicate checks then cover only these files; the full
   * check is `validate`'s job.
   */
  isbns?: Set<string>;
  /** Folder for the parse cache (default: env ONIX_FEEDS_CACHE_DIR; neither: no cache, nothing is written). */
  cacheDir?: string;
  /**
   * Threads that read and parse title files while the caller consumes titles (default: one per core, at most 4, when
   * at least 5,000 files need parsing; 0 parses on the calling thread).
   */
  parseThreads?: number;
  /** The consumer does next to nothing with each title (as `validate`): parse on every core, leaving none to it. */
  idleConsumer?: boolean;
}

/** Options of {@link streamCatalog}. */
export interface StreamCatalogOptions extends CatalogOptions {
  /** Receives each problem as it is found (in file order, not sorted); every problem has been given once the stream ends. */
  onProblem: (problem: Problem) => void;
}

/** Files read between two turns of the event loop. */
const READ_SLICE = 256;

const TITLE_FILE = /\.(yaml|json)$/;
/** Files a parser thread reads and parses per message: small batches die young in both threads' heaps. */
const POOL_BATCH = 64;
/** Batches handed to each parser thread ahead of the consumer: enough to keep it busy, few enough to bound memory. */
const BATCHES_AHEAD_PER_THREAD = 4;

/** A record reference that more than one file uses: its first owner and the files refused for it. */
interface ReferenceClash {
  first: string;
  later: string[];
}

/**
 * Yields the clean titles of `tenantId` under `root` in ISBN order, reporting problems through `options.onProblem`.
 * A tenant without a titles folder has no titles. The parse cache is written only when the stream is read to its end.
 */
export async function* streamCatalog(root: string, tenantId: string, options: StreamCatalogOptions): AsyncGenerator<LoadedTitle, void, undefined> {
  const dir = `catalog/${tenantId}/titles`;
  const { onProblem } = options;
  // Stray files are the whole catalog's business, not a delta's.
  const allNames = await titleFileNames(root, dir, options.isbns ? () => undefined : onProblem);
  const names = sortByStem(options.isbns ? allNames.filter((name) => options.isbns!.has(stemOf(name))) : allNames);
  const cacheDir = options.cacheDir ?? process.env.ONIX_FEEDS_CACHE_DIR;
  const cache = cacheDir ? await ParseCache.open(cacheDir, tenantId) : undefined;
  const indexed = cache ? await indexedBlobIds(root, dir) : undefined;
  const threads = (toParse: number) => options.parseThreads ?? defaultParseThreads(toParse, options.idleConsumer);
  const files = parsedInOrder(root, dir, names, cache, indexed, threads);

  try {
    // Who first used each record reference, in little memory for a large catalog: a title keeping its default
    // reference (its ISBN, the file's stem) is marked at its place in `names`, one byte; only the few other references
    // go in a map, reference -> file name.
    const ownsItsStem = new Uint8Array(names.length);
    const otherReferences = new Map<string, string>();
    const ownerOf = (reference: string, stem: string): string | undefined => {
      const owner = otherReferences.get(reference);
      // A title's own stem can only have been used by another reference, which the map holds.
      if (owner !== undefined || reference === stem) return owner;
      const at = firstWithStem(names, reference);
      return at >= 0 && ownsItsStem[at] ? names[at + ownsItsStem[at] - 1] : undefined;
    };
    const clashes = new Map<string, ReferenceClash>();
    for (let start = 0, end = 0; start < names.length; start = end) {
      const stem = stemOf(names[start]);
      for (end = start + 1; end < names.length && stemOf(names[end]) === stem; ) end++;
      const clean: { at: number; loaded: LoadedTitle }[] = [];
      for (let at = start; at < end; at++) {
        const { value: parsed } = (await files.next()) as IteratorYieldResult<ParsedTitle>;
        parsed.problems.forEach(onProblem);
        const name = names[at];
        if (parsed.title) clean.push({ at, loaded: { title: parsed.title, source: { path: `${dir}/${name}`, format: name.endsWith('.json') ? 'json' : 'yaml' } } });
      }
      if (clean.length > 1) {
        for (const problem of await sameIsbnProblems(root, clean.map((file) => file.loaded))) onProblem(problem);
        continue;
      }
      if (clean.length === 0) continue;
      const { at, loaded } = clean[0];
      const reference = loaded.title.recordReference;
      const owner = ownerOf(reference, stem);
      if (owner === undefined) {
        if (reference === stem) ownsItsStem[start] = at - start + 1;
        else otherReferences.set(reference, names[at]);
        yield loaded;
        continue;
      }
      const clash = clashes.get(reference) ?? { first: `${dir}/${owner}`, later: [] };
      clashes.set(reference, clash);
      clash.later.push(loaded.source.path);
      const message = `record reference ${reference} is also used by ${clash.first}, which comes first in ISBN order and keeps it: each title needs its own recordReference`;
      for (const problem of await problemAt(root, loaded.source.path, reference, message)) onProblem(problem);
    }
    for (const [reference, { first, later }] of clashes) {
      const message = `record reference ${reference} is also used by ${later.join(', ')}: each title needs its own recordReference (this title keeps it; the others are left out)`;
      for (const problem of await problemAt(root, first, reference, message)) onProblem(problem);
    }
    await cache?.save(!options.isbns);
  } finally {
    // A consumer that stopped early leaves the cache as it was, and stops the parser threads.
    await files.return(undefined);
    cache?.close();
  }
}

/** Where a title's parse may come from: the parse cache (with the blob ids git knows), and how paths are made. */
interface ParseSources {
  root: string;
  cache: ParseCache | undefined;
  indexed: Map<string, string> | undefined;
  /** The clean title cached for `path` under blob `id`, if any. */
  fromCache: (path: string, id: string | undefined) => ParsedTitle | undefined;
}

/**
 * The parse of each file of `names` (in `dir`, relative to `root`), in order: from the cache when it holds the file,
 * else parsed on this thread for a small catalog or by parser threads for a large one.
 */
function parsedInOrder(
  root: string,
  dir: string,
  names: string[],
  cache: ParseCache | undefined,
  indexed: Map<string, string> | undefined,
  threads: (toParse: number) => number,
): AsyncGenerator<ParsedTitle, void, undefined> {
  const fromCache = (path: string, id: string | undefined): ParsedTitle | undefined => {
    const title = id === undefined ? undefined : cache?.get(id);
    // The same content under another file name must still fail the file-name check, so it is parsed again.
    return title && posix.basename(path).startsWith(`${title.isbn}.`) ? { title, problems: [] } : undefined;
  };
  const sources: ParseSources = { root, cache, indexed, fromCache };
  // Paths are made as they are needed: held for a whole catalog they would take megabytes.
  const paths = (from: number, to: number) => names.slice(from, to).map((name) => `${dir}/${name}`);
  const toParse = cache ? paths(0, names.length).filter((path) => !cache.has(indexed?.get(path))).length : names.length;
  // Outside git a cached file is known only by hashing its content, which is cheapest done right where it is read.
  const size = cache && !indexed ? 0 : threads(toParse);
  return size === 0 ? parsedHere(sources, names.length, paths) : parsedOnThreads(sources, names.length, paths, size);
}

/** {@link parsedInOrder} on this thread, one file at a time as the consumer asks. */
async function* parsedHere(sources: ParseSources, count: number, paths: (from: number, to: number) => string[]): AsyncGenerator<ParsedTitle, void, undefined> {
  for (let start = 0; start < count; start += READ_SLICE) {
    // Synchronous reads of small files are several times faster than libuv's thread pool; a turn of the event loop
    // now and then keeps anything else in the process going (a sandbox server, a progress log).
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const path of paths(start, start + READ_SLICE)) yield loadTitleFile(sources, path);
  }
}

/**
 * {@link parsedInOrder} on `size` parser threads, a few batches ahead of the consumer. A batch comes back as one string
 * per file (parsed-file.ts), decoded only when its title is taken: decoded all at once, a batch's titles would outlive
 * the young generation while the consumer works through them.
 */
async function* parsedOnThreads(
  sources: ParseSources,
  count: number,
  paths: (from: number, to: number) => string[],
  size: number,
): AsyncGenerator<ParsedTitle, void, undefined> {
  const { root, cache, indexed, fromCache } = sources;
  const pool = await TitleParsePool.start(size);
  const batchOf = async (batch: string[]): Promise<(() => ParsedTitle)[]> => {
    const cached = batch.map((path) => fromCache(path, indexed?.get(path)));
    const misses = batch.filter((_, i) => cached[i] === undefined);
    let encoded: string[];
    try {
      encoded = misses.length ? await pool.parse(root, misses.map((path) => ({ path, hash: cache !== undefined && !indexed?.has(path) }))) : [];
    } catch (error) {
      if (!(error instanceof ParseThreadError)) throw error;
      // A thread that ran out of memory on a huge file, or a file it could not read: this thread parses the batch
      // again and fails the way a small catalog would, with the file system's own error.
      const parsed = batch.map((path, i) => cached[i] ?? loadTitleFile(sources, path));
      return parsed.map((file) => () => file);
    }
    let next = 0;
    return batch.map((path, i) => {
      const hit = cached[i];
      if (hit) return () => hit;
      const text = encoded[next++];
      return () => {
        const { parsed, blobId } = decodeParsedFile(text);
        const id = indexed?.get(path) ?? blobId;
        if (parsed.title && id !== undefined) cache?.set(id, parsed.title);
        return parsed;
      };
    });
  };
  const inFlight: Promise<(() => ParsedTitle)[]>[] = [];
  try {
    for (let start = 0; start < count || inFlight.length > 0; ) {
      while (start < count && inFlight.length < size * BATCHES_AHEAD_PER_THREAD) {
        const batch = batchOf(paths(start, (start += POOL_BATCH)));
        // Awaited in turn below; one that fails after the consumer has stopped must not be an unhandled rejection.
        batch.catch(() => undefined);
        inFlight.push(batch);
      }
      for (const take of await inFlight.shift()!) yield take();
    }
  } finally {
    await pool.close();
  }
}

/** One title file, from the cache when its blob id is known there, else read and parsed (and then cached). */
function loadTitleFile({ root, cache, indexed, fromCache }: ParseSources, path: string): ParsedTitle {
  const fromIndex = fromCache(path, indexed?.get(path));
  if (fromIndex) return fromIndex;
  const bytes = readFileSync(join(root, path));
  let id = indexed?.get(path);
  if (cache && id === undefined) {
    // Outside git, or edited since the last `git add`: the content itself gives the blob id.
    id = blobId(bytes);
    const fromContent = fromCache(path, id);
    if (fromContent) return fromContent;
  }
  const parsed = parseTitleBytes(path, bytes);
  if (parsed.title && id !== undefined) cache?.set(id, parsed.title);
  return parsed;
}

/** Title file names under `dir`, sorted; anything else in the folder (but a README) is reported. */
async function titleFileNames(root: string, dir: string, onProblem: (problem: Problem) => void): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(root, dir), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    if (TITLE_FILE.test(entry.name)) names.push(entry.name);
    else if (entry.name !== 'README.md') {
      const stem = entry.name.replace(/\.[^.]*$/, '');
      const hint = entry.name.endsWith('.yml') ? `rename it to ${stem}.yaml` : 'title files are named <isbn13>.yaml or <isbn13>.json';
      onProblem({ path: `${dir}/${entry.name}`, line: 1, col: 1, message: `not a title file: ${hint}` });
    }
  }
  return names;
}

function stemOf(name: string): string {
  return name.replace(TITLE_FILE, '');
}

/** Index of the first of `names` (sorted by stem) whose stem is `stem`, or -1. */
function firstWithStem(names: string[], stem: string): number {
  let low = 0;
  let high = names.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (stemOf(names[middle]) < stem) low = middle + 1;
    else high = middle;
  }
  return low < names.length && stemOf(names[low]) === stem ? low : -1;
}

/**
 * Names sorted by stem, then by name: the files of one stem come together, and clean titles (whose stem is their
 * ISBN) come in ISBN order.
 */
function sortByStem(names: string[]): string[] {
  return names
    .map((name) => ({ stem: stemOf(name), name }))
    .sort((a, b) => compare(a.stem, b.stem) || compare(a.name, b.name))
    .map(({ name }) => name);
}

/** Clean files that share an ISBN: each gets a problem naming the others. */
async function sameIsbnProblems(root: string, files: LoadedTitle[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const { title, source } of files) {
    const others = files.filter((other) => other.source !== source).map((other) => other.source.path);
    const message = `isbn ${title.isbn} is also used by ${others.join(', ')}: each title needs its own ISBN; remove the duplicate file`;
    problems.push(...(await problemAt(root, source.path, title.isbn, message)));
  }
  return problems;
}

/**
 * A problem about the record reference `reference` (or the ISBN: `reference` may be one) on its line in a clean
 * title's file, read again since clean files are not kept as text. A reference left to its default, the ISBN, is
 * pointed at the ISBN.
 */
async function problemAt(root: string, path: string, reference: string, message: string): Promise<Problem[]> {
  const at = reference === stemOf(posix.basename(path)) ? ['isbn'] : ['recordReference'];
  const text = await readFile(join(root, path), 'utf8');
  return locateIssues(path, text, [{ at, message }]);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads the whole catalog for its checks alone (as `validate` does): returns how many titles are clean. */
export async function countCleanTitles(root: string, tenantId: string, options: StreamCatalogOptions): Promise<number> {
  let count = 0;
  for await (const _ of streamCatalog(root, tenantId, { idleConsumer: true, ...options })) count++;
  return count;
}
