/**
 * 429 throttling, server errors, hangs, stalls and resets: retried as Amazon asks, then a typed error.
 * Driven through the client over loopback against the sandbox; every test also checks (in finish) that the client
 * kept to Amazon's model and that no secret or pre-signed URL reached a log line or error message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SpApiError } from '../../src/amazon/errors.ts';
import { failure, feedsHeld, feedSpec, finish, type Harness, ONIX_CONTENT_TYPE, SHORT_DEADLINE, startHarness, submit, uploaded } from './harness.ts';

let h: Harness;
afterEach(() => finish(h));

describe('429 throttling', () => {
  it('retries createFeed after at least 1/rate (120 s) plus jitter, and submits one feed', async () => {
    h = await startHarness();
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:429x3');
    const result = await h.client.createFeed(feedSpec(id));
    expect(result.feedId).toBeTruthy();
    expect(h.sandbox.counts.createFeed).toBe(4);
    expect(await feedsHeld(h)).toBe(1);
    const throttleWaits = h.sleeps.filter((ms) => ms >= 120_000);
    expect(throttleWaits).toHaveLength(3);
    expect(throttleWaits.every((ms) => ms >= Math.ceil(1000 / 0.0083) && ms <= Math.ceil(1000 / 0.0083) + 1000)).toBe(true);
  });

  it('gives up after 3 retries with SpApiError carrying QuotaExceeded and the request id', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('getFeed:429x4');
    const error = (await failure(h, h.client.getFeed('50001'))) as SpApiError;
    expect(error).toBeInstanceOf(SpApiError);
    expect(error).toMatchObject({ operation: 'getFeed', status: 429, attempts: 4 });
    expect(error.errors[0].code).toBe('QuotaExceeded');
    expect(error.requestId).toBeTruthy();
    expect(h.sandbox.counts.getFeed).toBe(4);
    // getFeed's rate is 2/s: the waits are 500 ms plus jitter.
    expect(h.sleeps).toEqual([1000, 1000, 1000]);
  });

  it('stays under the sandbox rate limit on its own: 12 getFeeds calls in a row are paced, never refused', async () => {
    h = await startHarness();
    for (let i = 0; i < 12; i++) await h.client.getFeeds({ feedTypes: ['POST_PRODUCT_DATA'] });
    expect(h.sandbox.counts.getFeeds).toBe(12);
    // Burst 10, then one call per 1/0.0222 s.
    expect(h.sleeps.filter((ms) => ms > 40_000)).toHaveLength(2);
    expect(h.logs.some((l) => / -> 429 /.test(l))).toBe(false);
  });
  it('keeps JSON_LISTINGS_FEED to its own 5 submissions per 5 minutes, apart from the other feed types', async () => {
    h = await startHarness();
    const listings = async () => h.client.createFeed({ ...feedSpec(await uploaded(h)), feedType: 'JSON_LISTINGS_FEED' });
    for (let i = 0; i < 5; i++) await listings();
    expect(h.sleeps).toEqual([]);
    await listings();
    // One submission per 60 s once the burst of 5 is spent; the sandbox, which enforces Amazon's plan, refused none.
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(60_000);
    expect(h.sleeps[0]).toBeLessThan(61_000);
    expect(h.sandbox.counts.createFeed).toBe(6);
    expect(h.logs.some((l) => / -> 429 /.test(l))).toBe(false);
    // Other feed types draw on createFeed's own bucket, still full.
    await h.client.createFeed(feedSpec(await uploaded(h)));
    expect(h.sleeps).toHaveLength(1);
  });
});

describe('server errors and network failures', () => {
  it('retries 500 and 503 with exponential backoff', async () => {
    h = await startHarness();
    const feedId = await submit(h);
    h.sandbox.admin.addFaults('getFeed:500,getFeed:503');
    expect((await h.client.getFeed(feedId)).feedId).toBe(feedId);
    expect(h.sandbox.counts.getFeed).toBe(3);
    expect(h.sleeps.slice(-2)).toEqual([750, 1500]);
  });

  it('ends in SpApiError after 3 retries of 503', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('createFeedDocument:503x4');
    const error = (await failure(h, h.client.createFeedDocument(ONIX_CONTENT_TYPE))) as SpApiError;
    expect(error).toMatchObject({ operation: 'createFeedDocument', status: 503, attempts: 4 });
    expect(error.message).toMatch(/createFeedDocument failed with HTTP 503 after 4 attempts: ServiceUnavailable/);
  });

  it('retries a getFeed whose response never starts, after the per-call deadline', async () => {
    h = await startHarness({}, SHORT_DEADLINE);
    const feedId = await submit(h);
    h.sandbox.admin.addFaults('getFeed:hang');
    const started = performance.now();
    expect((await h.client.getFeed(feedId)).feedId).toBe(feedId);
    expect(performance.now() - started).toBeGreaterThanOrEqual(740);
    expect(h.sandbox.counts.getFeed).toBe(2);
    expect(h.logs).toContain(`getFeed GET /feeds/2021-06-30/feeds/${feedId} -> no complete response within 750 ms`);
  });

  it('retries a getFeed whose body stalls half way, and a connection reset', async () => {
    h = await startHarness({}, SHORT_DEADLINE);
    const feedId = await submit(h);
    h.sandbox.admin.addFaults('getFeed:stall,getFeed:reset');
    expect((await h.client.getFeed(feedId)).processingStatus).toBe('IN_QUEUE');
    expect(h.sandbox.counts.getFeed).toBe(3);
  });

  it('retries a download whose body stalls', async () => {
    h = await startHarness({}, SHORT_DEADLINE);
    const feed = await h.client.pollFeed(await submit(h), { intervalMs: 60_000, timeoutMs: 3_600_000 });
    h.sandbox.admin.addFaults('download:stall');
    const { report } = await h.client.getFeedResult(feed);
    expect(report?.messagesProcessed).toBe(2);
    expect(h.sandbox.counts.download).toBe(2);
  });
});
