/**
 * The sandbox's feeds and documents. A feed's status is a function of the clock: IN_QUEUE until its queue delay has
 * passed, IN_PROGRESS for the processing delay, then DONE or FATAL with a report computed from its document the
 * first time anyone looks. Tests move the injected clock instead of waiting.
 */
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ProcessingStatus } from '../feed/record.ts';
import { encodeText, type ResultCharset } from './charset.ts';
import { processFeed } from './feed-processing.ts';

/** A feed as getFeed returns it (the model's `Feed`). */
export interface FeedView {
  feedId: string;
  feedType: string;
  marketplaceIds: string[];
  createdTime: string;
  processingStatus: ProcessingStatus;
  processingStartTime?: string;
  processingEndTime?: string;
  resultFeedDocumentId?: string;
}

/** A document: an input the client uploads, or a result the sandbox wrote (gzip-compressed). */
export interface StoredDocument {
  id: string;
  kind: 'input' | 'result';
  /** For inputs: the Content-Type declared at createFeedDocument. For results: what the download serves. */
  contentType: string;
  body?: Buffer;
}

interface StoredFeed {
  feedId: string;
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  createdAt: number;
  /** An injected fault for this feed: FATAL, FATAL-noreport, CANCELLED or stuck. */
  fate?: string;
  cancelledAt?: number;
  settled?: { status: 'DONE' | 'FATAL'; resultFeedDocumentId?: string };
}

/** How long feeds stay in each state before moving on. */
export interface ProcessingDelays {
  inQueueMs: number;
  inProgressMs: number;
}

/** Feeds and documents, with the state machine. */
export class FeedStore {
  private readonly feeds = new Map<string, StoredFeed>();
  private readonly documents = new Map<string, StoredDocument>();
  /** RecordReferences the simulated retailer holds, from ONIX feeds that finished. */
  private readonly holding = new Set<string>();
  /**
   * Numbered from the clock at start (milliseconds), like Amazon's growing numeric ids: a history that records feeds
   * from several `send --sandbox` runs, each with a fresh sandbox, never holds one feed id twice.
   */
  private nextFeedNumber: number;

  constructor(
    private readonly now: () => Date,
    private readonly delays: ProcessingDelays,
    private readonly resultCharset: ResultCharset,
  ) {
    this.nextFeedNumber = now().getTime();
  }

  /** Registers an input document awaiting upload. */
  createInputDocument(contentType: string): StoredDocument {
    const document: StoredDocument = { id: `amzn1.tortuga.4.na.${randomUUID()}.SANDBOX`, kind: 'input', contentType };
    this.documents.set(document.id, document);
    return document;
  }

  /** The document with this id, if any. */
  document(id: string): StoredDocument | undefined {
    return this.documents.get(id);
  }

  /** Creates a feed; `fate` is an injected ending. */
  createFeed(spec: { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string }, fate?: string): string {
    const feedId = String(this.nextFeedNumber++);
    this.feeds.set(feedId, { ...spec, feedId, createdAt: this.now().getTime(), fate });
    return feedId;
  }

  /** Whether a feed with this id exists. */
  has(feedId: string): boolean {
    return this.feeds.has(feedId);
  }

  /** The feed as getFeed shows it now, settling it (computing its report) once it has finished. */
  view(feedId: string): FeedView | undefined {
    const feed = this.feeds.get(feedId);
    if (!feed) return undefined;
    const base = { feedId, feedType: feed.feedType, marketplaceIds: feed.marketplaceIds, createdTime: iso(feed.createdAt) };
    const startsAt = feed.createdAt + this.delays.inQueueMs;
    const endsAt = startsAt + this.delays.inProgressMs;
    const at = this.now().getTime();
    if (feed.cancelledAt !== undefined) return { ...base, processingStatus: 'CANCELLED', processingEndTime: iso(feed.cancelledAt) };
    if (at < startsAt) return { ...base, processingStatus: 'IN_QUEUE' };
    if (feed.fate === 'CANCELLED') return { ...base, processingStatus: 'CANCELLED', processingEndTime: iso(startsAt) };
    if (at < endsAt || feed.fate === 'stuck') return { ...base, processingStatus: 'IN_PROGRESS', processingStartTime: iso(startsAt) };
    this.settleThrough(feed);
    const { status, resultFeedDocumentId } = feed.settled!;
    return {
      ...base,
      processingStatus: status,
      processingStartTime: iso(startsAt),
      processingEndTime: iso(endsAt),
      ...(resultFeedDocumentId ? { resultFeedDocumentId } : {}),
    };
  }

  /** Every feed as it stands now, newest first. */
  list(): FeedView[] {
    return [...this.feeds.keys()].reverse().map((id) => this.view(id)!);
  }

  /** Cancels a feed that is still IN_QUEUE; otherwise says which status stands in the way. */
  cancel(feedId: string): { ok: true } | { ok: false; status: ProcessingStatus } {
    const view = this.view(feedId);
    if (!view) throw new Error(`cancel of unknown feed ${feedId}`);
    if (view.processingStatus !== 'IN_QUEUE') return { ok: false, status: view.processingStatus };
    this.feeds.get(feedId)!.cancelledAt = this.now().getTime();
    return { ok: true };
  }

  /**
   * Settles every finished, unsettled feed created up to `last`, oldest first: the retailer applies feeds in the
   * order they were submitted, whatever order a client asks about them in (an add before its delete).
   */
  private settleThrough(last: StoredFeed): void {
    const at = this.now().getTime();
    for (const feed of this.feeds.values()) {
      const finished = at >= feed.createdAt + this.delays.inQueueMs + this.delays.inProgressMs;
      const ends = feed.cancelledAt === undefined && feed.fate !== 'CANCELLED' && feed.fate !== 'stuck';
      if (!feed.settled && finished && ends) feed.settled = this.settle(feed);
      if (feed === last) return;
    }
  }

  private settle(feed: StoredFeed): { status: 'DONE' | 'FATAL'; resultFeedDocumentId?: string } {
    const input = this.documents.get(feed.inputFeedDocumentId);
    const outcome = processFeed(
      {
        feedId: feed.feedId,
        feedType: feed.feedType,
        document: input?.body ? { contentType: input.contentType, body: input.body } : undefined,
        fate: feed.fate,
        reportCharset: this.resultCharset,
      },
      this.holding,
    );
    for (const ref of outcome.received) this.holding.add(ref);
    for (const ref of outcome.deleted) this.holding.delete(ref);
    if (!outcome.report) return { status: outcome.status };
    const contentType =
      outcome.report.kind === 'xml' ? `text/xml; charset=${this.resultCharset}` : 'application/json; charset=UTF-8';
    const bytes = encodeText(outcome.report.text, outcome.report.kind === 'xml' ? this.resultCharset : 'UTF-8');
    const result: StoredDocument = { id: `amzn1.tortuga.4.na.${randomUUID()}.RESULT`, kind: 'result', contentType, body: gzipSync(bytes) };
    this.documents.set(result.id, result);
    return { status: outcome.status, resultFeedDocumentId: result.id };
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
