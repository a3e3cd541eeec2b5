/**
 * The trail of a title over feeds the real pipeline sent (send -> sandbox on loopback -> history committed back), so
 * the records it reads are the ones the writer writes: a full feed, an edit, a delta.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { titleTrail } from '../../src/feed/title-trail.ts';
import { commitAll, TEST_GIT_ENV, writeFiles } from './git-repos.ts';
import { startPipeline, TENANT, type Pipeline } from './pipeline.ts';
import { isbn, titleYaml } from './titles.ts';

let pipeline: Pipeline | undefined;
afterAll(() => pipeline?.close());

describe('titleTrail over feeds the pipeline sent', () => {
  it('follows an edited title from the full feed to the delta that carried the edit', async () => {
    pipeline = await startPipeline({ titles: 3 });
    const { root } = pipeline;
    const full = await pipeline.send();
    expect(full.record?.kind).toBe('full');
    await writeFiles(root, { [`catalog/${TENANT}/titles/${isbn(2)}.yaml`]: titleYaml(isbn(2), { price: 24.5 }) });
    const edit = await commitAll(root, 'Reprice title 2');
    pipeline.clock.ms += 24 * 3_600_000;
    const delta = await pipeline.send();
    expect(delta.record).toMatchObject({ kind: 'delta', status: 'done', documents: [{ isbns: [isbn(2)] }] });

    const trail = await titleTrail({ root, tenant: TENANT, isbn: isbn(2), env: TEST_GIT_ENV });
    expect(trail.feeds.map((f) => [f.id, f.kind, f.result.kind])).toEqual([
      [full.record!.id, 'full', 'accepted'],
      [delta.record!.id, 'delta', 'accepted'],
    ]);
    expect(trail.feeds[1].changes.commits).toMatchObject([{ commit: edit, subject: 'Reprice title 2', fields: [{ field: 'supply[0].prices[0].amount', before: '18.99', after: '24.5' }] }]);
    expect(trail.state).toBe('accepted');
    const untouched = await titleTrail({ root, tenant: TENANT, isbn: isbn(3), env: TEST_GIT_ENV });
    expect(untouched.feeds.map((f) => f.id)).toEqual([full.record!.id]);
  });
});
