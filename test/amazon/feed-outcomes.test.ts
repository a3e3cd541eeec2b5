/**
 * How feeds end: FATAL with and without a report, CANCELLED, stuck IN_PROGRESS.
 * Driven through the client over loopback against the sandbox; every test also checks (in finish) that the client
 * kept to Amazon's model and that no secret or pre-signed URL reached a log line or error message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { finish, type Harness, startHarness, submit } from './harness.ts';

let h: Harness;
afterEach(() => finish(h));

describe('feed outcomes', () => {
  it('FATAL with a report: the report is parsed', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('feed:FATAL');
    const feed = await h.client.pollFeed(await submit(h), { intervalMs: 60_000, timeoutMs: 3_600_000 });
    expect(feed.processingStatus).toBe('FATAL');
    const { report } = await h.client.getFeedResult(feed);
    expect(report?.issues.some((i) => i.severity === 'ERROR' && /feed:FATAL/.test(i.message))).toBe(true);
    expect(h.sandbox.counts.getFeedDocument).toBe(1);
  });

  it('FATAL without a report: one error that says so', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('feed:FATAL-noreport');
    const feed = await h.client.pollFeed(await submit(h), { intervalMs: 60_000, timeoutMs: 3_600_000 });
    expect(feed).toMatchObject({ processingStatus: 'FATAL' });
    expect(feed.resultFeedDocumentId).toBeUndefined();
    const { report } = await h.client.getFeedResult(feed);
    expect(report?.issues).toEqual([expect.objectContaining({ code: 'FATAL', severity: 'ERROR' })]);
    expect(h.sandbox.counts.getFeedDocument).toBe(0);
  });

  it('CANCELLED: polling ends, no report', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('feed:CANCELLED');
    const feed = await h.client.pollFeed(await submit(h), { intervalMs: 60_000, timeoutMs: 3_600_000 });
    expect(feed.processingStatus).toBe('CANCELLED');
    expect((await h.client.getFeedResult(feed)).report).toBeUndefined();
  });

  it('stuck IN_PROGRESS: polling stops at its timeout and returns the feed in flight', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('feed:stuck');
    const seen: string[] = [];
    const started = h.now().getTime();
    const feed = await h.client.pollFeed(await submit(h), { intervalMs: 60_000, timeoutMs: 30 * 60_000, onStatus: (f) => seen.push(f.processingStatus) });
    expect(feed.processingStatus).toBe('IN_PROGRESS');
    expect(seen).toEqual(['IN_QUEUE', 'IN_PROGRESS']);
    expect(h.now().getTime() - started).toBeGreaterThanOrEqual(30 * 60_000);
    expect(h.now().getTime() - started).toBeLessThan(32 * 60_000);
    expect(h.sandbox.counts.createFeed).toBe(1);
  });
});
