/**
 * createFeed after an ambiguous failure: looked up with getFeeds, never submitted twice.
 * Driven through the client over loopback against the sandbox; every test also checks (in finish) that the client
 * kept to Amazon's model and that no secret or pre-signed URL reached a log line or error message.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FeedSubmissionUnknownError, SpApiError } from '../../src/amazon/errors.ts';
import { listenOnLoopback } from '../helpers/loopback.ts';
import { failure, feedsHeld, feedSpec, finish, type Harness, ONIX_CONTENT_TYPE, SHORT_DEADLINE, startHarness, submit, TWO_PRODUCTS, UK, uploaded } from './harness.ts';

let h: Harness;
afterEach(() => finish(h));

describe('createFeed is never submitted twice', () => {
  it('connection reset after the feed was created: found with getFeeds, not resent', async () => {
    h = await startHarness();
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:reset');
    const result = await h.client.createFeed(feedSpec(id));
    expect(result.recovered).toBe(true);
    expect(h.sandbox.counts.createFeed).toBe(1);
    expect(h.sandbox.counts.getFeeds).toBe(1);
    const feeds = await h.sandbox.admin.feeds();
    expect(feeds.map((f) => f.feedId)).toEqual([result.feedId]);
  });

  it('body stalls after the feed was created: found with getFeeds, not resent', async () => {
    h = await startHarness({}, SHORT_DEADLINE);
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:stall');
    const result = await h.client.createFeed(feedSpec(id));
    expect(result.recovered).toBe(true);
    expect(h.sandbox.counts.createFeed).toBe(1);
    expect(await feedsHeld(h)).toBe(1);
  });

  it('response never starts and no feed was created: looked up, then sent once more', async () => {
    h = await startHarness({}, SHORT_DEADLINE);
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:hang');
    const result = await h.client.createFeed(feedSpec(id));
    expect(result.recovered).toBeUndefined();
    expect(h.sandbox.counts.getFeeds).toBe(1);
    expect(h.sandbox.counts.createFeed).toBe(2);
    expect(await feedsHeld(h)).toBe(1);
  });

  it('500 from createFeed is treated as ambiguous: looked up before it is sent again', async () => {
    h = await startHarness();
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:500');
    await h.client.createFeed(feedSpec(id));
    expect(h.sandbox.counts.getFeeds).toBe(1);
    expect(h.sandbox.counts.createFeed).toBe(2);
    expect(await feedsHeld(h)).toBe(1);
  });

  it('an earlier feed of the same type in the window is not mistaken for this one', async () => {
    h = await startHarness();
    const earlier = await submit(h);
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:reset');
    const result = await h.client.createFeed(feedSpec(id));
    expect(result.feedId).not.toBe(earlier);
    expect(h.sandbox.counts.createFeed).toBe(2);
    expect(await feedsHeld(h)).toBe(2);
  });

  it('two candidate feeds (another sender in the window): refuses to guess or resend', async () => {
    h = await startHarness();
    const other = h.newClient();
    const otherDoc = await other.createFeedDocument(ONIX_CONTENT_TYPE);
    await other.uploadDocument(otherDoc.url, TWO_PRODUCTS, ONIX_CONTENT_TYPE);
    await other.createFeed(feedSpec(otherDoc.feedDocumentId));
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:reset');
    const error = await failure(h, h.client.createFeed(feedSpec(id)));
    expect(error).toBeInstanceOf(FeedSubmissionUnknownError);
    expect((error as FeedSubmissionUnknownError).candidateFeedIds).toHaveLength(2);
    expect(error.message).toMatch(/cannot tell which one is this document\. Not resubmitting\./);
    expect(h.sandbox.counts.createFeed).toBe(2);
    expect(await feedsHeld(h)).toBe(2);
  });

  it('the look-up itself fails: unknown outcome, nothing resent', async () => {
    h = await startHarness();
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:reset,getFeeds:400');
    const error = await failure(h, h.client.createFeed(feedSpec(id)));
    expect(error).toBeInstanceOf(FeedSubmissionUnknownError);
    expect(error.message).toMatch(/createFeed may have succeeded .* looking it up failed .*Not resubmitting/);
    expect(h.sandbox.counts.createFeed).toBe(1);
  });

  it('connection refused: nothing was sent, so createFeed is retried without a look-up', async () => {
    h = await startHarness();
    const closed = createServer();
    const endpoint = await listenOnLoopback(closed);
    await new Promise((resolve) => closed.close(resolve));
    const client = h.newClient({ endpoint });
    const error = (await failure(h, client.createFeed(feedSpec('amzn1.tortuga.3.unsent')))) as SpApiError;
    expect(error).toBeInstanceOf(SpApiError);
    expect(error).toMatchObject({ operation: 'createFeed', status: undefined, attempts: 4 });
    expect(error.message).toBe('createFeed failed after 4 attempts: network error ECONNREFUSED');
    expect(h.sandbox.counts.getFeeds).toBe(0);
  });

  it('a resumed run finds the feed its crashed predecessor created, and skips the feeds it is told to exclude', async () => {
    h = await startHarness();
    const calledAt = h.now();
    const crashed = await submit(h);
    h.advance(30 * 60_000);
    const resumed = h.newClient();
    expect(await resumed.findSubmittedFeed(feedSpec('unused'), calledAt)).toBe(crashed);
    expect(await h.newClient().findSubmittedFeed(feedSpec('unused'), calledAt, [crashed])).toBeUndefined();
    expect(await h.newClient().findSubmittedFeed({ ...feedSpec('unused'), marketplaceIds: [UK] }, calledAt)).toBeUndefined();
    expect(h.sandbox.counts.createFeed).toBe(1);
  });

  it('createFeed 400 is final: not retried, not looked up', async () => {
    h = await startHarness();
    const id = await uploaded(h);
    h.sandbox.admin.addFaults('createFeed:400');
    const error = (await failure(h, h.client.createFeed(feedSpec(id)))) as SpApiError;
    expect(error).toMatchObject({ status: 400, attempts: 1 });
    expect(h.sandbox.counts.createFeed).toBe(1);
    expect(h.sandbox.counts.getFeeds).toBe(0);
  });
});
