import { afterEach, describe, expect, it } from 'vitest';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedsClient } from '../../src/amazon/feeds-client.ts';
import { channelStatus, readHistory } from '../../src/feed/history.ts';
import { readJournal } from '../../src/feed/journal.ts';
import { ManualSendTooSoonError } from '../../src/feed/manual-guard.ts';
import { cloneOf, tempDir } from './git-repos.ts';
import { startPipeline, TENANT, type Pipeline } from './pipeline.ts';

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

const minutes = (n: number) => n * 60_000;

describe('sendFeed: triggers', () => {
  it('refuses a manual send within 20 minutes of the last manual feed unless forced', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    const first = await p.send({ trigger: 'manual', titles: 'all' });
    expect(first.record).toMatchObject({ trigger: 'manual', titlesMode: 'all', status: 'done' });
    expect(first.record!.slot).toBeUndefined();
    p.clock.ms = Date.parse(first.record!.startedAt) + minutes(19);
    const refused = await p.send({ trigger: 'manual', titles: 'all' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ManualSendTooSoonError);
    const allowedAt = new Date(Date.parse(first.record!.startedAt) + minutes(20)).toISOString();
    expect((refused as Error).message).toContain(`the next manual send is allowed from ${allowedAt}`);
    expect(p.sandbox.counts.createFeed).toBe(1);
    expect(await readHistory(p.root, TENANT)).toHaveLength(1);
    // A scheduled feed is not held back by a manual one.
    const scheduled = await p.send({ trigger: 'schedule', titles: 'all', slot: '2026-11-28T06:00:00.000Z' });
    expect(scheduled.record).toMatchObject({ trigger: 'schedule', slot: '2026-11-28T06:00:00.000Z', status: 'done' });
    const forced = await p.send({ trigger: 'manual', titles: 'all', force: true });
    expect(forced.record).toMatchObject({ trigger: 'manual', status: 'done' });
    p.clock.ms = Date.parse(forced.record!.startedAt) + minutes(21);
    expect((await p.send({ trigger: 'manual', titles: 'all' })).record!.status).toBe('done');
    expect(p.sandbox.counts.createFeed).toBe(4);
  });

  it('builds and validates on a dry run, and sends and records nothing', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    const result = await p.send({ dryRun: true, connect: () => { throw new Error('a dry run must not connect'); } });
    expect(result.record).toBeUndefined();
    expect(result.documents).toHaveLength(1);
    expect(await readFile(result.documents[0].path, 'utf8')).toContain('<ONIXMessage');
    expect(result.summary).toMatch(/dry run - 2 titles, 0 deletions in 1 document, 0 held back; nothing sent/);
    expect(await readHistory(p.root, TENANT)).toEqual([]);
    expect(await readJournal(p.outDir)).toBeUndefined();
  });
});

describe('sendFeed: retries and failures', () => {
  it('retries a failed step with exponential backoff, resuming without creating a second feed', async () => {
    // getFeed fails more often than the client retries (3): the run's own retry resumes at polling.
    pipeline = await startPipeline({ titles: 2, sandbox: { faults: 'getFeed:500x4' } });
    const p = pipeline;
    const sleeps: number[] = [];
    const result = await p.send({ sleep: async (ms) => { sleeps.push(ms); p.clock.ms += ms; } });
    expect(result.record).toMatchObject({ status: 'done', attempts: 2 });
    expect(p.sandbox.counts.createFeed).toBe(1);
    expect(p.sandbox.counts.createFeedDocument).toBe(1);
    expect(sleeps).toContain(30_000);
    expect(p.logs.join('\n')).toMatch(/attempt 1 failed: SpApiError: .*\n.*retrying in 30 s, after the last completed step/);
  });

  it('never submits twice when createFeed\'s answer is lost (connection reset after Amazon took the feed)', async () => {
    pipeline = await startPipeline({ titles: 2, sandbox: { faults: 'createFeed:reset' } });
    const p = pipeline;
    const result = await p.send();
    expect(result.record).toMatchObject({ status: 'done', counts: { sent: 2 } });
    const feeds = await p.sandbox.admin.feeds();
    expect(feeds).toHaveLength(1);
    expect(result.record!.documents[0].feedId).toBe(feeds[0].feedId);
    expect(p.sandbox.counts.createFeed).toBe(1);
    expect(p.sandbox.counts.getFeeds).toBeGreaterThanOrEqual(1);
  });

  it('records failed after the last retry (channel error), and a later success clears it', async () => {
    pipeline = await startPipeline({ titles: 2, sandbox: { faults: 'createFeedDocument:503x*' } });
    const p = pipeline;
    const sleeps: number[] = [];
    const failed = await p.send({ sleep: async (ms) => { sleeps.push(ms); p.clock.ms += ms; } });
    expect(failed.record).toMatchObject({ status: 'failed', attempts: 4, documents: [{ products: 2 }] });
    expect(failed.record!.reason).toMatch(/^Failed after 4 attempts: SpApiError: /);
    expect(sleeps.filter((ms) => ms >= 30_000)).toEqual([30_000, 60_000, 120_000]);
    expect(p.sandbox.counts.createFeed).toBe(0);
    expect(channelStatus(await readHistory(p.root, TENANT))).toBe('error');
    expect(await readFile(join(p.root, `catalog/${TENANT}/feeds/README.md`), 'utf8')).toContain('**Channel status: error**');
    expect(await readJournal(p.outDir)).toBeUndefined();

    p.sandbox.admin.clearFaults();
    p.clock.ms += minutes(60);
    const recovered = await p.send();
    // The failed attempt was no success: the next feed is full again.
    expect(recovered.record).toMatchObject({ status: 'done', kind: 'full', counts: { sent: 2 } });
    expect(channelStatus(await readHistory(p.root, TENANT))).toBe('ok');
    expect(await readFile(join(p.root, `catalog/${TENANT}/feeds/README.md`), 'utf8')).toContain('**Channel status: ok**');
  });

  it('records a FATAL feed as failed without resubmitting it', async () => {
    pipeline = await startPipeline({ titles: 2, sandbox: { faults: 'feed:FATAL-noreport' } });
    const p = pipeline;
    const result = await p.send();
    expect(result.record).toMatchObject({ status: 'failed', attempts: 1, documents: [{ processingStatus: 'FATAL', report: { errors: 1 } }] });
    expect(result.record!.reason).toMatch(/^Amazon did not process feed \S+ \(FATAL\)$/);
    expect(p.sandbox.counts.createFeed).toBe(1);
  });

  it('records a feed still processing at the polling deadline as in_progress with its feed id', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    const result = await p.send({ pollTimeoutMs: minutes(1) });
    expect(result.record).toMatchObject({ status: 'in_progress', documents: [{ processingStatus: 'IN_PROGRESS' }] });
    expect(result.record!.documents[0].feedId).toMatch(/\S/);
    expect(result.record!.finishedAt).toBeUndefined();
    expect(await readJournal(p.outDir)).toBeUndefined();
  });
});

