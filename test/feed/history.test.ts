import { mkdtemp, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendRecords, channelStatus, collapseRecords, lastSuccess, readHistory } from '../../src/feed/history.ts';
import { serializeRecord } from '../../src/feed/history-format.ts';
import { renderHistoryReadme } from '../../src/feed/history-readme.ts';
import { InvalidInputError } from '../../src/config/problem.ts';
import { makeRecord } from './records.ts';

const tempRoot = () => mkdtemp(join(tmpdir(), 'onix-history-'));

describe('serializeRecord', () => {
  it('writes keys in the contract order whatever order the object was built in', () => {
    const record = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z' });
    const shuffled = Object.fromEntries(Object.entries(record).reverse()) as typeof record;
    const line = serializeRecord(shuffled);
    expect(Object.keys(JSON.parse(line))).toEqual([
      'id', 'tenant', 'trigger', 'titlesMode', 'kind', 'format', 'status', 'catalogCommit', 'counts', 'documents',
      'attempts', 'startedAt',
    ]);
    expect(line).toContain('"counts":{"sent":2,"deleted":0,"heldBack":0}');
    expect(line).not.toContain('\n');
  });
});

describe('channel status and last success', () => {
  const at = (h: number) => `2026-11-28T${String(h).padStart(2, '0')}:00:00.000Z`;

  it('is error after a failed attempt until a later feed succeeds; skipped and in-progress do not change it', () => {
    const ok = makeRecord({ startedAt: at(1) });
    const failed = makeRecord({ startedAt: at(2), status: 'failed' });
    const skipped = makeRecord({ startedAt: at(3), status: 'skipped' });
    const running = makeRecord({ startedAt: at(4), status: 'in_progress' });
    const withErrors = makeRecord({ startedAt: at(5), status: 'done_with_errors' });
    expect(channelStatus([ok])).toBe('ok');
    expect(channelStatus([ok, failed])).toBe('error');
    expect(channelStatus([ok, failed, skipped, running])).toBe('error');
    expect(channelStatus([ok, failed, skipped, running, withErrors])).toBe('ok');
    expect(channelStatus([])).toBe('ok');
    expect(lastSuccess([ok, failed, skipped])).toBe(ok);
    expect(lastSuccess([ok, failed, withErrors])).toBe(withErrors);
    expect(lastSuccess([failed, skipped])).toBeUndefined();
  });

  it('keeps the last line written for an id, at the position of its start time', () => {
    const first = makeRecord({ startedAt: at(1), status: 'in_progress' });
    const second = makeRecord({ startedAt: at(2) });
    const finished = { ...first, status: 'done' as const, finishedAt: at(3) };
    expect(collapseRecords([first, second, finished])).toEqual([finished, second]);
  });
});

