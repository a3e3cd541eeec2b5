import { describe, expect, it } from 'vitest';
import { feedOutcome, withIsbns } from '../../src/feed/outcome.ts';
import type { FeedDocumentRecord } from '../../src/feed/record.ts';
import type { ProcessingReport } from '../../src/amazon/report.ts';
import { isbn } from './titles.ts';

const report = (issues: ProcessingReport['issues'], errors = issues.filter((i) => i.severity === 'ERROR').length): ProcessingReport => ({
  messagesProcessed: 3, messagesAccepted: 3 - errors, messagesInvalid: errors, errors, warnings: 0, issues,
});
const doc = (overrides: Partial<FeedDocumentRecord>): FeedDocumentRecord => ({
  fileName: 'f.xml', bytes: 1, sha256: 'x', products: 3, contentType: 'text/xml; charset=UTF-8', feedId: '1', ...overrides,
});

describe('withIsbns', () => {
  it('resolves the ISBN from the listings SKU map, an ISBN inside the SKU, or the message number', () => {
    const resolved = withIsbns(
      report([
        { code: 'a', severity: 'ERROR', message: 'm', sku: 'NW-SKU-1' },
        { code: 'b', severity: 'ERROR', message: 'm', sku: `NW-${isbn(2)}` },
        { code: 'c', severity: 'WARNING', message: 'm', messageId: 3 },
        { code: 'd', severity: 'ERROR', message: 'm', sku: 'unknown', messageId: 9 },
      ]),
      { isbns: [isbn(1), isbn(2), isbn(3)], skuToIsbn: { 'NW-SKU-1': isbn(1) } },
    );
    expect(resolved.issues.map((i) => i.isbn)).toEqual([isbn(1), isbn(2), isbn(3), undefined]);
  });
});

describe('feedOutcome', () => {
  it('is in progress while any feed runs, failed when any ended otherwise than DONE, else done or done with errors', () => {
    expect(feedOutcome([doc({ processingStatus: 'DONE', report: report([]) }), doc({ feedId: '2', processingStatus: 'IN_QUEUE' })])).toEqual({
      status: 'in_progress', reason: 'Amazon is still processing feed 2 (IN_QUEUE); reconcile records the outcome',
    });
    expect(feedOutcome([doc({ processingStatus: 'CANCELLED' }), doc({ feedId: '2', processingStatus: 'DONE' })])).toEqual({
      status: 'failed', reason: 'Amazon did not process feed 1 (CANCELLED)',
    });
    const rejected = report([{ code: '8106', severity: 'ERROR', message: 'no price', isbn: isbn(1) }]);
    expect(feedOutcome([doc({ processingStatus: 'DONE', report: rejected })])).toEqual({
      status: 'done_with_errors', reason: 'Amazon rejected 1 of 3 products (1 error)',
    });
    expect(feedOutcome([doc({ processingStatus: 'DONE', report: report([]) })])).toEqual({ status: 'done', reason: 'Amazon accepted 3 products' });
  });

  it('says feed and product in the singular for one, in the plural for several', () => {
    expect(feedOutcome([doc({ products: 1, processingStatus: 'DONE', report: report([]) })]).reason).toBe('Amazon accepted 1 product');
    expect(feedOutcome([doc({ processingStatus: 'FATAL' }), doc({ feedId: '2', processingStatus: 'CANCELLED' })]).reason).toBe(
      'Amazon did not process feeds 1 (FATAL), 2 (CANCELLED)',
    );
    expect(feedOutcome([doc({ processingStatus: 'IN_PROGRESS' }), doc({ feedId: '2' })]).reason).toBe(
      'Amazon is still processing feeds 1 (IN_PROGRESS), 2 (unknown); reconcile records the outcome',
    );
  });
});
