/**
 * The pull-request check names, for each title a change edits, the latest feed that carried it and what Amazon said:
 * a real git repository with a history of feeds, and a change on top of it.
 */
import { describe, expect, it } from 'vitest';
import { appendRecords } from '../../src/feed/history.ts';
import { titlesLastSent } from '../../src/feed/title-last-sent.ts';
import { runCli } from '../helpers/run-cli.ts';
import { commitAll, git, repoWithOrigin, TEST_GIT_ENV, writeFiles } from './git-repos.ts';
import { TENANT, tenantYaml } from './pipeline.ts';
import { makeRecord } from './records.ts';
import { catalogFiles, isbn, titleYaml } from './titles.ts';

const [A, B, C, D] = [1, 2, 3, 4].map(isbn);
const path = (n: string) => `catalog/${TENANT}/titles/${n}.yaml`;

const doc = (feedId: string, products: number, extra: object = {}) => ({
  fileName: `f${feedId}.xml`, bytes: 1, sha256: 'f'.repeat(64), products, contentType: 'text/xml', feedId, processingStatus: 'DONE' as const,
  ...extra,
});

describe('pr-check: what Amazon has now', () => {
  it('lists the last feed and Amazon\'s answer for each changed title', async () => {
    const { root } = await repoWithOrigin({ [`config/tenants/${TENANT}.yaml`]: tenantYaml(), ...catalogFiles(TENANT, 3) });
    const first = (await git(root, 'rev-parse', 'HEAD')).trim();
    await writeFiles(root, { [path(A)]: titleYaml(A, { price: 19.99 }) });
    const second = await commitAll(root, 'Price A');
    const report = (issues: object[]) => ({ messagesProcessed: 1, messagesAccepted: 0, messagesInvalid: issues.length, errors: issues.length, warnings: 0, issues });
    await appendRecords(root, TENANT, [
      makeRecord({ startedAt: '2026-11-01T06:00:00.000Z', catalogCommit: first, documents: [doc('7001', 3, { report: report([]) })] }, TENANT),
      makeRecord({
        startedAt: '2026-11-02T06:00:00.000Z', kind: 'delta', status: 'done_with_errors', catalogCommit: second, baseCommit: first,
        documents: [doc('7002', 1, { isbns: [A], report: report([{ code: '8560', severity: 'ERROR', message: 'Price not valid', isbn: A }]) })],
      }, TENANT),
    ]);
    const base = await commitAll(root, 'feeds: history');
    await writeFiles(root, { [path(A)]: titleYaml(A, { price: 20.99 }), [path(C)]: titleYaml(C, { title: 'New C' }), [path(D)]: titleYaml(D) });
    await commitAll(root, 'Edit A and C, add D');

    expect(await titlesLastSent(root, TENANT, [A, B, D], TEST_GIT_ENV)).toEqual([
      { tenant: TENANT, isbn: A, feed: { id: '20261102T060000Z-acme-books', startedAt: '2026-11-02T06:00:00.000Z', status: 'done_with_errors', feedIds: ['7002'] }, amazonSaid: 'rejected: 8560 Price not valid' },
      { tenant: TENANT, isbn: B, feed: expect.objectContaining({ feedIds: ['7001'] }), amazonSaid: 'accepted' },
      { tenant: TENANT, isbn: D },
    ]);

    // Outside Actions the check prints its summary.
    const result = await runCli(['pr-check', '--root', root, '--base', base, '--now', '2026-11-28T20:00:00Z'], { env: { ...TEST_GIT_ENV, GITHUB_ACTIONS: '' } });
    expect(result.stderr).toBe('');
    const section = result.stdout.slice(result.stdout.indexOf('## What Amazon has now'));
    expect(section).toContain(`| ${TENANT} | ${A} | 2026-11-02T06:00:00.000Z (7002, done_with_errors) | rejected: 8560 Price not valid |`);
    expect(section).toContain(`| ${TENANT} | ${C} | 2026-11-01T06:00:00.000Z (7001, done) | accepted |`);
    expect(section).toContain(`| ${TENANT} | ${D} | never sent | - |`);
    expect(section).not.toContain(B);
  });
});