describe('history files', () => {
  it('appends records, reads them back and regenerates the README', async () => {
    const root = await tempRoot();
    const a = makeRecord({ startedAt: '2026-11-01T06:00:00.000Z' });
    const b = makeRecord({ startedAt: '2026-11-02T06:00:00.000Z', status: 'failed', reason: 'FATAL | from Amazon' });
    expect(await appendRecords(root, 'acme-books', [a])).toEqual(['catalog/acme-books/feeds']);
    await appendRecords(root, 'acme-books', [b]);
    const text = await readFile(join(root, 'catalog/acme-books/feeds/amazon.jsonl'), 'utf8');
    expect(text).toBe(`${serializeRecord(a)}\n${serializeRecord(b)}\n`);
    expect(await readHistory(root, 'acme-books')).toEqual([a, b]);
    const readme = await readFile(join(root, 'catalog/acme-books/feeds/README.md'), 'utf8');
    expect(readme).toContain('**Channel status: error**');
    expect(readme).toContain('FATAL \\| from Amazon');
  });

  it('does not write a record the history already holds as it is', async () => {
    const root = await tempRoot();
    const a = makeRecord({ startedAt: '2026-11-01T06:00:00.000Z', status: 'in_progress' });
    await appendRecords(root, 'acme-books', [a]);
    expect(await appendRecords(root, 'acme-books', [a])).toEqual([]);
    const done = { ...a, status: 'done' as const };
    expect(await appendRecords(root, 'acme-books', [a, done])).toEqual(['catalog/acme-books/feeds']);
    const lines = (await readFile(join(root, 'catalog/acme-books/feeds/amazon.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).status)).toEqual(['in_progress', 'done']);
  });

  it('moves earlier months to monthly files and reads all of them in order', async () => {
    const root = await tempRoot();
    const oct = makeRecord({ startedAt: '2026-10-30T06:00:00.000Z', status: 'in_progress' });
    const nov = makeRecord({ startedAt: '2026-11-01T06:00:00.000Z' });
    const dec = makeRecord({ startedAt: '2026-12-01T06:00:00.000Z' });
    await appendRecords(root, 'acme-books', [oct]);
    await appendRecords(root, 'acme-books', [nov]);
    await appendRecords(root, 'acme-books', [dec]);
    // reconcile finishing October's feed in December: the update goes to October's file.
    const octDone = { ...oct, status: 'done' as const };
    await appendRecords(root, 'acme-books', [octDone]);
    const dir = join(root, 'catalog/acme-books/feeds');
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'amazon-2026-10.jsonl', 'amazon-2026-11.jsonl', 'amazon.jsonl']);
    expect(await readFile(join(dir, 'amazon.jsonl'), 'utf8')).toBe(serializeRecord(dec) + '\n');
    expect(await readHistory(root, 'acme-books')).toEqual([octDone, nov, dec]);
  });

  it('reads an empty history when the tenant has none', async () => {
    expect(await readHistory(await tempRoot(), 'acme-books')).toEqual([]);
  });

  it('names the file and line of a damaged history line', async () => {
    const root = await tempRoot();
    await mkdir(join(root, 'catalog/acme-books/feeds'), { recursive: true });
    const good = serializeRecord(makeRecord({ startedAt: '2026-11-01T06:00:00.000Z' }));
    await writeFile(join(root, 'catalog/acme-books/feeds/amazon.jsonl'), `${good}\n{"id": broken\n`);
    const error = await readHistory(root, 'acme-books').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems[0]).toMatchObject({ path: 'catalog/acme-books/feeds/amazon.jsonl', line: 2 });
  });
});

describe('renderHistoryReadme', () => {
  it('shows status, last success, the recent feeds and the error codes per title', () => {
    const done = makeRecord({
      startedAt: '2026-11-01T06:00:00.000Z',
      status: 'done_with_errors',
      catalogCommit: '0123456789abcdef0123456789abcdef01234567',
      documents: [
        {
          fileName: 'acme-books_onix31_amazon_20261101_060000.xml',
          bytes: 100,
          sha256: 'f'.repeat(64),
          products: 2,
          contentType: 'text/xml; charset=UTF-8',
          feedId: '50001',
          processingStatus: 'DONE',
          report: {
            messagesProcessed: 2, messagesAccepted: 1, messagesInvalid: 1, errors: 1, warnings: 1,
            issues: [
              { code: '8560', severity: 'ERROR', message: 'Missing price', isbn: '9780306406157' },
              { code: '5000', severity: 'WARNING', message: 'identical', isbn: '9781861972712' },
            ],
          },
        },
      ],
    });
    const skipped = makeRecord({ startedAt: '2026-11-02T06:00:00.000Z', status: 'skipped', reason: 'No changes - feed skipped', kind: 'delta', counts: { sent: 0, deleted: 0, heldBack: 0 } });
    const readme = renderHistoryReadme('acme-books', [done, skipped]);
    expect(readme).toContain('**Channel status: ok**');
    expect(readme).toContain('Last successful feed: 2026-11-01T06:00:00.000Z (done_with_errors, feed `50001`), catalog commit `0123456789ab`');
    const rows = readme.split('\n').filter((l) => l.startsWith('| 2026'));
    expect(rows).toEqual([
      '| 2026-11-02T06:00:00.000Z | schedule | changed (delta) | skipped - No changes - feed skipped | 0 | - | 0 |',
      '| 2026-11-01T06:00:00.000Z | schedule | changed (full) | done_with_errors | 2 | `50001` | 1 |',
    ]);
    expect(readme).toContain('| 9780306406157 | 8560 | Missing price |');
    expect(readme).not.toContain('identical');
  });

  it('says when there is no feed yet', () => {
    const readme = renderHistoryReadme('acme-books', []);
    expect(readme).toContain('Last successful feed: none yet');
    expect(readme).toContain('No feeds yet.');
  });
});
