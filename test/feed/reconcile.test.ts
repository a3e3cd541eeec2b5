import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../src/feed/history.ts';
import { reconcile } from '../../src/feed/reconcile.ts';
import { cloneOf, git, TEST_GIT_ENV } from './git-repos.ts';
import { startPipeline, TENANT, type Pipeline } from './pipeline.ts';

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

const minutes = (n: number) => n * 60_000;

function reconcileOnce(p: Pipeline) {
  return reconcile({
    root: p.root,
    tenants: [TENANT],
    connect: p.client,
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
    const result = await reconcileOnce(p);
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
});
