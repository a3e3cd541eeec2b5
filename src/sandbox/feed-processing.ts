/**
 * What happens to a feed once it leaves IN_PROGRESS: its uploaded document is read the way the feed type says and
 * a processing report is computed from it. ONIX uploads get Amazon's XML ProcessingReport; JSON_LISTINGS_FEED
 * uploads get the JSON listings report built by `listings-report.ts` (FATAL, with that report, when it refuses the
 * whole document).
 */
import { UnreadableOnixError, reviewOnix } from './onix-review.ts';
import type { ResultCharset } from './charset.ts';
import { buildListingsReport } from './listings-report.ts';
import { renderProcessingReport, type ReportResult } from './processing-report-xml.ts';

/** Feed types whose document the sandbox reads as ONIX XML. */
export const ONIX_FEED_TYPES: ReadonlySet<string> = new Set(['POST_PRODUCT_DATA']);
/** The JSON listings feed type. */
export const LISTINGS_FEED_TYPE = 'JSON_LISTINGS_FEED';

/** Result message codes for feed-level failures (5001 is Amazon's own "XML Parsing Fatal Error"). */
export const FEED_RESULT_CODES = {
  unreadable: 5001,
  unsupportedFeedType: 5002,
  documentNotUploaded: 5003,
  injectedFatal: 5004,
} as const;

/** The finished state of a feed and the report it leaves, if any. */
export interface FeedOutcome {
  status: 'DONE' | 'FATAL';
  report?: { kind: 'xml' | 'json'; text: string };
  /** RecordReferences the receiver now holds, and those it deleted (ONIX feeds that ended DONE). */
  received: string[];
  deleted: string[];
}

/** A feed to process, with its uploaded document when there is one. */
export interface FeedToProcess {
  feedId: string;
  feedType: string;
  document?: { contentType: string; body: Buffer };
  /** An injected end: `FATAL` (with a report) or `FATAL-noreport`. */
  fate?: string;
  /** The charset XML reports are written in (their XML declaration says so). */
  reportCharset: ResultCharset;
}

/** Processes a feed against what the receiver holds (`known` RecordReferences). */
export function processFeed(feed: FeedToProcess, known: ReadonlySet<string>): FeedOutcome {
  if (feed.fate === 'FATAL-noreport') return { status: 'FATAL', received: [], deleted: [] };
  if (feed.fate === 'FATAL') return fatal(feed, FEED_RESULT_CODES.injectedFatal, 'The feed was aborted by an internal error (injected fault feed:FATAL). Resubmitting may help.');
  if (!feed.document) {
    return fatal(feed, FEED_RESULT_CODES.documentNotUploaded, 'The input feed document was never uploaded: PUT the document to its URL before calling createFeed.');
  }
  if (!ONIX_FEED_TYPES.has(feed.feedType) && feed.feedType !== LISTINGS_FEED_TYPE) {
    const supported = [...ONIX_FEED_TYPES, LISTINGS_FEED_TYPE].join(', ');
    return fatal(feed, FEED_RESULT_CODES.unsupportedFeedType, `Feed type ${feed.feedType} is not supported by this sandbox (it processes ${supported}).`);
  }
  let text: string;
  try {
    text = decode(feed.document);
  } catch (error) {
    return fatal(feed, FEED_RESULT_CODES.unreadable, (error as Error).message);
  }
  return feed.feedType === LISTINGS_FEED_TYPE ? processListings(feed, text) : processOnix(feed, text, known);
}

function decode(document: { contentType: string; body: Buffer }): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(document.contentType)?.[1] ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new Error(`The declared charset '${charset}' (Content-Type '${document.contentType}') is not known.`);
  }
  try {
    return decoder.decode(document.body);
  } catch {
    throw new Error(`The document is not valid ${charset} as its Content-Type '${document.contentType}' declares.`);
  }
}

function processOnix(feed: FeedToProcess, text: string, known: ReadonlySet<string>): FeedOutcome {
  try {
    const review = reviewOnix(text, known);
    const results: ReportResult[] = review.findings.map((f) => ({
      messageId: f.messageId,
      resultCode: f.severity,
      messageCode: f.code,
      description: f.description,
      sku: f.sku,
    }));
    const messagesWith = (severity: string) => new Set(review.findings.filter((f) => f.severity === severity).map((f) => f.messageId)).size;
    const reportText = renderProcessingReport(
      { documentTransactionId: feed.feedId, processed: review.products, withError: messagesWith('Error'), withWarning: messagesWith('Warning'), results },
      feed.reportCharset,
    );
    return { status: 'DONE', report: { kind: 'xml', text: reportText }, received: review.received, deleted: review.deleted };
  } catch (error) {
    if (!(error instanceof UnreadableOnixError)) throw error;
    return fatal(feed, FEED_RESULT_CODES.unreadable, `The document could not be read as ONIX: ${error.message}`);
  }
}

function processListings(feed: FeedToProcess, text: string): FeedOutcome {
  const { report, fatal: refused } = buildListingsReport(text, { feedId: feed.feedId });
  return { status: refused ? 'FATAL' : 'DONE', report: { kind: 'json', text: JSON.stringify(report, null, 2) }, received: [], deleted: [] };
}

/** A feed-level failure: no message was processed, and one Result (MessageID 0) says why, as Amazon's 5001 does. */
function fatal(feed: FeedToProcess, code: number, description: string): FeedOutcome {
  const text = renderProcessingReport(
    { documentTransactionId: feed.feedId, processed: 0, withError: 0, withWarning: 0, results: [{ messageId: 0, resultCode: 'Error', messageCode: code, description }] },
    feed.reportCharset,
  );
  return { status: 'FATAL', report: { kind: 'xml', text }, received: [], deleted: [] };
}
