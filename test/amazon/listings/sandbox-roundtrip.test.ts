import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedsClient } from '../../../src/amazon/feeds-client.ts';
import { buildListingsDocuments, LISTINGS_CONTENT_TYPE } from '../../../src/amazon/listings/documents.ts';
import { withIsbns } from '../../../src/feed/outcome.ts';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server.ts';
import { makeListingsTenant } from '../../fixtures/amazon/listings/tenant.ts';
import { loaded, makeTitle, testIsbn } from '../../fixtures/onix/builders.ts';

let sandbox: Sandbox | undefined;
let outDir: string | undefined;
afterEach(async () => {
  await sandbox?.close();
  if (outDir) await rm(outDir, { recursive: true, force: true });
  sandbox = outDir = undefined;
});

describe('a JSON_LISTINGS_FEED through the sandbox over loopback', () => {
  it('uploads the document byte for byte, and the report comes back with an ISBN on every issue', async () => {
    let at = Date.parse('2026-11-28T09:00:00Z');
    const now = () => new Date(at);
    const sleep = async (ms: number) => void (at += ms);
    sandbox = await startSandbox({ now, processingDelayMs: 30_000, log: () => {} });
    const client = createFeedsClient({
      region: 'na',
      endpoint: sandbox.endpoint,
      tokenUrl: sandbox.tokenUrl,
      credentials: sandbox.credentials,
      now,
      sleep,
    });

    outDir = await mkdtemp(path.join(os.tmpdir(), 'listings-roundtrip-'));
    const marketplaceIds = ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'];
    const broken = makeTitle(2, { supply: [] });
    const built = await buildListingsDocuments({
      // No item_name for anyone: the sandbox must refuse every update, and say which title each refusal is about.
      tenant: makeListingsTenant({ sku: 'NW-{isbn}', attributes: ['externally_assigned_product_identifier', 'list_price', 'purchasable_offer'] }),
      titles: [loaded(makeTitle(1)), loaded(broken)],
      deletions: [{ isbn: testIsbn(3), recordReference: testIsbn(3) }],
      outDir,
      now: now(),
      env: {},
    });
    const [doc] = built.documents;

    const { feedDocumentId, url } = await client.createFeedDocument(doc.contentType);
    await client.uploadDocument(url, await readFile(doc.path), LISTINGS_CONTENT_TYPE);
    const { feedId } = await client.createFeed({ feedType: 'JSON_LISTINGS_FEED', marketplaceIds, inputFeedDocumentId: feedDocumentId });
    const feed = await client.pollFeed(feedId, { intervalMs: 30_000, timeoutMs: 600_000 });
    expect(feed.processingStatus).toBe('DONE');
    const { report } = await client.getFeedResult(feed);

    const resolved = withIsbns(report!, doc);
    expect(resolved).toMatchObject({ messagesProcessed: 3, messagesAccepted: 1, messagesInvalid: 2 });
    expect(resolved.issues.filter((i) => i.severity === 'ERROR').map((i) => [i.isbn, i.code, i.attribute])).toEqual([
      [testIsbn(1), '90220', 'item_name'],
      [broken.isbn, '90220', 'item_name'],
    ]);
    expect(resolved.issues.every((i) => i.isbn === testIsbn(1) || i.isbn === broken.isbn)).toBe(true);
    expect(sandbox.counts.createFeed).toBe(1);
    expect(sandbox.violations).toEqual([]);
  });
});
