/**
 * A cache of parsed and checked titles keyed by git blob id, so a large catalog that barely changed loads without
 * parsing YAML again. One file per tenant in the cache folder; only clean titles are stored. The cache is tied to the
 * code that produced it: a change to the schema, the code lists or the parsing and checking code starts afresh.
 *
 * File format: a first line `{"version": ...}`, then one line per title, `<blob id> <title JSON>`. Lines are read and
 * written one at a time, so a 100k-title cache (about 190 MB) never sits in memory as one string.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
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

/** Parsed titles by blob id, for one tenant. */
export class ParseCache {
  private readonly used = new Map<string, Title>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly version: string,
    private readonly stored: Map<string, Title>,
  ) {}

  /** Opens the cache of `tenantId` in `cacheDir`; a missing, damaged or outdated cache file starts empty. */
  static async open(cacheDir: string, tenantId: string): Promise<ParseCache> {
    const version = await currentCodeVersion();
    const file = join(cacheDir, `titles-${tenantId}.jsonl`);
    return new ParseCache(file, version, await readEntries(file, version));
  }

  /** The title parsed from blob `id`, if cached. */
  get(id: string): Title | undefined {
    const title = this.stored.get(id);
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
    const pruned = prune && this.used.size !== this.stored.size;
    if (!this.changed && !pruned) return;
    const entries = prune ? this.used : new Map([...this.stored, ...this.used]);
    await mkdir(dirname(this.file), { recursive: true });
    // Written aside and renamed, so a concurrent reader sees the old cache or the new one, never half of one.
    const temporary = `${this.file}.${process.pid}.tmp`;
    const out = createWriteStream(temporary);
    const write = async (line: string) => {
      if (!out.write(line)) await once(out, 'drain');
    };
    await write(`${JSON.stringify({ version: this.version })}\n`);
    for (const [id, title] of entries) await write(`${id} ${JSON.stringify(title)}\n`);
    out.end();
    await once(out, 'finish');
    await rename(temporary, this.file);
  }
}

async function readEntries(file: string, version: string): Promise<Map<string, Title>> {
  const entries = new Map<string, Title>();
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  try {
    let header = true;
    for await (const line of lines) {
      if (header) {
        if ((JSON.parse(line) as { version?: string }).version !== version) return new Map();
        header = false;
      } else {
        const space = line.indexOf(' ');
        entries.set(line.slice(0, space), JSON.parse(line.slice(space + 1)) as Title);
      }
    }
    return entries;
  } catch {
    // No cache yet, or a damaged one: parse everything and write a fresh one.
    return new Map();
  } finally {
    lines.close();
  }
}
