import { afterEach, describe, expect, it } from 'vitest';
import { closeSandboxes, openSandbox } from './sandbox-client.ts';

afterEach(closeSandboxes);

const FEEDS = '/feeds/2021-06-30/feeds';

async function withDocument(options = {}) {
  const s = await openSandbox(options);
  const id = (await s.call('POST', '/feeds/2021-06-30/documents', { contentType: 'text/xml; charset=UTF-8' })).json.feedDocumentId;
  const createFeed = () => s.call('POST', FEEDS, { feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: id });
  return { ...s, createFeed };
}

describe('per-operation rate limits from the model', () => {
  it('lets createFeed burst 15, then answers 429 QuotaExceeded until a token refills at 0.0083/s', async () => {
    const { createFeed, clock, sandbox } = await withDocument();
    for (let i = 0; i < 15; i++) expect((await createFeed()).status).toBe(202);
    const throttled = await createFeed();
    expect(throttled.status).toBe(429);
    expect(throttled.json.errors[0]).toMatchObject({ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' });
    expect(throttled.headers.get('x-amzn-ratelimit-limit')).toBeNull();
    expect(throttled.headers.get('x-amzn-requestid')).toBeTruthy();
    clock.advance(119_000);
    expect((await createFeed()).status).toBe(429);
    clock.advance(2_000);
    expect((await createFeed()).status).toBe(202);
    expect((await createFeed()).status).toBe(429);
    expect(sandbox.counts.createFeed).toBe(19);
    expect(await sandbox.admin.feeds()).toHaveLength(16);
  });

  it('keeps a bucket per operation (getFeed 2/s burst 15 is not spent by createFeed)', async () => {
    const { call, clock } = await withDocument();
    for (let i = 0; i < 15; i++) expect((await call('GET', `${FEEDS}/1`)).status).toBe(404);
    expect((await call('GET', `${FEEDS}/1`)).status).toBe(429);
    expect((await call('DELETE', `${FEEDS}/1`)).status).toBe(404);
    clock.advance(500);
    expect((await call('GET', `${FEEDS}/1`)).status).toBe(404);
  });

  it('gives createFeed for JSON_LISTINGS_FEED its own limit of 5 per 5 minutes', async () => {
    const { call, createFeed, clock } = await withDocument();
    const listings = await call('POST', '/feeds/2021-06-30/documents', { contentType: 'application/json' });
    const createListingsFeed = () => call('POST', FEEDS, { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: listings.json.feedDocumentId });
    const first = await createListingsFeed();
    expect(first.headers.get('x-amzn-ratelimit-limit')).toBe('0.0167');
    for (let i = 0; i < 4; i++) expect((await createListingsFeed()).status).toBe(202);
    const throttled = await createListingsFeed();
    expect(throttled.status).toBe(429);
    expect(throttled.json.errors[0].details).toContain('createFeed for JSON_LISTINGS_FEED');
    expect((await createFeed()).status).toBe(202);
    clock.advance(60_000);
    expect((await createListingsFeed()).status).toBe(202);
  });

  it('can be switched off, or given other plans', async () => {
    const off = await withDocument({ rateLimits: false });
    for (let i = 0; i < 20; i++) expect((await off.createFeed()).status).toBe(202);
    const tight = await withDocument({ rateLimits: { createFeed: { rate: 1, burst: 1 } } });
    expect((await tight.createFeed()).headers.get('x-amzn-ratelimit-limit')).toBe('1');
    expect((await tight.createFeed()).status).toBe(429);
  });
});
