/**
 * The Feeds API 2021-06-30 client: the six operations, the pre-signed document transfers, polling, and the
 * result report, on top of LWA tokens, optional SigV4, rate limits, deadlines and retries.
 */
import type { Dispatcher } from 'undici';
import type { Region } from '../config/tenant.ts';
import type { ProcessingStatus } from '../feed/record.ts';
import { decodeDocument } from './document-decoding.ts';
import { getDocument, isExpiredUrlError, putDocument, type TransferOptions } from './documents.ts';
import { AmbiguousRequestError, FeedSubmissionUnknownError, MarketplaceRegionError, SpApiError } from './errors.ts';
import { createSpApiHttp, type SpApiHttp } from './http.ts';
import { createLwaTokenProvider, type LwaCredentials } from './lwa.ts';
import { clientUsagePlans, createFeedPlanKey } from './operations.ts';
import { fatalWithoutReport, parseProcessingReport } from './processing-report.ts';
import { RateLimiter } from './rate-limiter.ts';
import { describeUrl, redact } from './redact.ts';
import { announceClientSecret } from './secret-listeners.ts';
import { marketplaceRegion, REGIONS } from './regions.ts';
import type { ProcessingReport } from './report.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';
import { createSigV4Signer, type AwsCredentials } from './sigv4.ts';
import { DEFAULT_TIMEOUT_MS } from './transport.ts';

/** getFeed's `Feed`. */
export interface Feed {
  feedId: string;
  feedType: string;
  marketplaceIds?: string[];
  createdTime: string;
  processingStatus: ProcessingStatus;
  processingStartTime?: string;
  processingEndTime?: string;
  resultFeedDocumentId?: string;
}

/** getFeedDocument's `FeedDocument`. */
export interface FeedDocument {
  feedDocumentId: string;
  url: string;
  compressionAlgorithm?: 'GZIP';
}

/** createFeed's request body. */
export interface CreateFeedSpecification {
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  feedOptions?: Record<string, string>;
}

/** getFeeds' filters; `nextToken` alone fetches the next page. */
export interface GetFeedsQuery {
  feedTypes?: string[];
  marketplaceIds?: string[];
  pageSize?: number;
  processingStatuses?: ProcessingStatus[];
  createdSince?: Date;
  createdUntil?: Date;
  nextToken?: string;
}

/** How pollFeed paces itself and when it gives up. */
export interface PollOptions {
  /** Pause between getFeed calls. */
  intervalMs: number;
  /** Stop polling after this long and return the feed as it is (not an error: the feed is still in flight). */
  timeoutMs: number;
  /** Called with the feed whenever its processingStatus changes (and for the first answer). */
  onStatus?: (feed: Feed) => void;
}

/** A feed's outcome: the report from its result document, or the FATAL-without-report stand-in. */
export interface FeedResult {
  feed: Feed;
  report?: ProcessingReport;
  /** Amazon's result document as downloaded and decoded (XML or JSON), when the feed has one. */
  text?: string;
}

/** What a client is built from; only region and credentials are required. */
export interface FeedsClientOptions {
  /** Region of the seller account: picks the host and the marketplaces allowed. */
  region: Region;
  /** Overrides the region's host (`SP_API_ENDPOINT`, e.g. the local sandbox). */
  endpoint?: string;
  /** LWA client id, client secret and the seller's refresh token (see env.ts for reading them). */
  credentials: LwaCredentials;
  /** Overrides Amazon's LWA token endpoint (`LWA_TOKEN_URL`). */
  tokenUrl?: string;
  /** When set, calls are also SigV4-signed (not required by Amazon since 2023-10-02; harmless). */
  aws?: AwsCredentials;
  /** Deadline per HTTP call, body included. Default 60 s. */
  timeoutMs?: number;
  /** Overrides of the retry policy (3 retries, 1 s backoff base, ...); tests pin `random`. */
  retry?: Partial<RetryPolicy>;
  /** Clock for token expiry, rate limits, polling and the createFeed look-up window. */
  now?: () => Date;
  /** Waits for backoff, rate limits and polling; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Receives redacted log lines (one per call, retry and transfer). */
  log?: (line: string) => void;
  /**
   * Called with every new LWA access token before it is used (to mask it in logs). Subscribers of
   * `onClientSecret` (secret-listeners.ts) receive it too, whoever created the client.
   */
  onSecret?: (value: string) => void;
  /**
   * After an ambiguous createFeed: how long to let Amazon's feed list catch up before looking the feed up.
   * Default 10 s.
   */
  lookupSettleMs?: number;
  /**
   * Allowance for the difference between our clock and Amazon's when matching createdTime. Default 2 minutes:
   * wide enough for an unsynchronised runner, narrow enough that another run's feed is unlikely to fall inside.
   */
  clockSkewMs?: number;
  /** undici dispatcher (connection pool, proxy); the global one by default. */
  dispatcher?: Dispatcher;
}

