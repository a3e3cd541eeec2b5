/**
 * One HTTP exchange with undici, bounded by a deadline that covers the whole call: connecting, waiting for the
 * response to start, and reading the body (a body that stalls half way is as stuck as one that never starts).
 * Used for SP-API, Login with Amazon and the pre-signed S3 URLs alike.
 */
import { request, type Dispatcher } from 'undici';

/** Amazon's SDKs use 60 s per call; so do we unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** One request, body complete in memory (feed documents are at most 10 MiB). */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** One response, body read in full. */
export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

/** Deadline and connection pool for one exchange. */
export interface TransportOptions {
  /** Deadline for the whole exchange, body included. */
  timeoutMs: number;
  /** undici dispatcher (connection pool); the global one when absent. */
  dispatcher?: Dispatcher;
}

/** Codes that mean the request never left this machine, so repeating it cannot duplicate anything. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * The exchange failed without an HTTP status. `sent` says whether the server may have received (and acted on)
 * the request: true for timeouts and resets, false when the connection was never made.
 */
export class TransportError extends Error {
  override name = 'TransportError';
  constructor(
    readonly reason: 'timeout' | 'network',
    readonly sent: boolean,
    message: string,
  ) {
    super(message);
  }
}

class DeadlineExceeded extends Error {}

/** Sends `req` and reads the whole response body; throws TransportError for timeouts and network failures. */
export async function sendHttp(req: HttpRequest, options: TransportOptions): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DeadlineExceeded()), options.timeoutMs);
  try {
    const res = await request(req.url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      signal: controller.signal,
      dispatcher: options.dispatcher,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: res.statusCode, headers, body };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new TransportError('timeout', true, `no complete response within ${options.timeoutMs} ms`);
    }
    const code = errorCode(error);
    const sent = !NOT_SENT_CODES.has(code);
    throw new TransportError('network', sent, `network error ${code}`);
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR_') ) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return (error as { code?: string }).code ?? 'unknown';
}
