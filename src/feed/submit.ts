/**
 * The Amazon half of a feed run, one step at a time, writing the journal after each: createFeedDocument -> upload
 * -> createFeed -> poll -> report. Every step first looks at the journal, so a resumed run continues after the last
 * completed step and never creates a feed for a document Amazon already has one for.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FeedSubmissionUnknownError } from '../amazon/errors.ts';
import { TERMINAL_STATUSES, type Feed, type FeedsClient } from '../amazon/feeds-client.ts';
import { redact } from '../amazon/redact.ts';
import type { ProcessingStatus } from './record.ts';
import { writeJournal, type Journal, type JournalDocument } from './journal.ts';
import { count, withIsbns } from './outcome.ts';

/** What the steps need besides the journal. */
export interface StepContext {
  api: FeedsClient;
  outDir: string;
  feedType: string;
  marketplaceIds: string[];
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  pollIntervalMs: number;
  log: (line: string) => void;
  /** Feed ids of the tenant's history: never mistaken for the outcome of an interrupted createFeed. */
  recordedFeedIds: ReadonlySet<string>;
}

/**
 * A run died between calling createFeed and writing its answer down: the client looks for the feed it may have
 * created (none: createFeed did not take effect, so it is safe to call again). The run's other documents and the
 * feeds in the history are excluded, so an earlier feed is never mistaken for this one. Several candidates end in
 * FeedSubmissionUnknownError: nothing is sent again.
 */
async function lookUpInterruptedFeed(journal: Journal, doc: JournalDocument, ctx: StepContext): Promise<string | undefined> {
  const exclude = [...ctx.recordedFeedIds, ...journal.documents.flatMap((d) => (d.feedId ? [d.feedId] : []))];
  try {
    return await ctx.api.findSubmittedFeed({ feedType: ctx.feedType, marketplaceIds: ctx.marketplaceIds }, new Date(doc.createFeedStartedAt!), exclude);
  } catch (error) {
    if (!(error instanceof FeedSubmissionUnknownError)) throw error;
    throw new FeedSubmissionUnknownError(
      `the previous run was stopped while creating the feed for ${doc.fileName}: ${error.message} Check these feeds in Seller Central before sending the titles again.`,
      error.candidateFeedIds,
    );
  }
}

/**
 * Amazon lists feeds of the tenant's type that no record accounts for: most likely a runner died after createFeed and
 * its journal was lost with it. Sending again could apply the titles twice, and the lost feed would have no record.
 */
export class UnrecordedFeedError extends Error {
  override name = 'UnrecordedFeedError';
  constructor(readonly feeds: Pick<Feed, 'feedId' | 'createdTime' | 'processingStatus'>[], feedType: string) {
    const listed = feeds.map((f) => `${f.feedId} (created ${f.createdTime}, ${f.processingStatus})`).join(', ');
    super(
      `Amazon lists ${feeds.length === 1 ? 'a' : feeds.length} ${feedType} ${feeds.length === 1 ? 'feed' : 'feeds'} of this seller that no record ` +
        `accounts for: ${listed}. A run that died after createFeed leaves such a feed, and reconcile cannot know it. Nothing was sent. ` +
        `Check ${feeds.length === 1 ? 'it' : 'them'} in Seller Central or with getFeed; then send again with --force (the send-now workflow's ` +
        `force input) to send anyway. See "A feed Amazon has but the history does not" in docs/operators.md.`,
    );
  }
}

/** getFeeds takes at most 10 marketplace ids; with more, the listed feeds are matched here instead. */
const GET_FEEDS_MAX_MARKETPLACES = 10;

/**
 * Before the first createFeed of a fresh run: throws {@link UnrecordedFeedError} when Amazon lists a feed of the
 * tenant's type and marketplaces created since `since` that is not in the history. Cancelled feeds did nothing.
 */
export async function checkNoUnrecordedFeeds(ctx: StepContext, since: Date): Promise<void> {
  const narrow = ctx.marketplaceIds.length <= GET_FEEDS_MAX_MARKETPLACES;
  const found: Feed[] = [];
  let page = await ctx.api.getFeeds({
    feedTypes: [ctx.feedType], marketplaceIds: narrow ? ctx.marketplaceIds : undefined, createdSince: since, pageSize: 100,
  });
  for (;;) {
    found.push(...page.feeds);
    if (!page.nextToken) break;
    page = await ctx.api.getFeeds({ nextToken: page.nextToken });
  }
  const ours = new Set(ctx.marketplaceIds);
  const unrecorded = found.filter(
    (f) => !ctx.recordedFeedIds.has(f.feedId) && f.processingStatus !== 'CANCELLED' && (!f.marketplaceIds || f.marketplaceIds.some((m) => ours.has(m))),
  );
  if (unrecorded.length) throw new UnrecordedFeedError(unrecorded, ctx.feedType);
}

async function save(journal: Journal, ctx: StepContext): Promise<void> {
  await writeJournal(ctx.outDir, journal);
}

