/**
 * The six Feeds operations on the sandbox's store. Requests reach these handlers only after the model check,
 * authentication, faults and rate limits; the answers use the model's status codes and shapes.
 */
import type { OperationId } from './feeds-model.ts';
import type { ProcessingStatus } from '../feed/record.ts';
import type { FeedStore, FeedView, StoredDocument } from './feed-store.ts';
import { spApiErrorBody } from './replies.ts';

/** What a handler answers: a status and a body (none for cancelFeed's 200). */
export interface OperationReply {
  status: number;
  body?: unknown;
}

/** A request that passed the model check. */
export interface OperationRequest {
  pathParams: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** What the handlers need from the server. */
export interface OperationContext {
  store: FeedStore;
  now: () => Date;
  /** A pre-signed URL to upload (PUT) or download (GET) a document. */
  presign(document: StoredDocument, method: 'PUT' | 'GET', options?: { gzipContentEncoding?: boolean }): string;
  /** Takes one injected feed fate (FATAL, stuck, ...), if armed. */
  takeFeedFate(): string | undefined;
}

const RETENTION_DAYS = 90;
const DEFAULT_PAGE_SIZE = 10;

/** Runs one operation. */
export function runOperation(id: OperationId, request: OperationRequest, ctx: OperationContext): OperationReply {
  switch (id) {
    case 'createFeedDocument': {
      const document = ctx.store.createInputDocument(request.body.contentType as string);
      return { status: 201, body: { feedDocumentId: document.id, url: ctx.presign(document, 'PUT') } };
    }
    case 'createFeed':
      return createFeed(request, ctx);
    case 'getFeed': {
      const view = ctx.store.view(request.pathParams.feedId);
      return view ? { status: 200, body: view } : feedNotFound(request.pathParams.feedId);
    }
    case 'getFeeds':
      return getFeeds(request.query, ctx);
    case 'cancelFeed': {
      const feedId = request.pathParams.feedId;
      if (!ctx.store.has(feedId)) return feedNotFound(feedId);
      const outcome = ctx.store.cancel(feedId);
      if (outcome.ok) return { status: 200 };
      return { status: 400, body: spApiErrorBody(400, `Feed ${feedId} is ${outcome.status}; only feeds that are IN_QUEUE can be cancelled.`) };
    }
    case 'getFeedDocument': {
      const id = request.pathParams.feedDocumentId;
      const document = ctx.store.document(id);
      if (!document) return { status: 404, body: spApiErrorBody(404, `No feed document with id ${id}.`) };
      const gzip = document.kind === 'result';
      const url = ctx.presign(document, 'GET', { gzipContentEncoding: gzip && request.query.get('enableContentEncodingUrlHeader') === 'true' });
      return { status: 200, body: { feedDocumentId: id, url, ...(gzip ? { compressionAlgorithm: 'GZIP' } : {}) } };
    }
  }
}

function createFeed(request: OperationRequest, ctx: OperationContext): OperationReply {
  const { feedType, marketplaceIds, inputFeedDocumentId } = request.body as { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string };
  const input = ctx.store.document(inputFeedDocumentId);
  if (!input || input.kind !== 'input') {
    return { status: 400, body: spApiErrorBody(400, `inputFeedDocumentId ${inputFeedDocumentId} is not a feed document created by createFeedDocument.`) };
  }
  const feedId = ctx.store.createFeed({ feedType, marketplaceIds, inputFeedDocumentId }, ctx.takeFeedFate());
  return { status: 202, body: { feedId } };
}

function feedNotFound(feedId: string): OperationReply {
  return { status: 404, body: spApiErrorBody(404, `No feed with id ${feedId}.`) };
}

interface FeedsFilter {
  feedTypes: string[];
  marketplaceIds?: string[];
  processingStatuses?: string[];
  createdSince: number;
  createdUntil: number;
  pageSize: number;
  offset: number;
}

function getFeeds(query: URLSearchParams, ctx: OperationContext): OperationReply {
  let filter: FeedsFilter;
  const token = query.get('nextToken');
  if (token !== null) {
    try {
      filter = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as FeedsFilter;
      if (!Array.isArray(filter.feedTypes) || typeof filter.offset !== 'number') throw new Error('bad token');
    } catch {
      return { status: 400, body: spApiErrorBody(400, 'nextToken is not one this API returned; pass nextToken exactly as the previous getFeeds response gave it.') };
    }
  } else {
    const list = (name: string) => query.get(name)?.split(',');
    const time = (name: string) => (query.has(name) ? Date.parse(query.get(name)!) : undefined);
    const now = ctx.now().getTime();
    filter = {
      feedTypes: list('feedTypes')!,
      marketplaceIds: list('marketplaceIds'),
      processingStatuses: list('processingStatuses'),
      createdSince: time('createdSince') ?? now - RETENTION_DAYS * 86_400_000,
      createdUntil: time('createdUntil') ?? now,
      pageSize: Number(query.get('pageSize') ?? DEFAULT_PAGE_SIZE),
      offset: 0,
    };
  }
  const matching = ctx.store.list().filter((feed) => matches(feed, filter));
  const page = matching.slice(filter.offset, filter.offset + filter.pageSize);
  const more = filter.offset + filter.pageSize < matching.length;
  const nextToken = more ? Buffer.from(JSON.stringify({ ...filter, offset: filter.offset + filter.pageSize })).toString('base64url') : undefined;
  return { status: 200, body: { feeds: page, ...(nextToken ? { nextToken } : {}) } };
}

function matches(feed: FeedView, filter: FeedsFilter): boolean {
  const created = Date.parse(feed.createdTime);
  return (
    filter.feedTypes.includes(feed.feedType) &&
    (!filter.marketplaceIds || feed.marketplaceIds.some((m) => filter.marketplaceIds!.includes(m))) &&
    (!filter.processingStatuses || filter.processingStatuses.includes(feed.processingStatus as ProcessingStatus)) &&
    created >= filter.createdSince &&
    created <= filter.createdUntil
  );
}
