/**
 * A cache of parsed and checked titles keyed by git blob id, so a large catalog that barely changed loads without
 * parsing YAML again. One file per tenant in the cache folder; only clean titles are stored. The cache is tied to the
 * code that produced it: a change to the schema, the code lists or the parsing and checking code starts afresh.
 *
 * File format: a first line `{"version": ...}`, then one line per title, `<blob id> <title JSON>`. The cache never
 * holds titles in memory: opening it indexes where each line starts, a hit reads that one line, new titles go to a
 * side file as they come, and saving copies lines from both files. A 100k-title cache (about 190 MB) costs about
 * 10 MB of index.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Title } from './title.ts';

/** Files whose content decides what a title file parses to. */
const INPUTS = ['../../config/title.schema.json', './codelists.json', './checks.ts', './xhtml.ts', './isbn.ts', './normalise.ts', './parse-title.ts', '../config/without-undefined.ts'];

/** New entries are written to the side file in chunks of about this many characters. */
const PENDING_CHUNK = 64 * 1024;

let codeVersion: Promise<string> | undefined;

function currentCodeVersion(): Promise<string> {
  codeVersion ??= (async () => {
    const hash = createHash('sha1');
    for (const input of INPUTS) hash.update(await readFile(new URL(input, import.meta.url)));
    return hash.digest('hex');
  })();
  return codeVersion;
}

/** Where an entry's line is in the cache file, in bytes (without its newline). */
interface Span {
  offset: number;
  length: number;
}

/** New entries on their way to the side file. */
interface Pending {
  path: string;
  fd: number;
  buffered: string;
}

/** Parsed titles by blob id, for one tenant. Call `save` (or `close`) when done, to release its files. */
export class ParseCache {
  /** Stored entries this load used. */
  private readonly used = new Set<string>();
  /** Entries added by this load (in the side file). */
  private readonly added = new Set<string>();
  private pending: Pending | undefined;
  private storedFd: number | undefined;

  private constructor(
    private readonly file: string,
    private readonly version: string,
    private readonly stored: Map<string, Span>,
  ) {}

  /** Opens the cache of `tenantId` in `cacheDir`; a missing, damaged or outdated cache file starts empty. */
  static async open(cacheDir: string, tenantId: string): Promise<ParseCache> {
    const version = await currentCodeVersion();
    const file = join(cacheDir, `titles-${tenantId}.jsonl`);
    return new ParseCache(file, version, await readIndex(file, version));
  }

  /** Whether blob `id` has an entry (which `get` may still find damaged). */
  has(id: string | undefined): boolean {
    return id !== undefined && this.stored.has(id) && !this.added.has(id);
  }

  /** The title parsed from blob `id`, if cached (a damaged entry counts as not cached). */
  get(id: string): Title | undefined {
    const span = this.stored.get(id);
    if (!span || this.added.has(id)) return undefined;
    this.storedFd ??= openSync(this.file, 'r');
    const bytes = Buffer.allocUnsafe(span.length);
    const line = bytes.subarray(0, readSync(this.storedFd, bytes, 0, span.length, span.offset)).toString('utf8');
    if (!line.startsWith(`${id} `)) return undefined;
    try {
      const title = JSON.parse(line.slice(id.length + 1)) as Title;
      this.used.add(id);
      return title;
    } catch {
      return undefined;
    }
  }

  /** Remembers a clean title parsed from blob `id`. */
  set(id: string, title: Title): void {
    if (this.added.has(id)) return;
    this.added.add(id);
    this.pending ??= this.openPending();
    this.pending.buffered += `${id} ${JSON.stringify(title)}\n`;
    if (this.pending.buffered.length >= PENDING_CHUNK) this.flushPending();
  }

  /**
   * Writes the cache when anything was added. `prune` (after loading the whole catalog) also drops the entries this
   * load did not use, so the file does not grow with every edit.
   */
  async save(prune: boolean): Promise<void> {
    try {
      const pruned = prune && this.used.size !== this.stored.size;
      if (this.added.size === 0 && !pruned) return;
      if (this.pending) this.flushPending();
      // Written aside and renamed, so a concurrent reader sees the old cache or the new one, never half of one.
      const temporary = `${this.file}.${process.pid}.tmp`;
      const out = createWriteStream(temporary);
      const write = async (line: string) => {
        if (!out.write(line)) await once(out, 'drain');
      };
      await write(`${JSON.stringify({ version: this.version })}\n`);
      if (this.stored.size > 0) {
        for await (const line of lines(this.file)) {
          const id = line.slice(0, line.indexOf(' '));
          if (this.stored.has(id) && !this.added.has(id) && (!prune || this.used.has(id))) await write(`${line}\n`);
        }
      }
      if (this.pending) for await (const line of lines(this.pending.path)) await write(`${line}\n`);
      out.end();
      await once(out, 'finish');
      await rename(temporary, this.file);
    } finally {
      this.close();
    }
  }

  /** Releases the cache's files without saving (a load that stopped early). */
  close(): void {
    if (this.storedFd !== undefined) closeSync(this.storedFd);
    this.storedFd = undefined;
    if (this.pending) {
      closeSync(this.pending.fd);
      rmSync(this.pending.path, { force: true });
      this.pending = undefined;
    }
  }

  private openPending(): Pending {
    // Synchronous, like the load that calls `set`.
    mkdirSync(dirname(this.file), { recursive: true });
    const path = `${this.file}.${process.pid}.new`;
    return { path, fd: openSync(path, 'w'), buffered: '' };
  }

  private flushPending(): void {
    const pending = this.pending!;
    writeSync(pending.fd, pending.buffered);
    pending.buffered = '';
  }
}

/** Where each entry's line starts in a cache file of `version`; empty when the file is missing, damaged or outdated. */
async function readIndex(file: string, version: string): Promise<Map<string, Span>> {
  const index = new Map<string, Span>();
  let offset = 0;
  try {
    for await (const line of lines(file)) {
      if (offset === 0 && (JSON.parse(line) as { version?: string }).version !== version) return new Map();
      // Lines are written with "\n" alone, so each takes its UTF-8 length plus one byte.
      const length = Buffer.byteLength(line);
      const space = line.indexOf(' ');
      // A slice of the line would keep the whole line (and the chunk it was cut from) in memory; ids are hex.
      if (offset > 0 && space > 0) index.set(Buffer.from(line.slice(0, space), 'latin1').toString('latin1'), { offset, length });
      offset += length + 1;
    }
    return index;
  } catch {
    // No cache yet, or a damaged one: parse everything and write a fresh one.
    return new Map();
  }
}

/** The lines of a text file, read as a stream. */
async function* lines(file: string): AsyncGenerator<string> {
  const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  try {
    yield* reader;
  } finally {
    reader.close();
  }
}
