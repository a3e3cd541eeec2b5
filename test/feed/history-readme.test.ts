/**
 * The history page's charts and its "titles with open Amazon errors" table, rendered from a history of several feeds
 * with errors, and written by the history writer as feeds are appended month after month.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReportIssue } from '../../src/amazon/report.ts';
import { chartPoints, CHART_FEEDS } from '../../src/feed/history-chart.ts';
import { renderHistoryReadme } from '../../src/feed/history-readme.ts';
import { appendRecords, readHistory } from '../../src/feed/history.ts';
import { openErrors } from '../../src/feed/open-errors.ts';
import type { FeedDocumentRecord, FeedRecord } from '../../src/feed/record.ts';
import { tempDir } from './git-repos.ts';
import { makeRecord } from './records.ts';
import { isbn } from './titles.ts';

const A = isbn(1);
const B = isbn(2);
const C = isbn(3);

function document(feedId: string, products: number, issues: ReportIssue[], isbns?: string[]): FeedDocumentRecord {
  const errors = issues.filter((i) => i.severity === 'ERROR').length;
  return {
    fileName: `f${feedId}.xml`, bytes: 1, sha256: 'f'.repeat(64), products, contentType: 'text/xml', feedId, processingStatus: 'DONE',
    report: { messagesProcessed: products, messagesAccepted: products - errors, messagesInvalid: errors, errors, warnings: 0, issues },
    ...(isbns ? { isbns } : {}),
  };
}

const error = (n: string, code: string, message: string): ReportIssue => ({ code, severity: 'ERROR', message, isbn: n });

/** Four feeds: a full feed with errors for A and B; a delta fixing A; a failed feed; a delta that fails C. */
function history(): FeedRecord[] {
  return [
    makeRecord({
      startedAt: '2026-01-05T06:00:00.000Z', finishedAt: '2026-01-05T06:12:00.000Z', kind: 'full', status: 'done_with_errors', catalogCommit: 'c1'.padEnd(40, '0'),
      counts: { sent: 3, deleted: 0, heldBack: 0 },
      documents: [document('1001', 3, [error(A, '8560', 'Price missing'), error(B, '5461', 'Bad | contributor')])],
    }),
    makeRecord({
      startedAt: '2026-02-02T06:00:00.000Z', finishedAt: '2026-02-02T06:30:30.000Z', kind: 'delta', status: 'done', catalogCommit: 'c2'.padEnd(40, '0'),
      baseCommit: 'c1'.padEnd(40, '0'), counts: { sent: 1, deleted: 0, heldBack: 0 }, documents: [document('1002', 1, [], [A])],
    }),
    makeRecord({
      startedAt: '2026-02-03T06:00:00.000Z', finishedAt: '2026-02-03T06:01:00.000Z', kind: 'delta', status: 'failed', reason: 'Amazon did not process feed 1003 (FATAL)',
      catalogCommit: 'c3'.padEnd(40, '0'), counts: { sent: 2, deleted: 0, heldBack: 0 },
      documents: [{ ...document('1003', 2, [], [B, C]), processingStatus: 'FATAL', report: undefined }],
    }),
    makeRecord({ startedAt: '2026-02-04T06:00:00.000Z', kind: 'delta', status: 'skipped', reason: 'No changes - feed skipped', counts: { sent: 0, deleted: 0, heldBack: 0 } }),
    makeRecord({
      startedAt: '2026-03-02T06:00:00.000Z', finishedAt: '2026-03-02T06:07:00.000Z', kind: 'delta', status: 'done_with_errors', catalogCommit: 'c4'.padEnd(40, '0'),
      baseCommit: 'c2'.padEnd(40, '0'), counts: { sent: 2, deleted: 0, heldBack: 0 }, documents: [document('1004', 2, [error(C, '8026', 'Not authorised for this category')], [C, isbn(4)])],
    }),
  ];
}

