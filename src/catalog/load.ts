/**
 * Loads a tenant's catalog: every `catalog/<tenant>/titles/*.yaml|*.json`, parsed, checked and normalised, plus the
 * checks that span files (an ISBN or record reference used twice). Bad files become problems and are left out; the
 * rest are returned sorted by ISBN.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Problem } from '../config/problem.ts';
import { blobId, indexedBlobIds } from './blob-ids.ts';
import { ParseCache } from './parse-cache.ts';
import { locateIssues, parseTitleFile, type ParsedTitle } from './parse-title.ts';
import type { LoadedTitle, Title } from './title.ts';

/** Options of {@link loadCatalog}. */
export interface LoadCatalogOptions {
  /**
   * Load only the files named after these ISBNs (a delta). Duplicate checks then cover only these files; the full
   * check is `validate`'s job.
   */
  isbns?: Set<string>;
  /** Folder for the parse cache (default: env ONIX_FEEDS_CACHE_DIR; neither: no cache, nothing is written). */
  cacheDir?: string;
}

/** What {@link loadCatalog} found. */
export interface LoadedCatalog {
  titles: LoadedTitle[];
  problems: Problem[];
}

/** Files read between two turns of the event loop. */
const READ_SLICE = 256;

const TITLE_FILE = /\.(yaml|json)$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Loads the titles of `tenantId` under `root`; a tenant without a titles folder has no titles. */
export async function loadCatalog(root: string, tenantId: string, options: LoadCatalogOptions = {}): Promise<LoadedCatalog> {
  const dir = `catalog/${tenantId}/titles`;
  const problems: Problem[] = [];
  // Stray files are the whole catalog's business, not a delta's.
  const names = await titleFileNames(root, dir, options.isbns ? [] : problems);
  const wanted = options.isbns ? names.filter((name) => options.isbns!.has(name.replace(TITLE_FILE, ''))) : names;
  const cacheDir = options.cacheDir ?? process.env.ONIX_FEEDS_CACHE_DIR;
  const cache = cacheDir ? await ParseCache.open(cacheDir, tenantId) : undefined;
  const indexed = cache ? await indexedBlobIds(root, dir) : undefined;

  const loaded: LoadedTitle[] = [];
  for (let start = 0; start < wanted.length; start += READ_SLICE) {
    // Synchronous reads of small files are several times faster than libuv's thread pool; slicing keeps the event
    // loop turning for anything else in the process (a sandbox server, a progress log).
    if (start > 0) await new Promise((resolve) => setImmediate(resolve));
    for (const name of wanted.slice(start, start + READ_SLICE)) {
      const path = `${dir}/${name}`;
      const parsed = loadTitleFile(root, path, cache, indexed?.get(path));
      problems.push(...parsed.problems);
      if (parsed.title) loaded.push({ title: parsed.title, source: { path, format: name.endsWith('.json') ? 'json' : 'yaml' } });
    }
  }

  const duplicates = await duplicateProblems(root, loaded);
  problems.push(...duplicates.problems);
  const titles = loaded.filter((t) => !duplicates.paths.has(t.source.path)).sort((a, b) => compare(a.title.isbn, b.title.isbn));
  await cache?.save(!options.isbns);
  problems.sort((a, b) => compare(a.path, b.path) || a.line - b.line || a.col - b.col);
  return { titles, problems };
}

/** One title file, from the cache when its blob id is known there, else read and parsed (and then cached). */
function loadTitleFile(root: string, path: string, cache: ParseCache | undefined, indexedId: string | undefined): ParsedTitle {
  const cached = (id: string | undefined): ParsedTitle | undefined => {
    const title = id === undefined ? undefined : cache?.get(id);
    // The same content under another file name must still fail the file-name check, so it is parsed again.
    return title && posix.basename(path).startsWith(`${title.isbn}.`) ? { title, problems: [] } : undefined;
  };
  const fromIndex = cached(indexedId);
  if (fromIndex) return fromIndex;
  const bytes = readFileSync(join(root, path));
  let id = indexedId;
  if (cache && id === undefined) {
    // Outside git, or edited since the last `git add`: the content itself gives the blob id.
    id = blobId(bytes);
    const fromContent = cached(id);
    if (fromContent) return fromContent;
  }
  const text = decode(bytes);
  if (text === undefined) return { problems: [{ path, line: 1, col: 1, message: 'file is not UTF-8 text: save it with UTF-8 encoding' }] };
  const parsed = parseTitleFile(path, text);
  if (parsed.title && id !== undefined) cache?.set(id, parsed.title);
  return parsed;
}

async function titleFileNames(root: string, dir: string, problems: Problem[]): Promise<string[]> {
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
      problems.push({ path: `${dir}/${entry.name}`, line: 1, col: 1, message: `not a title file: ${hint}` });
    }
  }
  return names.sort();
}

function decode(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** An ISBN or record reference in more than one file: every such file gets a problem and is left out. */
async function duplicateProblems(root: string, loaded: LoadedTitle[]): Promise<{ problems: Problem[]; paths: Set<string> }> {
  const problems: Problem[] = [];
  const paths = new Set<string>();
  const groups = [
    { field: 'isbn' as const, key: (t: Title) => t.isbn },
    { field: 'recordReference' as const, key: (t: Title) => t.recordReference },
  ];
  for (const { field, key } of groups) {
    const byKey = new Map<string, LoadedTitle[]>();
    // A file already refused for its ISBN is left out anyway; its default record reference would only repeat that.
    for (const item of loaded.filter((t) => !paths.has(t.source.path))) {
      const k = key(item.title);
      const group = byKey.get(k);
      if (group) group.push(item);
      else byKey.set(k, [item]);
    }
    for (const [value, group] of byKey) {
      if (group.length < 2) continue;
      for (const item of group) {
        const others = group.filter((other) => other !== item).map((other) => other.source.path);
        const at = field === 'recordReference' && item.title.recordReference !== item.title.isbn ? ['recordReference'] : ['isbn'];
        const what = field === 'isbn' ? `isbn ${value}` : `record reference ${value}`;
        const text = await readFile(join(root, item.source.path), 'utf8');
        problems.push(...locateIssues(item.source.path, text, [{ at, message: `${what} is also used by ${others.join(', ')}: each title needs its own${field === 'isbn' ? ' ISBN; remove the duplicate file' : ' recordReference'}` }]));
        paths.add(item.source.path);
      }
    }
  }
  return { problems, paths };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
