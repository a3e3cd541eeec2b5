import { afterEach, describe, expect, it } from 'vitest';
import type { FeedsClient } from '../../src/amazon/feeds-client.ts';
import { appendRecords, readHistory } from '../../src/feed/history.ts';
import { reconcile, tenantsWithOpenFeeds } from '../../src/feed/reconcile.ts';
import { makeRecord } from './records.ts';
import { cloneOf, commitAll, git, removeFiles, TEST_GIT_ENV, writeFiles } from './git-repos.ts';
import { startPipeline, TENANT, type Pipeline } from './pipeline.ts';
import { isbn } from './titles.ts';

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

const minutes = (n: number) => n * 60_000;

function reconcileOnce(p: Pipeline, connect: () => FeedsClient = p.client) {
  return reconcile({
    root: p.root,
    tenants: [TENANT],
    connect,
    now: p.now,
    sleep: p.sleep,
    commit: true,
    env: TEST_GIT_ENV,
  });
}

describe('reconcile', () => {
  it('finishes a feed left in progress, without submitting anything, by appending the record again', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    const { record: open } = await p.send({ pollTimeoutMs: minutes(1) });
    expect(open!.status).toBe('in_progress');

    // Still processing: nothing is written.
    const early = await reconcileOnce(p);
    expect(early).toMatchObject({ updated: [], errors: [] });
    expect(early.pending.map((r) => r.id)).toEqual([open!.id]);

    p.clock.ms += minutes(5);
    const late = await reconcileOnce(p);
    expect(late.updated).toHaveLength(1);
    expect(late.updated[0]).toMatchObject({ id: open!.id, status: 'done', reason: 'Amazon accepted 2 products', documents: [{ feedId: open!.documents[0].feedId, processingStatus: 'DONE', report: { messagesAccepted: 2 } }] });
    expect(late.updated[0].finishedAt).toBe(p.now().toISOString());
    expect(late.writeBack?.pushed).toBe(true);
    expect(p.sandbox.counts.createFeed).toBe(1);
    expect(p.sandbox.counts.createFeedDocument).toBe(1);

    const check = await cloneOf(p.origin);
    const history = await readHistory(check, TENANT);
    expect(history.map((r) => [r.id, r.status])).toEqual([[open!.id, 'done']]);
    expect((await git(check, 'log', '-1', '--format=%s')).trim()).toBe(`feeds(${TENANT}): done 2 products [skip ci]`);

    // The finished feed is the base of the next delta: nothing changed, so the next run skips.
    expect((await p.send()).record!.status).toBe('skipped');
    expect((await reconcileOnce(p)).pending).toEqual([]);
  });

  it('gives up on a feed still unfinished 24 hours after its run started', async () => {
    pipeline = await startPipeline({ titles: 2, sandbox: { faults: 'feed:stuck' } });
    const p = pipeline;
    const { record: open } = await p.send();
    expect(open!.status).toBe('in_progress');
    p.clock.ms += minutes(24 * 60 + 1);
    const asked = p.sandbox.counts.getFeed;
    const result = await reconcileOnce(p);
    expect(p.sandbox.counts.getFeed).toBe(asked + 1); // one last look before giving up
    expect(result.updated[0]).toMatchObject({ id: open!.id, status: 'failed' });
    expect(result.updated[0].reason).toMatch(/had not finished feed \S+ \(IN_PROGRESS\) 24 hours after the run started; open a case with Amazon developer support/);
    expect((await readHistory(p.root, TENANT)).map((r) => r.status)).toEqual(['failed']);
  });

  it('keeps a feed open when Amazon cannot be asked, and says so', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    const { record: open } = await p.send({ pollTimeoutMs: minutes(1) });
    p.sandbox.admin.addFaults('getFeed:500x*');
    p.clock.ms += minutes(5);
    const result = await reconcileOnce(p);
    expect(result.updated).toEqual([]);
    expect(result.pending.map((r) => r.id)).toEqual([open!.id]);
    expect(result.errors[0]).toMatchObject({ tenant: TENANT, id: open!.id });
    expect(result.errors[0].message).toMatch(/SpApiError/);
  });

  it('records the outcome of a feed Amazon finished even when reconcile first runs more than 24 hours later', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    const { record: open } = await p.send({ pollTimeoutMs: minutes(1) });
    expect(open!.status).toBe('in_progress');
    p.clock.ms += minutes(25 * 60); // every tick in between was dropped
    const result = await reconcileOnce(p);
    expect(result.updated[0]).toMatchObject({ id: open!.id, status: 'done', reason: 'Amazon accepted 2 products', documents: [{ processingStatus: 'DONE' }] });
    expect(p.sandbox.counts.createFeed).toBe(1);
  });

  it('puts the ISBN on each issue of a reconciled report from the document\'s message order', async () => {
    pipeline = await startPipeline({ titles: 3 });
    const p = pipeline;
    // A success at the first commit that this sandbox never received; then title 2 is withdrawn: the delta deletes a
    // record Amazon does not hold, which its report warns about.
    const base = (await git(p.root, 'rev-parse', 'HEAD')).trim();
    await appendRecords(p.root, TENANT, [makeRecord({ startedAt: '2026-11-27T06:00:00.000Z', catalogCommit: base }, TENANT)]);
    await removeFiles(p.root, [`catalog/${TENANT}/titles/${isbn(2)}.yaml`]);
    await commitAll(p.root, 'withdraw title 2');
    const { record: open } = await p.send({ pollTimeoutMs: minutes(1) });
    expect(open).toMatchObject({ status: 'in_progress', kind: 'delta', documents: [{ isbns: [isbn(2)] }] });

    // Amazon's report names a product by its MessageID; AdditionalInfo/SKU is optional and often missing. The sandbox
    // always writes it, so this client drops it from what the sandbox said.
    const withoutSkus = (): FeedsClient => {
      const client = p.client();
      return {
        ...client,
        getFeedResult: async (feed) => {
          const result = await client.getFeedResult(feed);
          return { ...result, report: result.report && { ...result.report, issues: result.report.issues.map(({ sku: _sku, ...issue }) => issue) } };
        },
      };
    };
    p.clock.ms += minutes(5);
    const result = await reconcileOnce(p, withoutSkus);
    const issues = result.updated[0].documents[0].report!.issues;
    expect(issues).toEqual([expect.objectContaining({ messageId: 1, severity: 'WARNING', isbn: isbn(2) })]);
    expect(issues[0].sku).toBeUndefined();
  });

  it('leaves out a tenant whose history is damaged, naming file and line, and finishes the others', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    const { record: open } = await p.send({ pollTimeoutMs: minutes(1) });
    await writeFiles(p.root, { 'catalog/damaged/feeds/amazon.jsonl': '{"id": "cut off\n' });
    const logs: string[] = [];
    expect(await tenantsWithOpenFeeds(p.root, ['damaged', TENANT], (line) => logs.push(line))).toEqual([TENANT]);
    expect(logs).toEqual([expect.stringMatching(/^damaged: left out: catalog\/damaged\/feeds\/amazon\.jsonl:1:1: not a feed record/)]);

    p.clock.ms += minutes(5);
    const result = await reconcile({
      root: p.root, tenants: ['damaged', TENANT], connect: p.client, now: p.now, sleep: p.sleep, commit: false, env: TEST_GIT_ENV,
    });
    expect(result.updated.map((r) => [r.id, r.status])).toEqual([[open!.id, 'done']]);
    expect(result.errors).toEqual([{ tenant: 'damaged', message: expect.stringMatching(/^catalog\/damaged\/feeds\/amazon\.jsonl:1:1: /) }]);
  });
});