describe('history charts', () => {
  it('renders products sent, errors and processing time of the feeds as Mermaid charts', () => {
    const readme = renderHistoryReadme('acme-books', history());
    const blocks = [...readme.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
    const axis = '  x-axis ["01-05 06:00", "02-02 06:00", "02-03 06:00", "03-02 06:00"]';
    expect(blocks).toEqual([
      ['xychart-beta', '  title "Products sent and errors, last 4 feeds"', axis, '  y-axis "products"', '  bar [3, 1, 2, 2]', '  line [2, 0, 0, 1]', ''].join('\n'),
      ['xychart-beta', '  title "Feed processing time, last 4 feeds"', axis, '  y-axis "minutes"', '  line [12, 30.5, 1, 7]', ''].join('\n'),
    ]);
    expect(readme.indexOf('```mermaid')).toBeLessThan(readme.indexOf('## Recent feeds'));
  });

  it(`shows the last ${CHART_FEEDS} feeds, leaving out skipped runs`, () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      makeRecord({ startedAt: new Date(Date.UTC(2026, 0, 1, i)).toISOString(), status: i % 2 ? 'skipped' : 'done', counts: { sent: i, deleted: 0, heldBack: 0 } }),
    );
    const points = chartPoints(many);
    expect(points).toHaveLength(20);
    expect(points.map((p) => p.products)).toEqual(Array.from({ length: 20 }, (_, i) => 2 * i));
    expect(chartPoints([])).toEqual([]);
    expect(renderHistoryReadme('acme-books', [])).not.toContain('mermaid');
  });
});

describe('titles with open Amazon errors', () => {
  it('keeps the errors of the latest feed that carried each title, cleared by a later feed without error', () => {
    const open = openErrors(history());
    // A: fixed by the February delta. B: the failed feed carried it but Amazon never processed it, so it stays open.
    expect(open.map((o) => [o.isbn, o.since, o.record.id, o.errors.map((e) => e.code)])).toEqual([
      [C, '2026-03-02T06:00:00.000Z', history()[4].id, ['8026']],
      [B, '2026-01-05T06:00:00.000Z', history()[0].id, ['5461']],
    ]);
    const readme = renderHistoryReadme('acme-books', history());
    const start = readme.indexOf('## Titles with open Amazon errors');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    expect(section).toContain('2 titles.');
    expect(section).toContain(`| ${C} | 2026-03-02T06:00:00.000Z | 2026-03-02T06:00:00.000Z (\`1004\`) | 8026 | Not authorised for this category |`);
    expect(section).toContain(`| ${B} | 2026-01-05T06:00:00.000Z | 2026-01-05T06:00:00.000Z (\`1001\`) | 5461 | Bad \\| contributor |`);
    expect(section).not.toContain(`| ${A} |`);
  });

  it('clears errors with a full feed, and with a delta that resent them before records listed ISBNs', () => {
    const [first] = history();
    const legacyResend = makeRecord({
      startedAt: '2026-01-06T06:00:00.000Z', kind: 'delta', status: 'done', catalogCommit: 'c9'.padEnd(40, '0'), baseCommit: first.catalogCommit,
      documents: [document('2001', 2, [])],
    });
    expect(openErrors([first, legacyResend])).toEqual([]);
    const unrelatedDelta = { ...legacyResend, baseCommit: 'other'.padEnd(40, '0') };
    expect(openErrors([first, unrelatedDelta]).map((o) => o.isbn)).toEqual([A, B]);
    const cleanFull = makeRecord({ startedAt: '2026-01-07T06:00:00.000Z', kind: 'full', status: 'done', documents: [document('2002', 3, [])] });
    expect(openErrors([first, cleanFull])).toEqual([]);
    const heldBack = { ...cleanFull, heldBack: [{ isbn: B, path: `catalog/acme-books/titles/${B}.yaml`, reason: 'invalid' }] };
    expect(openErrors([first, heldBack]).map((o) => o.isbn)).toEqual([B]);
    expect(renderHistoryReadme('acme-books', [first, cleanFull])).toContain('None: the latest feed that carried each title had no error for it.');
  });

  it('is written with the charts beside the history as feeds are appended across months', async () => {
    const root = await tempDir();
    for (const record of history()) await appendRecords(root, 'acme-books', [record]);
    const dir = join(root, 'catalog/acme-books/feeds');
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'amazon-2026-01.jsonl', 'amazon-2026-02.jsonl', 'amazon.jsonl']);
    expect((await readFile(join(dir, 'amazon.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect((await readHistory(root, 'acme-books')).map((r) => r.id)).toEqual(history().map((r) => r.id));
    const readme = await readFile(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('  bar [3, 1, 2, 2]');
    expect(readme).toContain(`| ${C} | 2026-03-02T06:00:00.000Z |`);
  });
});
