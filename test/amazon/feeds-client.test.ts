import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MarketplaceRegionError, SpApiError } from '../../src/amazon/errors.ts';
import type { Feed } from '../../src/amazon/feeds-client.ts';
import { DE, expectNoSecrets, finish, ONIX_CONTENT_TYPE, rejection, startHarness, submit, TWO_PRODUCTS, UK, type Harness } from './harness.ts';

const LISTINGS_EXAMPLE = readFileSync(new URL('../../schemas/sp-api/listings-feed-schema-v2.example.json', import.meta.url));

let h: Harness;
afterEach(() => finish(h));

describe('Feeds client against the sandbox: happy path', () => {
  it('creates, uploads, submits, polls to DONE and reads the report computed from the document', async () => {
    h = await startHarness({ resultCharset: 'windows-1252' });
    const feedId = await submit(h);
    const seen: string[] = [];
    const feed = await h.client.pollFeed(feedId, { intervalMs: 30_000, timeoutMs: 3_600_000, onStatus: (f) => seen.push(f.processingStatus) });
    expect(seen).toEqual(['IN_QUEUE', 'IN_PROGRESS', 'DONE']);
    expect(feed).toMatchObject({ feedId, feedType: 'POST_PRODUCT_DATA', processingStatus: 'DONE', marketplaceIds: [UK, DE] });
    expect(feed.resultFeedDocumentId).toBeTruthy();

    const { report } = await h.client.getFeedResult(feed);
    expect(report).toMatchObject({ messagesProcessed: 2, messagesAccepted: 1, messagesInvalid: 1 });
    const bad = report!.issues.filter((i) => i.severity === 'ERROR');
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.every((i) => i.sku === '9780000000003' && i.messageId === 2)).toBe(true);
    // The description quotes the title, served as windows-1252: decoded as declared, not as UTF-8 or Latin-1.
    expect(bad.map((i) => i.message).join('\n')).toContain("'Die Bücher der Straße – „Ausgabe“'");
    expect(h.sandbox.counts.createFeed).toBe(1);
    expect(h.sandbox.counts.token).toBe(1);
  });

  it('downloads a gzip result document and decodes the windows-1252 it declares', async () => {
    h = await startHarness({ resultCharset: 'windows-1252' });
    const feedId = await submit(h);
    const feed = await h.client.pollFeed(feedId, { intervalMs: 60_000, timeoutMs: 3_600_000 });
    const doc = await h.client.getFeedDocument(feed.resultFeedDocumentId!);
    expect(doc.compressionAlgorithm).toBe('GZIP');
    const text = await h.client.downloadDocument(doc);
    expect(text).toMatch(/^<\?xml version="1.0" encoding="windows-1252"\?>/);
    expect(text).toContain('<MessageType>ProcessingReport</MessageType>');
    expect(text).not.toMatch(/[\u0080-\u009f\ufffd]/);
  });

  it('sends a JSON_LISTINGS_FEED and reads its JSON report through the same client', async () => {
    h = await startHarness();
    const contentType = 'application/json; charset=UTF-8';
    const doc = await h.client.createFeedDocument(contentType);
    await h.client.uploadDocument(doc.url, LISTINGS_EXAMPLE, contentType);
    const { feedId } = await h.client.createFeed({ feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [UK], inputFeedDocumentId: doc.feedDocumentId });
    const feed = await h.client.pollFeed(feedId, { intervalMs: 60_000, timeoutMs: 3_600_000 });
    expect(feed.processingStatus).toBe('DONE');
    const { report } = await h.client.getFeedResult(feed);
    // Amazon's example feed has five messages; the sandbox warns about the ones that are not books.
    expect(report).toMatchObject({ messagesProcessed: 5, messagesInvalid: 0 });
    expect(report!.issues.map((i) => i.sku)).toContain('My-SKU-B');
  });

  it('lists feeds with getFeeds and follows nextToken', async () => {
    h = await startHarness();
    const ids = [await submit(h), await submit(h), await submit(h)];
    const first = await h.client.getFeeds({ feedTypes: ['POST_PRODUCT_DATA'], marketplaceIds: [UK], pageSize: 2 });
    expect(first.feeds).toHaveLength(2);
    expect(first.nextToken).toBeTruthy();
    const second = await h.client.getFeeds({ nextToken: first.nextToken });
    const listed = [...first.feeds, ...second.feeds].map((f: Feed) => f.feedId);
    expect(listed.sort()).toEqual([...ids].sort());
  });

  it('cancels a feed that is still IN_QUEUE', async () => {
    h = await startHarness();
    const feedId = await submit(h);
    await h.client.cancelFeed(feedId);
    const feed = await h.client.pollFeed(feedId, { intervalMs: 1_000, timeoutMs: 60_000 });
    expect(feed.processingStatus).toBe('CANCELLED');
    expect(await h.client.getFeedResult(feed)).toEqual({ feed });
  });

  it('checks marketplace ids against the region before any call', async () => {
    h = await startHarness();
    const error = await rejection(
      h.client.createFeed({ feedType: 'POST_PRODUCT_DATA', marketplaceIds: [UK, 'ATVPDKIKX0DER', 'XYZ'], inputFeedDocumentId: 'doc' }),
    );
    expect(error).toBeInstanceOf(MarketplaceRegionError);
    expect(error.message).toBe(
      'marketplace ids must belong to region eu (https://sellingpartnerapi-eu.amazon.com): ATVPDKIKX0DER belongs to region na; XYZ is not an Amazon marketplace id',
    );
    expect(h.sandbox.counts.createFeed + h.sandbox.counts.token).toBe(0);
  });

  it('does not retry 400 or 404, and carries Amazon errors[] and x-amzn-RequestId', async () => {
    h = await startHarness();
    const missing = await rejection(h.client.getFeed('999999'));
    expect(missing).toBeInstanceOf(SpApiError);
    const err = missing as SpApiError;
    expect(err).toMatchObject({ operation: 'getFeed', status: 404, attempts: 1 });
    expect(err.errors[0].code).toBe('NotFound');
    expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(err.message).toContain(`x-amzn-RequestId ${err.requestId}`);

    h.sandbox.admin.addFaults('getFeed:400');
    const bad = (await rejection(h.client.getFeed('50001'))) as SpApiError;
    expect(bad).toMatchObject({ status: 400, attempts: 1 });
    expect(h.sandbox.counts.getFeed).toBe(2);
    expectNoSecrets(h, [missing.message, bad.message]);
  });

  it('signs with SigV4 when AWS keys are configured (ignored by Amazon and the sandbox) and never logs the key', async () => {
    h = await startHarness();
    const awsSecret = 'canary/AWS+secret/key0123456789abcdefghij';
    const signed = h.newClient({ aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: awsSecret } });
    const doc = await signed.createFeedDocument(ONIX_CONTENT_TYPE);
    await signed.uploadDocument(doc.url, TWO_PRODUCTS, ONIX_CONTENT_TYPE);
    expect(h.sandbox.counts.upload).toBe(1);
    expectNoSecrets(h, h.logs, [awsSecret, 'AKIAIOSFODNN7EXAMPLE']);
  });
});
