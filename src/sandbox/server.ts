/**
 * The local SP-API sandbox: LWA token endpoint, the six Feeds operations, pre-signed upload/download URLs and
 * feed processing with a real report, all on one loopback `node:http` server, with faults on demand. Every Feeds
 * request is checked against Amazon's model; violations are answered 400 and kept in `violations`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseJsonObject } from '../amazon/json-object.ts';
import { CREATE_FEED_PLANS_BY_FEED_TYPE, createFeedPlanKey, type FeedTypePlanKey } from '../amazon/operations.ts';
import { TokenBucket, type UsagePlan } from '../amazon/rate-limiter.ts';
import type { ResultCharset } from './charset.ts';
import { FAULT_ACTIONS, FaultBook, parseFaultSpecs, formatFaultSpec, FaultSpecError, type FaultSpec } from './faults.ts';
import { FeedStore, type FeedView } from './feed-store.ts';
import { runOperation, type OperationContext } from './feeds-api.ts';
import { loadFeedsModel, type ModelOperation, type OperationId } from './feeds-model.ts';
import { SANDBOX_CREDENTIALS, TokenIssuer, type SandboxCredentials } from './lwa.ts';
import { misbehave, newRequestId, readBody, sendJson, spApiErrorBody } from './replies.ts';
import { S3_PREFIX, S3Endpoint } from './s3-endpoint.ts';

/** How to run a sandbox. Every field is optional. */
export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Time each feed spends IN_QUEUE and then IN_PROGRESS (each), in ms; default 1000. */
  processingDelayMs?: number;
  /** Per-state delays; override `processingDelayMs`. */
  delays?: { inQueueMs?: number; inProgressMs?: number };
  /** Faults armed from the start (parsed specs or spec text, e.g. "createFeed:429x3"). */
  faults?: FaultSpec[] | string;
  /** The clock for token expiry, URL expiry, feed states and rate limits. */
  now?: () => Date;
  /** Per-operation rate limits: on with the model's defaults (true, the default), off (false), or overridden. */
  rateLimits?: boolean | Partial<Record<RateLimitKey, UsagePlan>>;
  /** Lifetime of pre-signed URLs; default 300 s, as Amazon's. */
  urlTtlSeconds?: number;
  /** Lifetime of access tokens; default 3600 s, as LWA's. */
  tokenTtlSeconds?: number;
  /** Charset of XML result documents; default UTF-8. Amazon's US/EU marketplaces use windows-1252. */
  resultCharset?: ResultCharset;
  /** Receives one line per request, every model violation and internal error; default: the last two to stderr. */
  log?: (line: string) => void;
}

/** A request that broke Amazon's model. */
export interface ModelViolation {
  method: string;
  path: string;
  operation?: OperationId;
  problems: string[];
}

/**
 * What rate limits apply to: an operation, or createFeed for a feed type with a limit of its own, such as
 * `createFeed:JSON_LISTINGS_FEED` (see CREATE_FEED_PLANS_BY_FEED_TYPE).
 */
export type RateLimitKey = OperationId | FeedTypePlanKey;

/** What the sandbox counts requests by: an operation, or one of its other endpoints. */
export type RequestKind = OperationId | 'token' | 'upload' | 'download';

/** Controls for tests and the admin endpoint. */
export interface SandboxAdmin {
  /** Arms more faults (spec text or parsed specs); throws FaultSpecError on a bad spec. */
  addFaults(faults: FaultSpec[] | string): void;
  /** Disarms all faults. */
  clearFaults(): void;
  /** The faults still armed. */
  faults(): FaultSpec[];
  /** Every feed as it stands now, newest first. */
  feeds(): FeedView[];
  /** Makes every access token issued so far expired. */
  expireTokens(): void;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL for SP-API calls (`SP_API_ENDPOINT`). */
  endpoint: string;
  /** LWA token URL (`LWA_TOKEN_URL`). */
  tokenUrl: string;
  /** The fake credentials it accepts. */
  credentials: SandboxCredentials;
  /** Requests received, per operation or endpoint (including those refused or faulted). */
  counts: Record<RequestKind, number>;
  /** Every request that broke the Feeds model, in order. */
  violations: ModelViolation[];
  admin: SandboxAdmin;
  /** Stops the server, dropping hanging and stalled connections. */
  close(): Promise<void>;
}

const TOKEN_PATH = '/auth/o2/token';
const ADMIN_PREFIX = '/_sandbox/';
const DEFAULT_DELAY_MS = 1000;
const MODEL_VIOLATION = 'Request does not conform to the Feeds API model (feeds_2021-06-30.json)';
const TOKEN_EXPIRED = 'The access token you provided has expired.';
const TOKEN_INVALID = 'The access token you provided is revoked, malformed or invalid.';

