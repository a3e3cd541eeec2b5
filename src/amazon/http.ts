/**
 * SP-API calls with the behaviour Amazon asks of clients: token bucket per operation, `x-amz-access-token` and
 * `user-agent` on every call, a deadline per call, 429 retried after at least 1/rate plus jitter, 500/503 and
 * network errors retried with exponential backoff, 400/404/415 (and every other 4xx) never retried, an expired
 * access token refreshed once. Non-idempotent calls are never repeated after an ambiguous failure.
 */
import { AmbiguousRequestError, SpApiError, type AmazonError } from './errors.ts';
import type { TokenProvider } from './lwa.ts';
import { FEEDS_OPERATIONS, type FeedsOperation } from './operations.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { parseJsonObject } from './json-object.ts';
import { redact } from './redact.ts';
import { backoffDelayMs, throttleDelayMs, type RetryPolicy } from './retry-policy.ts';
import type { RequestSigner } from './sigv4.ts';
import { sendHttp, TransportError, type HttpResponse, type TransportOptions } from './transport.ts';
import { USER_AGENT } from './user-agent.ts';

/** What the SP-API caller is built from. */
export interface SpApiHttpOptions {
  /** Base URL, e.g. `https://sellingpartnerapi-eu.amazon.com`. */
  endpoint: string;
  /** Access tokens for `x-amz-access-token`. */
  tokens: TokenProvider;
  /** Client-side usage plans per operation (and per feed type for createFeed, see operations.ts). */
  limiter: RateLimiter;
  retry: RetryPolicy;
  /** Deadline per call, connection pool. */
  transport: TransportOptions;
  /** Waits for backoff and 429s. */
  sleep: (ms: number) => Promise<void>;
  /** Receives one redacted line per call and per retry. */
  log: (line: string) => void;
  /** Values to redact besides the recognisable shapes (client secret, refresh token, AWS secret key). */
  secrets: readonly string[];
  /** SigV4 signing, when AWS keys are configured. */
  signer?: RequestSigner;
  /** Default {@link USER_AGENT}. */
  userAgent?: string;
}

/** One SP-API call. */
export interface SpApiCall {
  operation: FeedsOperation;
  /** The usage plan the call draws on (see createFeedPlanKey in operations.ts); default the operation's. */
  usagePlan?: string;
  /** Values for the `{placeholders}` of the operation's path. */
  pathParams?: Record<string, string>;
  /** Arrays are sent comma-separated, as SP-API expects. */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
}

/** A successful call: status, parsed JSON body, and the request id. */
export interface SpApiResult<T> {
  status: number;
  body: T;
  requestId: string | undefined;
}

/** Calls SP-API operations. */
export interface SpApiHttp {
  /**
   * Performs `call` with retries. Timeouts, resets and 5xx are retried, except for createFeed (it may have taken
   * effect), which throws AmbiguousRequestError instead. Failures end in SpApiError.
   */
  call<T>(call: SpApiCall): Promise<SpApiResult<T>>;
}

/**
 * Operations that must not be repeated blindly. createFeed submits a feed; repeating createFeedDocument only
 * leaves an unused document id behind, so it is retried like a read.
 */
export const NOT_IDEMPOTENT: ReadonlySet<FeedsOperation> = new Set(['createFeed']);

const RETRYABLE_SERVER_STATUSES = new Set([500, 502, 503, 504]);

/** Amazon answers an expired LWA token with 403 Unauthorized and this wording in `details` or `message`. */
const EXPIRED_TOKEN = /access token.*expired/i;

