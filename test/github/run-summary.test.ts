import { describe, expect, it } from 'vitest';
import { renderRunSummary, cronDelay, oneLineResult } from '../../src/github/run-summary.ts';
import { boundedTable, byteLength, cell, formatBytes, formatDuration } from '../../src/github/markdown.ts';
import { errorIssues, failedRecord, feedRecord } from './records.ts';

const historyUrl = (tenant: string) => `https://github.com/acme/feeds/tree/main/catalog/${tenant}/feeds`;

describe('renderRunSummary', () => {
  it('shows what was sent, when, and what Amazon said', () => {
    const md = renderRunSummary([feedRecord()], { historyUrl });
    expect(md).toContain('## harbour-lane: ✅ done');
    expect(md).toContain('| Trigger | schedule |');
    expect(md).toContain('| Scheduled slot (UTC) | 2026-11-28T06:00:00.000Z |');
    expect(md).toContain('| Cron delay | 7 min 12 s |');
    expect(md).toContain('| Titles | changed → delta feed (onix) |');
    expect(md).toContain('| Products | 12 sent, 0 held back, 1 deleted |');
    expect(md).toContain('47.1 KiB (48,213 bytes)');
    expect(md).toContain('a3f5'.repeat(16));
    expect(md).toContain('50012019735');
    expect(md).toContain('IN_QUEUE 06:07:20 → IN_PROGRESS 06:07:50 → DONE 06:09:01');
    expect(md).toContain('13 processed, 13 accepted, 0 invalid; 0 errors, 0 warnings');
    expect(md).toContain('[catalog/harbour-lane/feeds](https://github.com/acme/feeds/tree/main/catalog/harbour-lane/feeds)');
  });

  it('shows each tenant\'s channel status after the run, and the warnings of a record', () => {
    const channels = new Map([['harbour-lane', 'ok' as const], ['northwind-books', 'error' as const]]);
    const warned = feedRecord({ warnings: ['Amazon removed the POST_PRODUCT_DATA feed type on 2025-07-31: use listings'] });
    const one = renderRunSummary([warned], { channels });
    expect(one).toContain('| Channel status | 🟢 ok |');
    expect(one).toContain('> [!WARNING]\n> Amazon removed the POST_PRODUCT_DATA feed type on 2025-07-31: use listings\n');
    const both = renderRunSummary([feedRecord(), failedRecord('northwind-books')], { channels });
    expect(both).toContain('| tenant | status | channel | trigger |');
    expect(both).toMatch(/\| northwind-books \| ❌ failed \| error \| schedule \|/);
    expect(both).toContain('| Channel status | 🔴 error: feeds fail until one succeeds (a failure issue tracks it) |');
    expect(renderRunSummary([feedRecord()])).not.toContain('Channel status');
  });

  it('says what the run\'s artifacts hold, counted in agreeing words, with the ONIX record of a listings feed', () => {
    const artifactsUrl = 'https://github.com/acme/feeds/actions/runs/1#artifacts';
    const onix = feedRecord();
    expect(renderRunSummary([onix], { artifactsUrl })).toContain(`| Files | 1 document sent and the run record, in the run's [artifacts](${artifactsUrl}) |`);
    const listings = feedRecord({
      format: 'listings',
      documents: [0, 1].map(() => ({ ...onix.documents[0], fileName: 'harbour-lane_listings_amazon_20261128_060712.json', contentType: 'application/json; charset=UTF-8' })),
      artifacts: [{ fileName: 'harbour-lane_onix31_amazon_20261128_060712.xml', bytes: 48_213, sha256: 'a3f5'.repeat(16), products: 13 }],
    });
    expect(renderRunSummary([listings], { artifactsUrl })).toContain(
      `| Files | 2 documents sent, the ONIX file recording what was sent and the run record, in the run's [artifacts](${artifactsUrl}) |`,
    );
    expect(renderRunSummary([listings])).toContain(
      `### ONIX record of what was sent (kept, not sent)\n\n| file | size | sha256 | products |\n|---|---|---|---|\n| harbour-lane_onix31_amazon_20261128_060712.xml | 47.1 KiB (48,213 bytes) | ${'a3f5'.repeat(16)} | 13 |`,
    );
    expect(renderRunSummary([onix])).not.toContain('ONIX record');
    expect(renderRunSummary([feedRecord({ status: 'skipped', documents: [] })], { artifactsUrl })).not.toContain('| Files |');
  });

  it('lists Amazon errors with code, message and ISBN, escaped for a table', () => {
    const md = renderRunSummary([failedRecord('northwind-books')]);
    expect(md).toContain('## northwind-books: ❌ failed');
    expect(md).toContain('### Issues Amazon reported (2)');
    expect(md).toContain(
      '| ERROR | 8560 | SKU 9781000000000 is missing the required field ProductForm \\| contains &lt;b&gt;markup&lt;/b&gt; | 9781000000000 |',
    );
    expect(md).toContain('| Reason | Amazon ended the feed FATAL after 3 attempts |');
  });

  it('has no cron delay for a manual send and an overview when several tenants ran', () => {
    const manual = feedRecord({ tenant: 'northwind-books', trigger: 'manual', slot: undefined });
    expect(cronDelay(manual)).toBeUndefined();
    const md = renderRunSummary([feedRecord(), manual], { historyUrl });
    expect(md).toMatch(/^# onix-feeds: 2 feeds\n/);
    expect(md).toContain('| [northwind-books](https://github.com/acme/feeds/tree/main/catalog/northwind-books/feeds) | ✅ done | manual | - | - | 12 | 0 | 1 | 50012019735 |');
    expect(md).not.toContain('| Cron delay | - |');
  });

  it('stays under the budget for 100,000 errors and 100,000 held-back titles, saying how many were left out', () => {
    const huge = failedRecord('harbour-lane', errorIssues(100_000));
    huge.heldBack = Array.from({ length: 100_000 }, (_, i) => ({
      isbn: String(9782000000000 + i),
      path: `catalog/harbour-lane/titles/${9782000000000 + i}.yaml`,
      reason: 'ONIX XSD: element ProductForm is missing',
    }));
    const md = renderRunSummary([huge, feedRecord({ tenant: 'northwind-books' })]);
    expect(byteLength(md)).toBeLessThanOrEqual(900 * 1024);
    expect(md).toMatch(/_[\d,]+ more issues not shown; the full list is in the run's artifacts\._/);
    expect(md).toMatch(/_[\d,]+ more titles not shown; the full list is in the feed history record\._/);
    // The second tenant is not crowded out by the first one's flood.
    expect(md).toContain('## northwind-books: ✅ done');
    const shown = md.match(/^\| ERROR \| 8560 \|/gm)?.length ?? 0;
    const notShown = Number(md.match(/_([\d,]+) more issues not shown/)![1].replace(/,/g, ''));
    expect(shown + notShown).toBe(100_000);
  });

  it('fits a tiny budget too', () => {
    const md = renderRunSummary([failedRecord('harbour-lane', errorIssues(50))], { maxBytes: 3000 });
    expect(byteLength(md)).toBeLessThanOrEqual(3000);
    expect(md).toContain('more issues not shown');
  });

  it('says so when there are no records', () => {
    expect(renderRunSummary([])).toContain('No feed records in this run');
  });

  it('gives a one-line result for logs', () => {
    expect(oneLineResult(feedRecord())).toBe('harbour-lane: done, 12 sent, 0 held back, 1 deleted, feed 50012019735');
  });
});

describe('markdown helpers', () => {
  it('escapes cells and formats sizes and durations', () => {
    expect(cell('a|b\nc <x> & y')).toBe('a\\|b c &lt;x&gt; &amp; y');
    expect(cell(undefined)).toBe('-');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10.0 MiB (10,485,760 bytes)');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(3_780_000)).toBe('1 h 3 min');
  });

  it('bounds a table by bytes', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i, 'x'.repeat(50)]);
    const table = boundedTable({ headers: ['n', 'text'], rows, maxBytes: 2000, noun: 'rows' });
    expect(byteLength(table)).toBeLessThanOrEqual(2000);
    const shown = table.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length;
    expect(table).toContain(`_${(1000 - shown).toLocaleString('en-US')} more rows not shown._`);
    expect(boundedTable({ headers: ['n'], rows: [[1]], maxBytes: 1000, noun: 'rows' })).toBe('| n |\n|---|\n| 1 |\n');
  });
});