/** What createFeed returns; `recovered` when the feed id was found with getFeeds after an ambiguous failure. */
export interface CreateFeedResult {
  feedId: string;
  recovered?: boolean;
}

/** The Feeds client (see docs/amazon.md for the retry policy). */
export interface FeedsClient {
  /** Asks for an upload URL for a document of `contentType` (201). */
  createFeedDocument(contentType: string): Promise<{ feedDocumentId: string; url: string }>;
  /** PUTs the document to the pre-signed URL with exactly `contentType` (which must be the declared one). */
  uploadDocument(url: string, body: Buffer | string, contentType: string): Promise<void>;
  /** Submits a feed (202). Never sends the same feed twice: see the recovery note in the source. */
  createFeed(spec: CreateFeedSpecification): Promise<CreateFeedResult>;
  getFeed(feedId: string): Promise<Feed>;
  getFeeds(query: GetFeedsQuery): Promise<{ feeds: Feed[]; nextToken?: string }>;
  /** Cancels a feed that is still IN_QUEUE. */
  cancelFeed(feedId: string): Promise<void>;
  getFeedDocument(feedDocumentId: string): Promise<FeedDocument>;
  /** Downloads, gunzips and decodes a result document; an expired URL is renewed once with getFeedDocument. */
  downloadDocument(doc: FeedDocument): Promise<string>;
  /**
   * Finds the feed that a createFeed for `spec`, called at `calledAt`, created when its answer was lost (a crash,
   * a timeout): undefined when there is none (the call did not take effect), FeedSubmissionUnknownError when
   * several feeds could be it. `exclude`: feed ids known to belong to other documents.
   */
  findSubmittedFeed(
    spec: Pick<CreateFeedSpecification, 'feedType' | 'marketplaceIds'>,
    calledAt: Date,
    exclude?: Iterable<string>,
  ): Promise<string | undefined>;
  /** Polls getFeed until DONE, CANCELLED or FATAL, or until `timeoutMs`; returns the last Feed seen. */
  pollFeed(feedId: string, options: PollOptions): Promise<Feed>;
  /** The processing report of a finished feed (none for CANCELLED or in-flight feeds). */
  getFeedResult(feed: Feed): Promise<FeedResult>;
}

