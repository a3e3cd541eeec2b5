/**
 * What a run's documents add up to: the record's status and reason, and the ISBN on each issue Amazon reported.
 */
import { TERMINAL_STATUSES } from '../amazon/feeds-client.ts';
import type { ProcessingReport } from '../amazon/report.ts';
import { isValidIsbn13 } from '../catalog/isbn.ts';
import type { FeedDocumentRecord, FeedStatus } from './record.ts';

/** Where a document's messages came from, to put an ISBN on an issue. */
export interface MessageIndex {
  /** ISBN of message n at `isbns[n - 1]` (unknown to reconcile, which has only the record). */
  isbns?: string[];
  /** Listings SKU -> ISBN. */
  skuToIsbn?: Record<string, string>;
}

/** The ISBN inside a SKU: the SKU itself for ONIX reports, the `{isbn}` of a listings SKU template. */
function isbnInSku(sku: string): string | undefined {
  return sku.match(/97[89]\d{10}/g)?.find(isValidIsbn13);
}

/** The report with each issue's ISBN resolved from its SKU or its message number. */
export function withIsbns(report: ProcessingReport, index: MessageIndex): ProcessingReport {
  return {
    ...report,
    issues: report.issues.map((issue) => {
      const bySku = issue.sku ? (index.skuToIsbn?.[issue.sku] ?? isbnInSku(issue.sku)) : undefined;
      const byMessage = issue.messageId ? index.isbns?.[issue.messageId - 1] : undefined;
      const isbn = issue.isbn ?? bySku ?? byMessage;
      return isbn ? { ...issue, isbn } : issue;
    }),
  };
}

/** `1 product`, `2 products`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `feed 12 (FATAL)`, `feeds 12 (FATAL), 13 (CANCELLED)`: the documents' feeds with their processing status. */
export function feedsWithStatus(documents: FeedDocumentRecord[]): string {
  const ids = documents.map((d) => `${d.feedId} (${d.processingStatus ?? 'unknown'})`).join(', ');
  return `${documents.length === 1 ? 'feed' : 'feeds'} ${ids}`;
}

/** The status and reason of a run whose documents all have a feed. */
export function feedOutcome(documents: FeedDocumentRecord[]): { status: FeedStatus; reason: string } {
  const pending = documents.filter((d) => !d.processingStatus || !TERMINAL_STATUSES.has(d.processingStatus));
  if (pending.length) {
    return { status: 'in_progress', reason: `Amazon is still processing ${feedsWithStatus(pending)}; reconcile records the outcome` };
  }
  const ended = documents.filter((d) => d.processingStatus !== 'DONE');
  if (ended.length) return { status: 'failed', reason: `Amazon did not process ${feedsWithStatus(ended)}` };
  const errors = documents.reduce((n, d) => n + (d.report?.errors ?? 0), 0);
  const invalid = documents.reduce((n, d) => n + (d.report?.messagesInvalid ?? 0), 0);
  const products = documents.reduce((n, d) => n + d.products, 0);
  if (errors || invalid) {
    return { status: 'done_with_errors', reason: `Amazon rejected ${invalid} of ${count(products, 'product')} (${count(errors, 'error')})` };
  }
  return { status: 'done', reason: `Amazon accepted ${count(products, 'product')}` };
}
