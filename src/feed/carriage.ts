/**
 * What one feed record says about one title: whether the feed carried it, and what Amazon made of it. Pure: it reads
 * only the record (the per-title trail adds what git knows for records that do not list their ISBNs).
 */
import type { ReportIssue } from '../amazon/report.ts';
import type { FeedRecord } from './record.ts';

/** Amazon's verdict on one title in one feed. */
export type TitleResult =
  /** Processed without an error for the title (warnings may remain). */
  | { kind: 'accepted'; warnings: ReportIssue[] }
  /** Processed, and Amazon reported at least one error for the title. */
  | { kind: 'rejected'; errors: ReportIssue[]; warnings: ReportIssue[] }
  /** The feed did not reach a processing result (FATAL, CANCELLED, or it failed before Amazon had it). */
  | { kind: 'not_processed'; reason: string }
  /** Amazon is still processing the feed. */
  | { kind: 'pending'; reason: string };

/** Whether the record is a feed that was sent or tried (not a skipped run). */
export function isFeed(record: FeedRecord): boolean {
  return record.status !== 'skipped';
}

/** Whether the record is a successful feed: the kind a delta is computed against. */
export function isSuccess(record: Pick<FeedRecord, 'status'>): boolean {
  return record.status === 'done' || record.status === 'done_with_errors';
}

/** The ISBNs a record's documents list, or undefined when any document does not list them (full feeds, old records). */
export function listedIsbns(record: FeedRecord): Set<string> | undefined {
  if (!record.documents.length || record.documents.some((d) => !d.isbns)) return undefined;
  return new Set(record.documents.flatMap((d) => d.isbns ?? []));
}

/** Issues Amazon reported for `isbn` in the record, every document. */
export function issuesFor(record: FeedRecord, isbn: string): ReportIssue[] {
  return record.documents.flatMap((d) => (d.report?.issues ?? []).filter((i) => i.isbn === isbn));
}

/** Why the record held the title back (invalid file), if it did. */
export function heldBackReason(record: FeedRecord, isbn: string): string | undefined {
  return record.heldBack?.find((h) => h.isbn === isbn)?.reason;
}

/**
 * Whether the record alone proves the feed carried `isbn`: the documents list it, or Amazon reported on it. Undefined
 * when the record cannot say (a full feed, or a delta written before documents listed their ISBNs).
 */
export function carriedPerRecord(record: FeedRecord, isbn: string): boolean | undefined {
  if (!isFeed(record) || heldBackReason(record, isbn) !== undefined) return false;
  const listed = listedIsbns(record);
  if (listed) return listed.has(isbn);
  if (issuesFor(record, isbn).length) return true;
  return undefined;
}

/** The documents of the record that may hold `isbn`: the ones listing it, or all when they do not list ISBNs. */
function documentsWith(record: FeedRecord, isbn: string) {
  const listing = record.documents.filter((d) => d.isbns?.includes(isbn));
  return listing.length ? listing : record.documents;
}

/** What Amazon made of `isbn` in a feed that carried it. */
export function titleResult(record: FeedRecord, isbn: string): TitleResult {
  const documents = documentsWith(record, isbn);
  if (!documents.length || documents.some((d) => d.processingStatus !== 'DONE')) {
    if (record.status === 'in_progress') return { kind: 'pending', reason: record.reason ?? 'Amazon is still processing the feed' };
    return { kind: 'not_processed', reason: record.reason ?? `feed ${record.status}` };
  }
  const issues = issuesFor(record, isbn);
  const errors = issues.filter((i) => i.severity === 'ERROR');
  const warnings = issues.filter((i) => i.severity === 'WARNING');
  return errors.length ? { kind: 'rejected', errors, warnings } : { kind: 'accepted', warnings };
}

/** One line for people: "accepted", "rejected: 8560 SKU mismatch", "not processed: ...". */
export function describeResult(result: TitleResult): string {
  switch (result.kind) {
    case 'accepted':
      return result.warnings.length ? `accepted, with warnings: ${issueList(result.warnings)}` : 'accepted';
    case 'rejected':
      return `rejected: ${issueList(result.errors)}`;
    case 'not_processed':
      return `not processed: ${result.reason}`;
    case 'pending':
      return `pending: ${result.reason}`;
  }
}

function issueList(issues: ReportIssue[]): string {
  return issues.map((i) => `${i.code} ${i.message}`).join('; ');
}