/** Starts a sandbox on 127.0.0.1. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => void (/^(MODEL VIOLATION|SANDBOX ERROR)/.test(line) && process.stderr.write(`sandbox: ${line}\n`)));
  const model = loadFeedsModel();
  const delay = options.processingDelayMs ?? DEFAULT_DELAY_MS;
  const store = new FeedStore(
    now,
    { inQueueMs: options.delays?.inQueueMs ?? delay, inProgressMs: options.delays?.inProgressMs ?? delay },
    options.resultCharset ?? 'UTF-8',
  );
  const tokens = new TokenIssuer(SANDBOX_CREDENTIALS, now, options.tokenTtlSeconds ?? 3600);
  const faults = new FaultBook();
  const toSpecs = (f: FaultSpec[] | string) => (typeof f === 'string' ? parseFaultSpecs(f) : f);
  if (options.faults) faults.add(toSpecs(options.faults));
  const buckets = rateLimitBuckets(model.operations, options.rateLimits ?? true, now);
  const counts = Object.fromEntries(
    [...model.operations.map((o) => o.id), 'token', 'upload', 'download'].map((k) => [k, 0]),
  ) as Record<RequestKind, number>;
  const violations: ModelViolation[] = [];
  const s3 = new S3Endpoint({ store, faults, now, urlTtlSeconds: options.urlTtlSeconds ?? 300, count: (kind) => (counts[kind] += 1) });

  const context: OperationContext = {
    store,
    now,
    takeFeedFate: () => faults.take('feed'),
    presign: (document, method, presignOptions) => s3.presign(document, method, presignOptions),
  };

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    res.on('finish', () => log(`${req.method} ${url.pathname} -> ${res.statusCode}`));
    if (url.pathname === TOKEN_PATH) return handleToken(req, res, body);
    if (url.pathname.startsWith(S3_PREFIX)) return s3.handle(req, res, url, body, requestId);
    if (url.pathname.startsWith(ADMIN_PREFIX)) return handleAdmin(req, res, url, body);
    return handleFeeds(req, res, url, body);
  }

  function handleToken(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    counts.token += 1;
    const fault = faults.take('token');
    if (fault && misbehave(res, fault, Buffer.from('{"access_token":"Atza|sandbox-stalled","token_type":"bearer","expires_in":3600}'))) return;
    if (fault === '500' || fault === '503') {
      sendJson(res, Number(fault), { error: 'server_error', error_description: `Injected fault token:${fault}` }, {});
      return;
    }
    const text = body.toString('utf8');
    const form = req.headers['content-type']?.includes('json')
      ? new URLSearchParams(Object.entries(parseJsonObject(text) ?? {}).map(([k, v]): [string, string] => [k, String(v)]))
      : new URLSearchParams(text);
    const reply = req.method === 'POST' ? tokens.exchange(form, fault) : { status: 400, body: { error: 'invalid_request', error_description: `use POST for ${TOKEN_PATH}` } };
    sendJson(res, reply.status, reply.body, { 'cache-control': 'no-store' });
  }

  function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const route = `${req.method} ${url.pathname.slice(ADMIN_PREFIX.length)}`;
    const listing = () => ({ faults: faults.list().map(formatFaultSpec) });
    switch (route) {
      case 'GET faults':
        return sendJson(res, 200, listing(), {});
      case 'DELETE faults':
        faults.clear();
        return sendJson(res, 200, listing(), {});
      case 'POST faults': {
        const text = body.toString('utf8');
        const json = parseJsonObject(text) as { faults?: string | string[] } | undefined;
        const spec = json?.faults === undefined ? text : [json.faults].flat().join(',');
        try {
          faults.add(parseFaultSpecs(spec));
        } catch (error) {
          if (!(error instanceof FaultSpecError)) throw error;
          return sendJson(res, 400, { error: error.message, targets: FAULT_ACTIONS }, {});
        }
        return sendJson(res, 200, listing(), {});
      }
      case 'GET state':
        return sendJson(res, 200, { counts, violations, ...listing(), feeds: store.list() }, {});
      default:
        return sendJson(res, 404, { error: `unknown admin route ${route}; try GET|POST|DELETE ${ADMIN_PREFIX}faults or GET ${ADMIN_PREFIX}state` }, {});
    }
  }

  function handleFeeds(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): void {
    const method = req.method ?? 'GET';
    const match = model.match(method, url.pathname);
    if ('violation' in match) {
      recordViolation({ method, path: url.pathname, problems: [match.violation] });
      return sendJson(res, 400, spApiErrorBody(400, match.violation, MODEL_VIOLATION), {});
    }
    const { operation, pathParams } = match;
    counts[operation.id] += 1;
    const text = body.toString('utf8');
    const problems = model.check(operation, { query: url.searchParams, contentType: req.headers['content-type'], body: text });
    const parsed = (problems.length || !text ? {} : JSON.parse(text)) as Record<string, unknown>;
    const planKey = operation.id === 'createFeed' && typeof parsed.feedType === 'string' ? createFeedPlanKey(parsed.feedType) : operation.id;
    const bucket = buckets.get(planKey);
    const reply = (status: number, replyBody: unknown) => {
      if (!operation.statuses.has(status)) throw new Error(`sandbox bug: ${operation.id} answered ${status}, which the model does not declare`);
      const headers: Record<string, string> = operation.rateLimitHeaderStatuses.has(status)
        ? { 'x-amzn-RateLimit-Limit': String(Number((bucket?.plan.rate ?? operation.rateLimit.rate).toPrecision(3))) }
        : {};
      sendJson(res, status, replyBody, headers);
    };
    if (problems.length) {
      recordViolation({ method, path: url.pathname, operation: operation.id, problems });
      return reply(400, spApiErrorBody(400, problems.join('; '), MODEL_VIOLATION));
    }
    const tokenState = tokens.check(header(req, 'x-amz-access-token'));
    if (tokenState !== 'valid') return reply(403, spApiErrorBody(403, tokenState === 'expired' ? TOKEN_EXPIRED : TOKEN_INVALID));
    const fault = faults.take(operation.id);
    if (fault === 'hang') return;
    if (fault && /^\d+$/.test(fault)) {
      return reply(Number(fault), spApiErrorBody(Number(fault), fault === '403' ? TOKEN_EXPIRED : `Injected fault ${operation.id}:${fault}`));
    }
    if (bucket && !bucket.take()) {
      const what = planKey === operation.id ? operation.id : `createFeed for ${String(parsed.feedType)}`;
      return reply(429, spApiErrorBody(429, `${what} allows ${bucket.plan.rate} requests per second with a burst of ${bucket.plan.burst}.`));
    }
    const result = runOperation(operation.id, { pathParams, query: url.searchParams, body: parsed }, context);
    if (fault === 'reset' || fault === 'stall') return void misbehave(res, fault, Buffer.from(JSON.stringify(result.body ?? {})));
    reply(result.status, result.body);
  }

  function recordViolation(violation: ModelViolation): void {
    violations.push(violation);
    log(`MODEL VIOLATION ${violation.method} ${violation.path}: ${violation.problems.join('; ')}`);
  }

  const server = createServer((req, res) => {
    const requestId = newRequestId();
    res.setHeader('x-amzn-RequestId', requestId);
    handle(req, res, requestId).catch((error: Error) => {
      log(`SANDBOX ERROR on ${req.method} ${req.url?.split('?')[0]}: ${error.stack ?? error.message}`);
      if (!res.headersSent) sendJson(res, 500, spApiErrorBody(500, `sandbox internal error: ${error.message}`), {});
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  s3.origin = endpoint;

  return {
    endpoint,
    tokenUrl: `${endpoint}${TOKEN_PATH}`,
    credentials: { ...SANDBOX_CREDENTIALS },
    counts,
    violations,
    admin: {
      addFaults: (f) => faults.add(toSpecs(f)),
      clearFaults: () => faults.clear(),
      faults: () => faults.list(),
      feeds: () => store.list(),
      expireTokens: () => tokens.expireAll(),
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function rateLimitBuckets(
  operations: ModelOperation[],
  setting: boolean | Partial<Record<RateLimitKey, UsagePlan>>,
  now: () => Date,
): Map<RateLimitKey, TokenBucket> {
  const buckets = new Map<RateLimitKey, TokenBucket>();
  if (setting === false) return buckets;
  const chosen = setting === true ? {} : setting;
  for (const operation of operations) buckets.set(operation.id, new TokenBucket(chosen[operation.id] ?? operation.rateLimit, now));
  for (const [feedType, plan] of Object.entries(CREATE_FEED_PLANS_BY_FEED_TYPE)) {
    const key = createFeedPlanKey(feedType);
    buckets.set(key, new TokenBucket(chosen[key] ?? plan, now));
  }
  return buckets;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
