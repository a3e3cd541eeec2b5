/**
 * Feed records for the GitHub tests, shaped like the ones `send` writes.
 */
import type { FeedRecord } from '../../src/feed/record.ts';
import type { ReportIssue } from '../../src/amazon/report.ts';

/** A finished scheduled feed of `tenant` with one document; override any field. */
export function feedRecord(overrides: Partial<FeedRecord> = {}): FeedRecord {
  const tenant = overrides.tenant ?? 'harbour-lane';
  return {
    id: `20261128T060712Z-${tenant}`,
    tenant,
    trigger: 'schedule',
    slot: '2026-11-28T06:00:00.000Z',
    titlesMode: 'changed',
    kind: 'delta',
    format: 'onix',
    status: 'done',
    catalogCommit: '1f2e3d4c5b6a79881f2e3d4c5b6a79881f2e3d4c',
    baseCommit: '0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
    counts: { sent: 12, deleted: 1, heldBack: 0 },
    documents: [
      {
        fileName: `${tenant}_onix31_amazon_20261128_060712.xml`,
        bytes: 48_213,
        sha256: 'a3f5'.repeat(16),
        products: 13,
        contentType: 'text/xml; charset=UTF-8',
        feedDocumentId: 'amzn1.tortuga.4.na.0c2b6f9d-doc',
        feedId: '50012019735',
        processingStatus: 'DONE',
        statusTimeline: [
          { status: 'IN_QUEUE', at: '2026-11-28T06:07:20.000Z' },
          { status: 'IN_PROGRESS', at: '2026-11-28T06:07:50.000Z' },
          { status: 'DONE', at: '2026-11-28T06:09:01.000Z' },
        ],
        report: { messagesProcessed: 13, messagesAccepted: 13, messagesInvalid: 0, errors: 0, warnings: 0, issues: [] },
      },
    ],
    attempts: 1,
    startedAt: '2026-11-28T06:07:12.000Z',
    finishedAt: '2026-11-28T06:09:05.000Z',
    runUrl: 'https://github.com/acme/feeds/actions/runs/1',
    ...overrides,
  };
}

/** `count` error issues, one per ISBN. */
export function errorIssues(count: number, code = '8560'): ReportIssue[] {
  return Array.from({ length: count }, (_, i) => ({
    code,
    severity: 'ERROR' as const,
    message: `SKU ${9781000000000 + i} is missing the required field ProductForm | contains <b>markup</b>`,
    messageId: i + 1,
    isbn: String(9781000000000 + i),
  }));
}

/** A failed feed whose only document Amazon processed with `issues`. */
export function failedRecord(tenant: string, issues: ReportIssue[] = errorIssues(2)): FeedRecord {
  const base = feedRecord({ tenant });
  return {
    ...base,
    id: `20261128T070712Z-${tenant}`,
    status: 'failed',
    reason: 'Amazon ended the feed FATAL after 3 attempts',
    attempts: 3,
    startedAt: '2026-11-28T07:07:12.000Z',
    slot: '2026-11-28T07:00:00.000Z',
    documents: [
      {
        ...base.documents[0],
        processingStatus: 'FATAL',
        report: { messagesProcessed: 13, messagesAccepted: 11, messagesInvalid: 2, errors: issues.length, warnings: 0, issues },
      },
    ],
  };
}