/** Terminal processing states. */
export const TERMINAL_STATUSES: ReadonlySet<ProcessingStatus> = new Set(['DONE', 'CANCELLED', 'FATAL']);

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates a client for one seller account (credentials) in one region. */
export function createFeedsClient(options: FeedsClientOptions): FeedsClient {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? realSleep;
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const secrets = [options.credentials.clientSecret, options.credentials.refreshToken, options.aws?.secretAccessKey, options.aws?.sessionToken].filter(
    (s): s is string => !!s,
  );
  const log = (line: string) => options.log?.(redact(line, secrets));
  const transport = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, dispatcher: options.dispatcher };
  const region = REGIONS[options.region];
  if (!region) throw new MarketplaceRegionError(`unknown region '${options.region}': expected na, eu or fe`);

  const onSecret = (value: string) => {
    announceClientSecret(value);
    options.onSecret?.(value);
  };
  const tokens = createLwaTokenProvider({ credentials: options.credentials, tokenUrl: options.tokenUrl, now, sleep, retry, transport, log, onSecret });
  const http: SpApiHttp = createSpApiHttp({
    endpoint: options.endpoint ?? region.endpoint,
    tokens,
    limiter: new RateLimiter(clientUsagePlans(), { now, sleep }),
    retry,
    transport,
    sleep,
    log,
    secrets,
    signer: options.aws ? createSigV4Signer(options.aws, region.awsRegion) : undefined,
  });
  const transfers: TransferOptions = { transport, retry, sleep, log };
  /** Content types declared to createFeedDocument, by URL, so an upload with another one is stopped here. */
  const declared = new Map<string, string>();
  /** Feeds this client created: never mistaken for the outcome of a later ambiguous createFeed. */
  const created = new Set<string>();

  function checkMarketplaces(ids: readonly string[]): void {
    const wrong = ids.filter((id) => marketplaceRegion(id) !== options.region);
    if (wrong.length === 0) return;
    const described = wrong.map((id) => {
      const home = marketplaceRegion(id);
      return home ? `${id} belongs to region ${home}` : `${id} is not an Amazon marketplace id`;
    });
    throw new MarketplaceRegionError(
      `marketplace ids must belong to region ${options.region} (${region.endpoint}): ${described.join('; ')}`,
    );
  }

  const client: FeedsClient = {
    async createFeedDocument(contentType) {
      const { body } = await http.call<{ feedDocumentId: string; url: string }>({
        operation: 'createFeedDocument',
        body: { contentType },
      });
      declared.set(body.url, contentType);
      log(`feed document ${body.feedDocumentId}: upload to ${describeUrl(body.url)}`);
      return { feedDocumentId: body.feedDocumentId, url: body.url };
    },

    async uploadDocument(url, body, contentType) {
      await putDocument(url, body, contentType, declared.get(url), transfers);
    },

    async createFeed(spec) {
      if (spec.marketplaceIds.length < 1 || spec.marketplaceIds.length > 25) {
        throw new MarketplaceRegionError(`createFeed takes 1 to 25 marketplace ids, got ${spec.marketplaceIds.length}`);
      }
      checkMarketplaces(spec.marketplaceIds);
      for (let attempt = 0; ; attempt++) {
        const calledAt = now();
        try {
          const { body } = await http.call<{ feedId: string }>({
            operation: 'createFeed',
            usagePlan: createFeedPlanKey(spec.feedType),
            body: spec,
          });
          created.add(body.feedId);
          return { feedId: body.feedId };
        } catch (error) {
          if (!(error instanceof AmbiguousRequestError)) throw error;
          const found = await lookUpCreatedFeed(spec, calledAt, error);
          if (found) return { feedId: found, recovered: true };
          if (attempt >= retry.maxRetries) {
            throw new SpApiError({
              operation: 'createFeed',
              status: error.status,
              requestId: error.requestId,
              attempts: attempt + 1,
              message: `createFeed failed ${attempt + 1} times (${error.reason}); each time getFeeds showed no feed was created`,
            });
          }
          log(`createFeed: getFeeds shows no feed from the failed call; submitting again (${attempt + 1}/${retry.maxRetries})`);
        }
      }
    },

    async getFeed(feedId) {
      return (await http.call<Feed>({ operation: 'getFeed', pathParams: { feedId } })).body;
    },

    async getFeeds(query) {
      if (query.marketplaceIds) checkMarketplaces(query.marketplaceIds);
      const params = query.nextToken
        ? { nextToken: query.nextToken } // Amazon: nextToken must be the only parameter.
        : {
            feedTypes: query.feedTypes,
            marketplaceIds: query.marketplaceIds,
            pageSize: query.pageSize,
            processingStatuses: query.processingStatuses,
            createdSince: query.createdSince?.toISOString(),
            createdUntil: query.createdUntil?.toISOString(),
          };
      const { body } = await http.call<{ feeds: Feed[]; nextToken?: string }>({ operation: 'getFeeds', query: params });
      return body;
    },

    async cancelFeed(feedId) {
      await http.call({ operation: 'cancelFeed', pathParams: { feedId } });
    },

    async getFeedDocument(feedDocumentId) {
      return (await http.call<FeedDocument>({ operation: 'getFeedDocument', pathParams: { feedDocumentId } })).body;
    },

    async downloadDocument(doc) {
      let res;
      try {
        res = await getDocument(doc.url, transfers);
      } catch (error) {
        if (!isExpiredUrlError(error)) throw error;
        log(`download of feed document ${doc.feedDocumentId}: URL expired; asking getFeedDocument for a new one`);
        doc = await client.getFeedDocument(doc.feedDocumentId);
        res = await getDocument(doc.url, transfers);
      }
      return decodeDocument({
        body: res.body,
        contentType: res.headers['content-type'],
        contentEncoding: res.headers['content-encoding'],
        compressionAlgorithm: doc.compressionAlgorithm,
      });
    },

    async findSubmittedFeed(spec, calledAt, exclude = []) {
      checkMarketplaces(spec.marketplaceIds);
      const candidates = await candidateFeeds(spec, calledAt, new Set([...created, ...exclude]));
      if (candidates.length > 1) {
        const ids = candidates.map((f) => f.feedId);
        throw new FeedSubmissionUnknownError(
          `getFeeds shows ${ids.length} ${spec.feedType} feeds created in that window (${ids.join(', ')}) and ` +
            'cannot tell which one is this document. Not resubmitting.',
          ids,
        );
      }
      const found = candidates[0]?.feedId;
      if (found) created.add(found);
      return found;
    },

    async pollFeed(feedId, poll) {
      const started = now().getTime();
      let lastStatus: ProcessingStatus | undefined;
      for (;;) {
        const feed = await client.getFeed(feedId);
        if (feed.processingStatus !== lastStatus) {
          lastStatus = feed.processingStatus;
          log(`feed ${feedId}: ${feed.processingStatus}`);
          poll.onStatus?.(feed);
        }
        if (TERMINAL_STATUSES.has(feed.processingStatus)) return feed;
        const remaining = poll.timeoutMs - (now().getTime() - started);
        if (remaining <= 0) {
          log(`feed ${feedId}: still ${feed.processingStatus} after ${poll.timeoutMs} ms; stopped polling`);
          return feed;
        }
        // The last look is taken at the deadline, not an interval past it.
        await sleep(Math.min(poll.intervalMs, remaining));
      }
    },

    async getFeedResult(feed) {
      if (feed.resultFeedDocumentId && (feed.processingStatus === 'DONE' || feed.processingStatus === 'FATAL')) {
        const doc = await client.getFeedDocument(feed.resultFeedDocumentId);
        const text = await client.downloadDocument(doc);
        return { feed, report: parseProcessingReport(text), text };
      }
      if (feed.processingStatus === 'FATAL') return { feed, report: fatalWithoutReport(feed.feedId) };
      return { feed };
    },
  };

  /**
   * After an ambiguous createFeed (sent, then a timeout, a reset or a 5xx) the feed may exist. Repeating the call
   * could submit the document twice, so we ask Amazon first (see findSubmittedFeed for the match). A look-up that
   * finds several candidates, or that itself fails, ends in FeedSubmissionUnknownError: nothing is resent.
   */
  async function lookUpCreatedFeed(
    spec: CreateFeedSpecification,
    calledAt: Date,
    failure: AmbiguousRequestError,
  ): Promise<string | undefined> {
    log(`createFeed: ${failure.reason}; looking the feed up with getFeeds before anything is resent`);
    await sleep(options.lookupSettleMs ?? 10_000);
    let found: string | undefined;
    try {
      found = await client.findSubmittedFeed(spec, calledAt);
    } catch (error) {
      const said = redact((error as Error).message, secrets);
      if (error instanceof FeedSubmissionUnknownError) {
        throw new FeedSubmissionUnknownError(`createFeed may have succeeded (${failure.reason}); ${said}`, error.candidateFeedIds);
      }
      throw new FeedSubmissionUnknownError(
        `createFeed may have succeeded (${failure.reason}) and looking it up failed (${said}). ` +
          'Not resubmitting; look for the feed with getFeeds before sending this document again.',
        [],
      );
    }
    if (found) log(`createFeed: feed ${found} found with getFeeds; the failed call had created it`);
    return found;
  }

  /**
   * getFeeds' Feed does not carry inputFeedDocumentId, so a submitted document is recognised by what it does
   * carry: the same feedType, the same marketplace set, a createdTime between the call (less a clock-skew
   * allowance) and now (plus the allowance), and a feedId that is neither excluded nor created by this client.
   * The one case this cannot see: the call did not take effect, and another process submitted the same feed type
   * for the same marketplaces inside the window. Its feed is then taken for ours; the error is towards sending
   * once too few, never twice, and the pipeline runs one job per tenant at a time, so it needs a send from
   * outside the pipeline within minutes.
   */
  async function candidateFeeds(
    spec: Pick<CreateFeedSpecification, 'feedType' | 'marketplaceIds'>,
    calledAt: Date,
    exclude: ReadonlySet<string>,
  ): Promise<Feed[]> {
    const skew = options.clockSkewMs ?? 2 * 60_000;
    const since = new Date(calledAt.getTime() - skew);
    const until = now().getTime() + skew;
    const wanted = [...spec.marketplaceIds].sort().join(',');
    // getFeeds takes at most 10 marketplace ids (createFeed 25); with more, they are matched below instead.
    const marketplaceIds = spec.marketplaceIds.length <= 10 ? spec.marketplaceIds : undefined;
    const candidates: Feed[] = [];
    let page = await client.getFeeds({ feedTypes: [spec.feedType], marketplaceIds, createdSince: since, pageSize: 100 });
    for (;;) {
      for (const feed of page.feeds) {
        const createdAt = Date.parse(feed.createdTime);
        const sameMarkets = !feed.marketplaceIds || [...feed.marketplaceIds].sort().join(',') === wanted;
        const inWindow = createdAt >= since.getTime() && createdAt <= until;
        if (feed.feedType === spec.feedType && sameMarkets && inWindow && !exclude.has(feed.feedId)) candidates.push(feed);
      }
      if (!page.nextToken) return candidates;
      page = await client.getFeeds({ nextToken: page.nextToken });
    }
  }

  return client;
}