/** Uploads and creates the feed of every document that has none yet. */
export async function submitDocuments(journal: Journal, ctx: StepContext): Promise<void> {
  for (const [i, doc] of journal.documents.entries()) {
    const label = `document ${i + 1}/${journal.documents.length} ${doc.fileName}`;
    if (doc.feedId) continue;
    if (doc.createFeedStartedAt) {
      const found = await lookUpInterruptedFeed(journal, doc, ctx);
      if (found) {
        doc.feedId = found;
        ctx.log(`${label}: found feed ${found} created by the interrupted run; not submitting again`);
        await save(journal, ctx);
        continue;
      }
      ctx.log(`${label}: the interrupted createFeed did not take effect; creating the feed`);
      delete doc.createFeedStartedAt;
    }
    if (!doc.uploaded || !doc.feedDocumentId) {
      ctx.log(`${label}: createFeedDocument`);
      const created = await ctx.api.createFeedDocument(doc.contentType);
      doc.feedDocumentId = created.feedDocumentId;
      await save(journal, ctx);
      const body = await readFile(doc.path);
      ctx.log(`${label}: uploading ${body.length} bytes (${count(doc.products, 'product')})`);
      await ctx.api.uploadDocument(created.url, body, doc.contentType);
      doc.uploaded = true;
      await save(journal, ctx);
      ctx.log(`${label}: uploaded ${body.length} bytes`);
    }
    doc.createFeedStartedAt = ctx.now().toISOString();
    await save(journal, ctx);
    const { feedId } = await ctx.api.createFeed({ feedType: ctx.feedType, marketplaceIds: ctx.marketplaceIds, inputFeedDocumentId: doc.feedDocumentId! });
    doc.feedId = feedId;
    await save(journal, ctx);
    ctx.log(`${label}: createFeed -> feed ${feedId}`);
  }
}

function noteStatus(doc: JournalDocument, status: ProcessingStatus, at: Date): boolean {
  if (doc.processingStatus === status) return false;
  doc.processingStatus = status;
  doc.statusTimeline = [...(doc.statusTimeline ?? []), { status, at: at.toISOString() }];
  return true;
}

/** Whether nothing more is to be learnt about the document's feed. */
export function isFinished(doc: JournalDocument): boolean {
  return !!doc.processingStatus && TERMINAL_STATUSES.has(doc.processingStatus) && (!!doc.report || doc.noReport === true);
}

/**
 * `feed-<id>.processing-report.xml` (or `.json` for a listings report): Amazon's result document kept beside the
 * documents sent, so the run's artifacts hold what Amazon said word for word.
 */
export function processingReportFileName(feedId: string, text: string): string {
  return `feed-${feedId.replace(/[^A-Za-z0-9_-]/g, '_')}.processing-report.${/^\s*[[{]/.test(text) ? 'json' : 'xml'}`;
}

/**
 * Records the feed's state on the document; when the feed has ended, downloads and reads its report (with ISBNs on
 * the issues).
 */
export async function applyFeedState(feed: Feed, doc: JournalDocument, journal: Journal, ctx: StepContext): Promise<void> {
  if (noteStatus(doc, feed.processingStatus, ctx.now())) await save(journal, ctx);
  if (!TERMINAL_STATUSES.has(feed.processingStatus) || doc.report) return;
  const { report, text } = await ctx.api.getFeedResult(feed);
  if (text !== undefined) {
    const file = processingReportFileName(feed.feedId, text);
    await writeFile(join(ctx.outDir, file), text);
    ctx.log(`feed ${feed.feedId}: Amazon's processing report saved as ${file}`);
  }
  if (report) {
    doc.report = withIsbns(report, doc);
    ctx.log(`feed ${feed.feedId}: report: ${report.messagesProcessed} processed, ${report.messagesAccepted} accepted, ${count(report.errors, 'error')}, ${count(report.warnings, 'warning')}`);
  } else {
    doc.noReport = true;
    ctx.log(`feed ${feed.feedId}: ${feed.processingStatus} without a processing report`);
  }
  await save(journal, ctx);
}

/**
 * Polls each document's feed every `pollIntervalMs` until it ends or `deadline` passes; a feed still running at the
 * deadline is left in progress (the caller records it; reconcile finishes it later).
 */
export async function pollDocuments(journal: Journal, ctx: StepContext, deadline: Date): Promise<void> {
  for (const doc of journal.documents) {
    if (!doc.feedId || isFinished(doc)) continue;
    let statusSaved = Promise.resolve();
    const feed = await ctx.api.pollFeed(doc.feedId, {
      intervalMs: ctx.pollIntervalMs,
      timeoutMs: Math.max(0, deadline.getTime() - ctx.now().getTime()),
      onStatus: (seen) => {
        ctx.log(`feed ${seen.feedId}: ${seen.processingStatus}`);
        if (noteStatus(doc, seen.processingStatus, ctx.now())) statusSaved = statusSaved.then(() => save(journal, ctx));
      },
    });
    await statusSaved;
    await applyFeedState(feed, doc, journal, ctx);
    if (!TERMINAL_STATUSES.has(feed.processingStatus)) ctx.log(`polling deadline reached: feed ${feed.feedId} is still ${feed.processingStatus}`);
  }
}

/** A message for a failed step: redacted (no token or pre-signed URL ever reaches a record or a log). */
export function describeFailure(error: unknown): string {
  return redact(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