/** Creates the caller for one endpoint and one set of credentials. */
export function createSpApiHttp(options: SpApiHttpOptions): SpApiHttp {
  const log = (line: string) => options.log(redact(line, options.secrets));

  return {
    async call<T>(call: SpApiCall): Promise<SpApiResult<T>> {
      const spec = FEEDS_OPERATIONS[call.operation];
      const url = buildUrl(options.endpoint, spec.path, call.pathParams, call.query);
      const path = new URL(url).pathname;
      const idempotent = !NOT_IDEMPOTENT.has(call.operation);
      const body = call.body === undefined ? undefined : JSON.stringify(call.body);
      const plan = call.usagePlan ?? call.operation;
      let retries = 0;
      let refreshedToken = false;

      for (;;) {
        const waited = await options.limiter.acquire(plan);
        if (waited > 0) log(`${plan}: waited ${waited} ms for the client-side rate limit`);
        const headers: Record<string, string> = {
          'x-amz-access-token': await options.tokens.getAccessToken(),
          'user-agent': options.userAgent ?? USER_AGENT,
          accept: 'application/json',
        };
        if (body !== undefined) headers['content-type'] = 'application/json';
        if (options.signer) Object.assign(headers, options.signer({ method: spec.method, url, headers, body }));

        const started = performance.now();
        let res: HttpResponse;
        try {
          res = await sendHttp({ method: spec.method, url, headers, body }, options.transport);
        } catch (error) {
          if (!(error instanceof TransportError)) throw error;
          log(`${call.operation} ${spec.method} ${path} -> ${error.message}`);
          if (!idempotent && error.sent) throw new AmbiguousRequestError(call.operation, error.message);
          if (retries >= options.retry.maxRetries) {
            throw new SpApiError({
              operation: call.operation,
              attempts: retries + 1,
              message: redact(`${call.operation} failed after ${retries + 1} attempts: ${error.message}`, options.secrets),
            });
          }
          await pause(backoffDelayMs(options.retry, retries), error.message);
          retries++;
          continue;
        }

        const requestId = res.headers['x-amzn-requestid'];
        const headerRate = Number.parseFloat(res.headers['x-amzn-ratelimit-limit'] ?? '');
        if (headerRate > 0) options.limiter.observeRate(plan, headerRate);
        // Real time, not the injected clock: this is how long Amazon took to answer.
        const elapsed = Math.round(performance.now() - started);
        log(`${call.operation} ${spec.method} ${path} -> ${res.status} (x-amzn-RequestId ${requestId ?? 'none'}, ${elapsed} ms)`);

        if (res.status >= 200 && res.status < 300) {
          return { status: res.status, body: parseBody(res) as T, requestId };
        }
        const errors = amazonErrors(res);
        if (res.status === 403 && !refreshedToken && errors.some((e) => EXPIRED_TOKEN.test(`${e.message} ${e.details ?? ''}`))) {
          // Not counted as a retry: Amazon rejected the token before looking at the request.
          refreshedToken = true;
          options.tokens.invalidate();
          log(`${call.operation}: access token expired; refreshing it once`);
          continue;
        }
        if (res.status === 429 && retries < options.retry.maxRetries) {
          // A throttled request was not processed, so even a POST may be repeated.
          const rate = headerRate > 0 ? headerRate : (options.limiter.rate(plan) ?? spec.rate);
          await pause(throttleDelayMs(options.retry, rate), 'HTTP 429 throttled');
          retries++;
          continue;
        }
        if (RETRYABLE_SERVER_STATUSES.has(res.status)) {
          if (!idempotent) throw new AmbiguousRequestError(call.operation, `HTTP ${res.status}`, res.status, requestId);
          if (retries < options.retry.maxRetries) {
            await pause(backoffDelayMs(options.retry, retries), `HTTP ${res.status}`);
            retries++;
            continue;
          }
        }
        throw new SpApiError({
          operation: call.operation,
          status: res.status,
          errors,
          requestId,
          attempts: retries + 1,
          message: redact(describeFailure(call.operation, res.status, errors, requestId, retries + 1), options.secrets),
        });
      }

      async function pause(ms: number, why: string): Promise<void> {
        log(`${call.operation}: ${why}; retry ${retries + 1}/${options.retry.maxRetries} in ${ms} ms`);
        await options.sleep(ms);
      }
    },
  };
}

function buildUrl(
  endpoint: string,
  template: string,
  pathParams: Record<string, string> = {},
  query: SpApiCall['query'] = {},
): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = pathParams[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(value);
  });
  // Appended, not resolved: an endpoint with a path prefix (a proxy) keeps its prefix.
  const url = new URL(endpoint.replace(/\/$/, '') + path);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    url.searchParams.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  return url.toString();
}

function parseBody(res: HttpResponse): unknown {
  const text = res.body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function amazonErrors(res: HttpResponse): AmazonError[] {
  const body = parseJsonObject(res.body.toString('utf8'));
  if (!body || !Array.isArray(body.errors)) return [];
  return body.errors
    .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
    .map((e) => ({
      code: String(e.code ?? ''),
      message: String(e.message ?? ''),
      ...(e.details !== undefined ? { details: String(e.details) } : {}),
    }));
}

function describeFailure(
  operation: FeedsOperation,
  status: number,
  errors: AmazonError[],
  requestId: string | undefined,
  attempts: number,
): string {
  const said = errors.length
    ? errors.map((e) => `${e.code}: ${e.message}${e.details ? ` (${e.details})` : ''}`).join('; ')
    : 'no error details';
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return `${operation} failed with HTTP ${status}${tries}: ${said} [x-amzn-RequestId ${requestId ?? 'none'}]`;
}