describe('sendFeed: a runner killed mid-run', () => {
  /** A client whose createFeed reaches Amazon and then never returns: the runner dies before writing the feed id. */
  function dyingAfterCreateFeed(p: Pipeline): FeedsClient {
    const real = p.client();
    return { ...real, createFeed: async (spec) => { await real.createFeed(spec); return new Promise(() => undefined); } };
  }

  it('is resumed by the next run on a fresh checkout, which finds the feed and does not submit it again', async () => {
    pipeline = await startPipeline({ titles: 3 });
    const p = pipeline;
    void p.send({ connect: () => dyingAfterCreateFeed(p) });
    await waitFor(() => p.sandbox.counts.createFeed === 1);
    const journal = await readJournal(p.outDir);
    expect(journal?.documents[0]).toMatchObject({ uploaded: true });
    expect(journal?.documents[0].createFeedStartedAt).toBeDefined();
    expect(journal?.documents[0].feedId).toBeUndefined();

    // As the workflow does across runners: the out folder goes to the cache, and comes back on a new checkout.
    const cached = await tempDir('onix-cache-');
    await cp(p.outDir, cached, { recursive: true });
    await rm(p.outDir, { recursive: true });
    await cp(cached, p.outDir, { recursive: true });
    const checkout = await cloneOf(p.origin);

    p.clock.ms += minutes(5);
    const resumed = await p.send({ root: checkout });
    expect(p.sandbox.counts.createFeed).toBe(1);
    expect(resumed.record).toMatchObject({ id: journal!.id, status: 'done', attempts: 2, counts: { sent: 3 } });
    const [feed] = await p.sandbox.admin.feeds();
    expect(resumed.record!.documents[0].feedId).toBe(feed.feedId);
    expect(p.logs.join('\n')).toMatch(/found feed \S+ created by the interrupted run; not submitting again/);
    expect(await readHistory(await cloneOf(p.origin), TENANT)).toEqual([resumed.record]);
    expect(await readJournal(p.outDir)).toBeUndefined();
  });

  it('sends nothing again when another feed of the type was created since, and says which feeds to check', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    void p.send({ connect: () => dyingAfterCreateFeed(p) });
    await waitFor(() => p.sandbox.counts.createFeed === 1);
    // Someone submits the same feed type for the same marketplace from outside the pipeline.
    const outside = p.client();
    const doc = await outside.createFeedDocument('text/xml; charset=UTF-8');
    await outside.createFeed({ feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: doc.feedDocumentId });

    p.clock.ms += minutes(1);
    const resumed = await p.send();
    expect(p.sandbox.counts.createFeed).toBe(2);
    expect(resumed.record).toMatchObject({ status: 'failed', attempts: 2 });
    const ids = (await p.sandbox.admin.feeds()).map((f) => f.feedId);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(resumed.record!.reason).toContain(id);
    expect(resumed.record!.reason).toMatch(/stopped while creating the feed for \S+\.xml: .*Not resubmitting\. Check these feeds in Seller Central/);
  });
});

describe('sendFeed: a runner killed before createFeed reached Amazon', () => {
  it('creates the feed on the next run, never taking an earlier recorded feed for it', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    const earlier = await p.send({ titles: 'all' });
    p.clock.ms += 60_000;
    const real = p.client();
    let reached = false;
    void p.send({ titles: 'all', connect: () => ({ ...real, createFeed: () => { reached = true; return new Promise(() => undefined); } }) });
    await waitFor(() => reached);
    p.clock.ms += 60_000;
    const resumed = await p.send();
    expect(p.logs.join('\n')).toMatch(/the interrupted createFeed did not take effect; creating the feed/);
    expect(p.sandbox.counts.createFeed).toBe(2);
    expect(resumed.record!.status).toBe('done');
    expect(resumed.record!.documents[0].feedId).not.toBe(earlier.record!.documents[0].feedId);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}
