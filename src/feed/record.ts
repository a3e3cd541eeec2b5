/**
 * One line of `catalog/<tenant>/feeds/amazon.jsonl`: the outcome of one feed attempt. Append-only; the key order of
 * a written record is the order of the fields below (stable diffs).
 */
import type { ProcessingReport } from '../amazon/report.ts';
import type { DeliveryFormat, TitlesMode } from '../config/tenant.ts';

export type FeedStatus = 'done' | 'done_with_errors' | 'failed' | 'skipped' | 'in_progress';
export type Trigger = 'schedule' | 'manual';

/** Amazon's processing states (getFeed `processingStatus`). */
export type ProcessingStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED' | 'FATAL';

export interface FeedDocumentRecord {
  fileName: string;
  bytes: number;
  sha256: string;
  /** Products (or listings messages) in the document. */
  products: number;
  contentType: string;
  /** The ONIX header's MessageNumber (ONIX documents only); the next run numbers on from the highest recorded. */
  messageNumber?: number;
  feedDocumentId?: string;
  feedId?: string;
  processingStatus?: ProcessingStatus;
  /** When each processing status was first seen, ISO 8601. */
  statusTimeline?: { status: ProcessingStatus; at: string }[];
  report?: ProcessingReport;
  /**
   * ISBNs of the products in the document (updates and deletions), in message order. Written for delta feeds only: a
   * full feed carries every title of its catalog commit, and listing them would make one line as large as the catalog.
   * Lets the per-title trail and the open-errors table know which feeds carried a title without asking git.
   */
  isbns?: string[];
}

/**
 * A file the run built and kept but did not send: for a listings feed, the ONIX message of the same titles, the
 * publisher's record of what was sent. It is in the run's artifacts; the history keeps its size and hash.
 */
export interface FeedArtifactRecord {
  fileName: string;
  bytes: number;
  sha256: string;
  /** Products in the file. */
  products: number;
  /** The ONIX header's MessageNumber. */
  messageNumber?: number;
}

export interface FeedRecord {
  /** Unique id of the attempt, e.g. `20261128T060712Z-acme-books`. */
  id: string;
  tenant: string;
  trigger: Trigger;
  /** The scheduled slot this attempt serves (ISO 8601, UTC); absent for manual sends. */
  slot?: string;
  titlesMode: TitlesMode;
  /** What was actually built: a full catalog or a delta. */
  kind: 'full' | 'delta';
  format: DeliveryFormat;
  status: FeedStatus;
  /** Why the status is what it is, in words for people ("No changes - feed skipped"). */
  reason?: string;
  /** What the operator should know about the run although it did not fail (e.g. a feed type Amazon removed). */
  warnings?: string[];
  /** Why these titles were chosen ("2 changed, 1 deleted since 0123abcd", "No earlier successful feed - full feed"). */
  selection?: string;
  /** The commit the catalog was read at. */
  catalogCommit: string;
  /** The catalog commit of the last successful feed the delta was computed against. */
  baseCommit?: string;
  counts: { sent: number; deleted: number; heldBack: number };
  heldBack?: { isbn: string; path: string; reason: string }[];
  documents: FeedDocumentRecord[];
  /** Files kept with the run but not sent (listings feeds: the ONIX message of the titles sent). */
  artifacts?: FeedArtifactRecord[];
  attempts: number;
  startedAt: string;
  finishedAt?: string;
  runUrl?: string;
}
