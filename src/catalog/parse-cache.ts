/**
 * A cache of parsed and checked titles keyed by git blob id, so a large catalog that barely changed loads without
 * parsing YAML again. One JSON file per tenant in the cache folder; only clean titles are stored. The cache is tied to
 * the code that produced it: a change to the schema, the code lists or the parsing and checking code starts afresh.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Title } from './title.ts';

/** Files whose content decides what a title file parses to. */
const INPUTS = ['../../config/title.schema.json', './codelists.json', './checks.ts', './xhtml.ts', './isbn.ts', './normalise.ts', './parse-title.ts'];

let codeVersion: Promise<string> | undefined;

function currentCodeVersion(): Promise<string> {
  codeVersion ??= (async () => {
    const hash = createHash('sha1');
    for (const input of INPUTS) hash.update(await readFile(new URL(input, import.meta.url)));
    return hash.digest('hex');
  })();
  return codeVersion;
}

interface CacheFile {
  version: string;
  titles: Record<string, Title>;
}

/** Parsed titles by blob id, for one tenant. */
export class ParseCache {
  private readonly used = new Map<string, Title>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly version: string,
    private readonly stored: Record<string, Title>,
  ) {}

  /** Opens the cache of `tenantId` in `cacheDir`; a missing, unreadable or outdated cache file starts empty. */
  static async open(cacheDir: string, tenantId: string): Promise<ParseCache> {
    const version = await currentCodeVersion();
    const file = join(cacheDir, `titles-${tenantId}.json`);
    let stored: Record<string, Title> = {};
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
      if (parsed.version === version) stored = parsed.titles;
    } catch {
      // No cache yet, or a damaged one: parse everything and write a fresh one.
    }
    return new ParseCache(file, version, stored);
  }

  /** The title parsed from blob `id`, if cached. */
  get(id: string): Title | undefined {
    const title = this.stored[id];
    if (title) this.used.set(id, title);
    return title;
  }

  /** Remembers a clean title parsed from blob `id`. */
  set(id: string, title: Title): void {
    this.used.set(id, title);
    this.changed = true;
  }

  /**
   * Writes the cache when anything was added. `prune` (after loading the whole catalog) also drops the entries this
   * load did not use, so the file does not grow with every edit.
   */
  async save(prune: boolean): Promise<void> {
    const pruned = prune && this.used.size !== Object.keys(this.stored).length;
    if (!this.changed && !pruned) return;
    await mkdir(join(this.file, '..'), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const content: CacheFile = { version: this.version, titles: prune ? Object.fromEntries(this.used) : { ...this.stored, ...Object.fromEntries(this.used) } };
    await writeFile(temporary, JSON.stringify(content));
    await rename(temporary, this.file);
  }
}
