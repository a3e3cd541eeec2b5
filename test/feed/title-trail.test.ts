/**
 * The per-title trail over a real git repository: title edits committed between feeds, a history of several feeds
 * (full, delta with ISBN lists, delta from before records listed ISBNs, skipped, held back) spread over months so that
 * the history rotates into monthly files, and Amazon errors in between.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportIssue } from '../../src/amazon/report.ts';
import { appendRecords } from '../../src/feed/history.ts';
import type { FeedDocumentRecord, FeedRecord } from '../../src/feed/record.ts';
import { titleTrail, type TitleTrail } from '../../src/feed/title-trail.ts';
import { runCli } from '../helpers/run-cli.ts';
import { commitAll, git, repoWithOrigin, TEST_GIT_ENV, writeFiles } from './git-repos.ts';
import { TENANT, tenantYaml } from './pipeline.ts';
import { makeRecord } from './records.ts';
import { catalogFiles, isbn, titleYaml } from './titles.ts';

const A = isbn(1);
const B = isbn(2);
const C = isbn(3);
const path = (n: string) => `catalog/${TENANT}/titles/${n}.yaml`;

function document(feedId: string, products: number, options: { isbns?: string[]; issues?: ReportIssue[] } = {}): FeedDocumentRecord {
  const issues = options.issues ?? [];
  const errors = issues.filter((i) => i.severity === 'ERROR').length;
  return {
    fileName: `${TENANT}_onix31_amazon_${feedId}.xml`, bytes: 1000, sha256: 'f'.repeat(64), products,
    contentType: 'text/xml; charset=UTF-8', feedId, processingStatus: 'DONE',
    report: { messagesProcessed: products, messagesAccepted: products - errors, messagesInvalid: errors, errors, warnings: 0, issues },
    ...(options.isbns ? { isbns: options.isbns } : {}),
  };
}

let root: string;
const commits: Record<string, string> = {};
const feeds: Record<string, FeedRecord> = {};

beforeAll(async () => {
  ({ root } = await repoWithOrigin({ [`config/tenants/${TENANT}.yaml`]: tenantYaml(), ...catalogFiles(TENANT, 3) }));
  commits.initial = (await git(root, 'rev-parse', 'HEAD')).trim();
  // January: a full feed of the three titles, all accepted.
  feeds.full = makeRecord({
    startedAt: '2026-01-05T06:00:00.000Z', finishedAt: '2026-01-05T06:12:00.000Z', kind: 'full', status: 'done', catalogCommit: commits.initial,
    counts: { sent: 3, deleted: 0, heldBack: 0 }, documents: [document('1001', 3)],
  }, TENANT);
  await writeFiles(root, { [path(A)]: titleYaml(A, { price: 21.99 }) });
  commits.priceA = await commitAll(root, 'Raise the price of A');
  await writeFiles(root, { [path(B)]: titleYaml(B, { title: 'A Better Title' }) });
  commits.titleB = await commitAll(root, 'Retitle B');
  // February: a delta listing its ISBNs; Amazon rejects A.
  feeds.delta = makeRecord({
    startedAt: '2026-02-02T06:00:00.000Z', finishedAt: '2026-02-02T06:20:00.000Z', kind: 'delta', status: 'done_with_errors',
    catalogCommit: commits.titleB, baseCommit: commits.initial, counts: { sent: 2, deleted: 0, heldBack: 0 },
    documents: [document('1002', 2, { isbns: [A, B], issues: [{ code: '8560', severity: 'ERROR', message: 'Price is not valid for the territory', isbn: A }] })],
  }, TENANT);
  await writeFiles(root, { [path(A)]: titleYaml(A, { price: 21.99, title: 'A Fixed Title' }) });
  commits.retitleA = await commitAll(root, 'Fix A');
  await writeFiles(root, { [path(C)]: 'isbn: [broken\n' });
  commits.breakC = await commitAll(root, 'Break C');
  // March: a delta written before documents listed ISBNs (git must tell what it carried); C is held back.
  feeds.legacy = makeRecord({
    startedAt: '2026-03-02T06:00:00.000Z', finishedAt: '2026-03-02T06:05:00.000Z', kind: 'delta', status: 'done',
    catalogCommit: commits.breakC, baseCommit: commits.titleB, counts: { sent: 1, deleted: 0, heldBack: 1 },
    heldBack: [{ isbn: C, path: path(C), reason: '1:7: unexpected end of the stream within a flow collection' }],
    documents: [document('1003', 1)],
  }, TENANT);
  feeds.skipped = makeRecord({
    startedAt: '2026-03-03T06:00:00.000Z', kind: 'delta', status: 'skipped', reason: 'No changes - feed skipped',
    catalogCommit: commits.breakC, baseCommit: commits.breakC, counts: { sent: 0, deleted: 0, heldBack: 0 }, documents: [],
  }, TENANT);
  await writeFiles(root, { [path(A)]: titleYaml(A, { price: 24.99, title: 'A Fixed Title' }) });
  commits.priceA2 = await commitAll(root, 'Raise the price of A again');
  // Written as the pipeline writes them, one feed at a time, so that the history rotates.
  for (const record of Object.values(feeds)) await appendRecords(root, TENANT, [record]);
  await commitAll(root, 'feeds(acme-books): history [skip ci]');
});

const trailOf = (n: string): Promise<TitleTrail> => titleTrail({ root, tenant: TENANT, isbn: n, env: TEST_GIT_ENV });

describe('titleTrail', () => {
  it('lists every feed that carried a title, with the commits and fields changed since the feed before', async () => {
    const trail = await trailOf(A);
    expect(trail.feeds.map((f) => f.id)).toEqual([feeds.full.id, feeds.delta.id, feeds.legacy.id]);
    const [full, delta, legacy] = trail.feeds;
    expect(full).toMatchObject({ kind: 'full', action: 'update', feedIds: ['1001'], result: { kind: 'accepted' } });
    expect(full.changes.commits.map((c) => c.subject)).toEqual(['initial catalog']);
    expect(full.changes.commits[0].added).toBe(true);
    // Only the commit that touched A, not B's retitling in the same range.
    expect(delta.changes.commits.map((c) => [c.commit, c.subject])).toEqual([[commits.priceA, 'Raise the price of A']]);
    expect(delta.changes.commits[0].fields).toEqual([{ field: 'supply[0].prices[0].amount', before: '18.99', after: '21.99' }]);
    expect(delta.result).toEqual({ kind: 'rejected', errors: [expect.objectContaining({ code: '8560', isbn: A })], warnings: [] });
    expect(legacy.changes.commits.map((c) => c.subject)).toEqual(['Fix A']);
    expect(legacy.changes.fields).toEqual([{ field: 'title.text', before: expect.stringMatching(/^Test Title/), after: 'A Fixed Title' }]);
    expect(legacy.result).toEqual({ kind: 'accepted', warnings: [] });
  });

  it('says the current version is not sent yet, and which commits are waiting', async () => {
    const trail = await trailOf(A);
    expect(trail.state).toBe('not_sent');
    expect(trail.lastSuccess).toBe(feeds.legacy.id);
    expect(trail.unsent?.commits.map((c) => c.commit)).toEqual([commits.priceA2]);
    expect(trail.unsent?.fields).toEqual([{ field: 'supply[0].prices[0].amount', before: '21.99', after: '24.99' }]);
    expect(trail.verdict).toMatch(/^Not sent yet: 1 commit changed the title since feed 1003 of 2026-03-02/);
  });

  it('knows a title a delta did not carry, and one Amazon has in its current version', async () => {
    const trail = await trailOf(B);
    expect(trail.feeds.map((f) => f.id)).toEqual([feeds.full.id, feeds.delta.id]);
    expect(trail.feeds[1].changes.fields).toEqual([{ field: 'title.text', before: expect.stringMatching(/^Test Title/), after: 'A Better Title' }]);
    expect(trail).toMatchObject({ state: 'accepted', lastSuccess: feeds.delta.id, unsent: undefined });
    expect(trail.verdict).toBe('Amazon has the current version: it was accepted in feed 1002 of 2026-02-02T06:00:00.000Z.');
  });

  it('shows a title held back as invalid, and that its current file has not been sent', async () => {
    const trail = await trailOf(C);
    expect(trail.feeds.map((f) => f.id)).toEqual([feeds.full.id]);
    expect(trail.heldBack).toEqual([{ id: feeds.legacy.id, startedAt: feeds.legacy.startedAt, reason: expect.stringContaining('1:7') }]);
    expect(trail.state).toBe('not_sent');
    expect(trail.unsent?.commits).toMatchObject([{ commit: commits.breakC, subject: 'Break C', invalid: true }]);
  });

  it('reads records from the monthly files the history rotated into', async () => {
    const names = (await readdir(join(root, `catalog/${TENANT}/feeds`))).sort();
    expect(names).toEqual(['README.md', 'amazon-2026-01.jsonl', 'amazon-2026-02.jsonl', 'amazon.jsonl']);
    // The January full feed lives only in its monthly file, and the trail still finds it.
    expect((await trailOf(B)).feeds[0].id).toBe(feeds.full.id);
  });

  it('refuses a malformed or unknown ISBN with a message that says what is right', async () => {
    await expect(trailOf('978-0')).rejects.toThrow(/'978-0' is not a valid ISBN-13: give the 13 digits/);
    await expect(trailOf(isbn(9))).rejects.toThrow(new RegExp(`no title file for ${isbn(9)} at HEAD and no feed of ${TENANT} carried it`));
  });
});

describe('history --isbn', () => {
  const run = (...argv: string[]) => runCli([...argv, '--root', root], { env: TEST_GIT_ENV });

  it('prints the trail for people, newest feed first', async () => {
    const result = await run('history', '--tenant', TENANT, '--isbn', A);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`# ${A} in ${TENANT}: did Amazon get it?`);
    expect(out).toContain('**Not sent yet: 1 commit changed the title');
    expect(out).toContain('  - supply[0].prices[0].amount: 21.99 -> 24.99');
    expect(out).toContain('Amazon: rejected: 8560 Price is not valid for the territory');
    const order = [feeds.legacy, feeds.delta, feeds.full].map((f) => out.indexOf(`### ${f.startedAt}`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
  });

  it('prints the trail as JSON, and takes a hyphenated ISBN', async () => {
    const hyphenated = `${A.slice(0, 3)}-${A.slice(3)}`;
    const result = await run('history', '--tenant', TENANT, '--isbn', hyphenated, '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ isbn: A, state: 'not_sent', feeds: [{ id: feeds.full.id }, { id: feeds.delta.id }, { id: feeds.legacy.id }] });
  });

  it('exits 1 with the reason for a bad ISBN', async () => {
    const result = await run('history', '--tenant', TENANT, '--isbn', '12345');
    expect(result).toMatchObject({ code: 1, stderr: expect.stringContaining("'12345' is not a valid ISBN-13") });
  });
});

describe('titleTrail on deltas written before records listed ISBNs', () => {
  it('finds a title resent after an error without a change, and a deletion', async () => {
    const { root: repo } = await repoWithOrigin({ [`config/tenants/${TENANT}.yaml`]: tenantYaml(), ...catalogFiles(TENANT, 2) });
    const initial = (await git(repo, 'rev-parse', 'HEAD')).trim();
    const full = makeRecord({
      startedAt: '2026-05-01T06:00:00.000Z', kind: 'full', status: 'done_with_errors', catalogCommit: initial,
      documents: [document('3001', 2, { issues: [{ code: '8560', severity: 'ERROR', message: 'Price not valid', isbn: A }] })],
    }, TENANT);
    await git(repo, 'rm', '-q', path(B));
    const removed = await commitAll(repo, 'Withdraw B');
    const delta = makeRecord({
      startedAt: '2026-05-02T06:00:00.000Z', kind: 'delta', status: 'done', catalogCommit: removed, baseCommit: initial,
      documents: [document('3002', 2)],
    }, TENANT);
    await appendRecords(repo, TENANT, [full, delta]);
    await commitAll(repo, 'history');
    const trail = (n: string) => titleTrail({ root: repo, tenant: TENANT, isbn: n, env: TEST_GIT_ENV });

    const a = await trail(A);
    expect(a.feeds.map((f) => [f.id, f.action, f.result.kind, f.changes.commits.length])).toEqual([
      [full.id, 'update', 'rejected', 1],
      [delta.id, 'update', 'accepted', 0],
    ]);
    expect(a.state).toBe('accepted');

    const b = await trail(B);
    expect(b.feeds.map((f) => [f.id, f.action])).toEqual([[full.id, 'update'], [delta.id, 'delete']]);
    expect(b.feeds[1].changes.commits).toMatchObject([{ subject: 'Withdraw B', removed: true }]);
    expect(b).toMatchObject({ state: 'accepted', currentPath: undefined });
    expect(b.verdict).toBe('Amazon has the current version: the deletion was accepted in feed 3002 of 2026-05-02T06:00:00.000Z.');
  });
});
