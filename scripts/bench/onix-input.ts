/**
 * What the three ONIX writers of the build benchmark share: the tenant, the header time, and an in-memory title
 * source, so that the writer, the floor and the DOM all read the same titles at next to no cost and no writer holds
 * a catalog in memory; and the bare reading of title files, for the floor of the writer end to end.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseTitle, type TitleFile } from '../../src/catalog/normalise.ts';
import type { LoadedTitle, Title } from '../../src/catalog/title.ts';
import type { TenantConfig } from '../../src/config/tenant.ts';
import { MESSAGE_FOOTER, messageHeader } from '../../src/onix/header.ts';
import { onixRelease } from '../../src/onix/version.ts';
import { generatedIsbn, generateTitle } from '../generate-catalog.ts';

/** Header time of every benchmark message, so outputs compare byte for byte. */
export const BENCH_NOW = new Date('2026-01-01T00:00:00Z');

/** Distinct generated titles the source cycles through. */
const POOL_SIZE = 1000;

/** The tenant of the build benchmark: one document (no split), so the writers' outputs compare byte for byte. */
export const BENCH_ONIX_TENANT: TenantConfig = {
  id: 'bench',
  name: 'Benchmark Books',
  sender: { name: 'Benchmark Books', email: 'metadata@benchmark-books.example' },
  supplier: { name: 'Benchmark Books' },
  amazon: {
    region: 'na',
    marketplaceIds: ['ATVPDKIKX0DER'],
    delivery: { format: 'onix', feedType: 'POST_PRODUCT_DATA', maxFeedBytes: 2 ** 40 },
    polling: { intervalSeconds: 30, timeoutMinutes: 60 },
  },
  onix: { version: '3.1', forthcomingAsAdvance: false },
  schedule: { frequency: 'daily', hour: 6, timezone: 'UTC', titles: 'all' },
};

/** `n` titles in ISBN order, cycling a pool of generated titles with fresh ISBNs; holds only the pool. */
export function* titleSource(n: number): Generator<LoadedTitle> {
  const pool: Title[] = Array.from({ length: Math.min(n, POOL_SIZE) }, (_, i) => generateTitle(i));
  for (let i = 0; i < n; i++) {
    const isbn = generatedIsbn(i);
    yield { title: { ...pool[i % POOL_SIZE], isbn, recordReference: isbn }, source: { path: `catalog/bench/titles/${isbn}.yaml`, format: 'yaml' } };
  }
}

/**
 * The JSON title files of `tenant` under `root` in ISBN order, read and parsed with nothing else: no schema, no checks,
 * one thread. Only the defaults are filled in, as the writer needs them. The floor of loading.
 */
export function* titleFilesSource(root: string, tenant: string): Generator<LoadedTitle> {
  const dir = join(root, 'catalog', tenant, 'titles');
  for (const name of readdirSync(dir).sort()) {
    const title = normaliseTitle(JSON.parse(readFileSync(join(dir, name), 'utf8')) as TitleFile);
    yield { title, source: { path: `catalog/${tenant}/titles/${name}`, format: 'json' } };
  }
}

/** Bytes gathered before each write: large enough that the stream's per-call cost does not count. */
const CHUNK = 256 * 1024;

/**
 * Writes one message (the writer's header, each rendered product, the footer) to `file`, as the writer does: chunks
 * encoded into one reused buffer, hashed and written synchronously; returns what was written.
 */
export async function writeRendered(file: string, titles: Iterable<LoadedTitle>, render: (t: Title) => string): Promise<{ items: number; bytes: number; sha256: string }> {
  const fd = openSync(file, 'w');
  const hash = createHash('sha256');
  let encoded = Buffer.allocUnsafe(4 * CHUNK);
  let bytes = 0;
  let items = 0;
  let pending = messageHeader(BENCH_ONIX_TENANT.sender, { release: onixRelease('3.1'), messageNumber: 1, sentAt: BENCH_NOW });
  const flush = () => {
    if (encoded.length < 3 * pending.length) encoded = Buffer.allocUnsafe(3 * pending.length);
    const length = encoded.write(pending, 'utf8');
    const chunk = encoded.subarray(0, length);
    hash.update(chunk);
    for (let written = 0; written < length; ) written += writeSync(fd, chunk, written);
    bytes += length;
    pending = '';
  };
  try {
    for (const { title } of titles) {
      pending += render(title);
      items++;
      if (pending.length >= CHUNK) flush();
    }
    pending += MESSAGE_FOOTER;
    flush();
  } finally {
    closeSync(fd);
  }
  return { items, bytes, sha256: hash.digest('hex') };
}
