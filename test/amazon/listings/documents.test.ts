import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildListingsDocuments, ListingsConfigError, type BuildListingsOptions } from '../../../src/amazon/listings/documents.ts';
import { MAX_LISTINGS_MESSAGES } from '../../../src/amazon/listings/packer.ts';
import type { Title } from '../../../src/catalog/title.ts';
import { feedErrors } from '../../fixtures/amazon/listings/amazon-schemas.ts';
import { makeListingsTenant } from '../../fixtures/amazon/listings/tenant.ts';
import { loaded, makeTitle, testIsbn } from '../../fixtures/onix/builders.ts';

const NOW = new Date('2026-11-28T20:05:09Z');
let outDir: string;

beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'listings-docs-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function build(options: Partial<BuildListingsOptions>) {
  return buildListingsDocuments({ tenant: makeListingsTenant(), titles: [], deletions: [], outDir, now: NOW, env: {}, ...options });
}

async function readDocument(file: string): Promise<{ text: string; json: { header: Record<string, unknown>; messages: Record<string, unknown>[] } }> {
  const text = await readFile(file, 'utf8');
  return { text, json: JSON.parse(text) };
}

describe('buildListingsDocuments', () => {
  it('writes one schema-valid document with header, updates in ISBN order, then deletions', async () => {
    const titles = [makeTitle(3), makeTitle(1), makeTitle(2)].map(loaded);
    const result = await build({ titles, deletions: [{ isbn: testIsbn(9), recordReference: testIsbn(9) }] });
    expect(result).toMatchObject({ written: 3, deleted: 1, partialUpdates: 0, heldBack: [] });
    expect(result.documents).toHaveLength(1);
    const [doc] = result.documents;
    expect(doc.fileName).toBe('northwind-test_listings_amazon_20261128_200509.json');
    expect(doc.contentType).toBe('application/json; charset=UTF-8');
    const { text, json } = await readDocument(doc.path);
    expect(feedErrors(json)).toEqual([]);
    expect(json.header).toEqual({ sellerId: 'A3NORTHWINDEXMPL', version: '2.0', issueLocale: 'en_US' });
    expect(json.messages.map((m) => [m.messageId, m.sku, m.operationType])).toEqual([
      [1, testIsbn(1), 'UPDATE'],
      [2, testIsbn(2), 'UPDATE'],
      [3, testIsbn(3), 'UPDATE'],
      [4, testIsbn(9), 'DELETE'],
    ]);
    expect(json.messages[3]).toEqual({ messageId: 4, sku: testIsbn(9), operationType: 'DELETE' });
    expect(doc.bytes).toBe(Buffer.byteLength(text));
    expect(doc.sha256).toBe(createHash('sha256').update(await readFile(doc.path)).digest('hex'));
    expect(doc.messages).toBe(4);
    expect(doc.isbns).toEqual([testIsbn(1), testIsbn(2), testIsbn(3), testIsbn(9)]);
    expect(doc.skuToIsbn[testIsbn(9)]).toBe(testIsbn(9));
  });

  it('maps SKUs back to ISBNs when the SKU template adds a prefix', async () => {
    const result = await build({ tenant: makeListingsTenant({ sku: 'NW-{isbn}' }), titles: [loaded(makeTitle(1))] });
    expect(result.documents[0].skuToIsbn).toEqual({ [`NW-${testIsbn(1)}`]: testIsbn(1) });
  });

  it('is deterministic: the same input gives byte-identical documents', async () => {
    const titles = [makeTitle(1), makeTitle(2)].map(loaded);
    const first = await build({ titles });
    const again = await build({ titles: [...titles].reverse(), outDir: await mkdtemp(path.join(outDir, 'again-')) });
    expect(again.documents[0].sha256).toBe(first.documents[0].sha256);
  });

  it('sends a PARTIAL_UPDATE for a title whose only change since the last feed is its price', async () => {
    const before = makeTitle(1);
    const after: Title = { ...before, supply: [{ ...before.supply[0], prices: [{ amount: 9.99, currency: 'USD', type: 'rrp-excluding-tax' }] }, before.supply[1]] };
    const changed = makeTitle(2);
    const previous = new Map([
      [before.isbn, before],
      [changed.isbn, { ...changed, pages: 10 }],
    ]);
    const result = await build({ titles: [loaded(after), loaded(changed)], previous });
    expect(result.partialUpdates).toBe(1);
    const { json } = await readDocument(result.documents[0].path);
    expect(feedErrors(json)).toEqual([]);
    expect(json.messages.map((m) => m.operationType)).toEqual(['PARTIAL_UPDATE', 'UPDATE']);
  });

  it('splits at 25,000 messages, each part valid and numbered from 1', async () => {
    const count = MAX_LISTINGS_MESSAGES + 1;
    const template = makeTitle(0);
    const titles = Array.from({ length: count }, (_, i) => loaded({ ...template, isbn: testIsbn(i), recordReference: testIsbn(i) }));
    const tenant = makeListingsTenant({ attributes: ['externally_assigned_product_identifier', 'item_name'] }, { marketplaceIds: ['ATVPDKIKX0DER'] });
    const result = await build({ tenant, titles });
    expect(result.documents.map((d) => [d.fileName, d.messages])).toEqual([
      ['northwind-test_listings_amazon_20261128_200509_part1.json', MAX_LISTINGS_MESSAGES],
      ['northwind-test_listings_amazon_20261128_200509_part2.json', 1],
    ]);
    for (const doc of result.documents) {
      const { json } = await readDocument(doc.path);
      expect(feedErrors(json)).toEqual([]);
      expect(json.messages[0].messageId).toBe(1);
      expect(json.messages.at(-1)!.messageId).toBe(doc.messages);
    }
    const second = await readDocument(result.documents[1].path);
    expect(second.json.messages[0].sku).toBe(testIsbn(MAX_LISTINGS_MESSAGES));
  });

  it('splits at maxFeedBytes: no part over the limit, every message in exactly one part', async () => {
    const titles = Array.from({ length: 12 }, (_, i) => loaded(makeTitle(i)));
    const result = await build({ tenant: makeListingsTenant({}, { maxFeedBytes: 20_000 }), titles });
    expect(result.documents.length).toBeGreaterThan(2);
    const skus: unknown[] = [];
    for (const doc of result.documents) {
      expect(doc.bytes).toBeLessThanOrEqual(20_000);
      const { json } = await readDocument(doc.path);
      expect(feedErrors(json)).toEqual([]);
      skus.push(...json.messages.map((m) => m.sku));
    }
    expect(skus).toEqual(titles.map((t) => t.title.isbn));
    expect(await readdir(outDir)).toHaveLength(result.documents.length);
  });

  it('holds back a title whose message alone exceeds maxFeedBytes, and sends the rest', async () => {
    const huge = makeTitle(2, { descriptions: { long: `<p>${'word '.repeat(3000)}</p>` } });
    const result = await build({ tenant: makeListingsTenant({}, { maxFeedBytes: 12_000 }), titles: [loaded(makeTitle(1)), loaded(huge)] });
    expect(result.heldBack).toEqual([{ isbn: huge.isbn, path: `catalog/example/titles/${huge.isbn}.yaml`, reason: expect.stringMatching(/more than maxFeedBytes \(12000\)/) }]);
    expect(result.written).toBe(1);
  });

  it('takes the seller id from AMAZON_SELLER_ID when the tenant has none, and refuses to build without one', async () => {
    const tenant = makeListingsTenant({ sellerId: undefined });
    const result = await build({ tenant, titles: [loaded(makeTitle(1))], env: { AMAZON_SELLER_ID: 'AENVSELLER' } });
    expect((await readDocument(result.documents[0].path)).json.header.sellerId).toBe('AENVSELLER');
    await expect(build({ tenant, titles: [loaded(makeTitle(1))] })).rejects.toThrow(/set amazon\.listings\.sellerId .* or the AMAZON_SELLER_ID/);
  });

  it('refuses attribute names the table does not know, and a SKU template that gives two titles one SKU', async () => {
    await expect(build({ tenant: makeListingsTenant({ attributes: ['item_name', 'item_nmae'] }), titles: [loaded(makeTitle(1))] })).rejects.toThrow(
      /amazon\.listings\.attributes names 'item_nmae'/,
    );
    await expect(build({ tenant: makeListingsTenant({ sku: 'NW' }), titles: [loaded(makeTitle(1)), loaded(makeTitle(2))] })).rejects.toBeInstanceOf(
      ListingsConfigError,
    );
    expect(await readdir(outDir)).toEqual([]);
  });

  it('reads a stream of titles in ISBN order into the same documents as the array', async () => {
    const tenant = makeListingsTenant({}, { maxFeedBytes: 20_000 });
    const titles = Array.from({ length: 12 }, (_, i) => loaded(makeTitle(i)));
    const deletions = [{ isbn: testIsbn(20), recordReference: testIsbn(20) }];
    const fromArray = await build({ tenant, titles, deletions, outDir: await mkdtemp(path.join(outDir, 'array-')) });
    const fromStream = await build({ tenant, titles: stream(titles), deletions, outDir: await mkdtemp(path.join(outDir, 'stream-')) });
    expect(fromArray.documents.length).toBeGreaterThan(1);
    const withoutPaths = (r: typeof fromArray) => ({ ...r, millis: 0, documents: r.documents.map(({ path: _path, ...d }) => d) });
    expect(withoutPaths(fromStream)).toEqual(withoutPaths(fromArray));
  });

  it('refuses a stream out of ISBN order and removes the documents it had already written', async () => {
    const tenant = makeListingsTenant({}, { maxFeedBytes: 20_000 });
    const titles = [...Array.from({ length: 12 }, (_, i) => loaded(makeTitle(i + 1))), loaded(makeTitle(0))];
    await expect(build({ tenant, titles: stream(titles) })).rejects.toThrow(`must come in ISBN order: ${testIsbn(0)} came after ${testIsbn(12)}`);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('writes nothing when there is nothing to send', async () => {
    const result = await build({});
    expect(result.documents).toEqual([]);
  });
});

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
