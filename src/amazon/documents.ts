/**
 * Transfers to and from the pre-signed S3 URLs that createFeedDocument and getFeedDocument hand out. These URLs
 * carry their own signature, so no SP-API headers go with them, and they are never logged beyond host and path.
 */
import { DocumentTransferError } from './errors.ts';
import { describeUrl, redact } from './redact.ts';
import { retryWithBackoff, type RetryPolicy } from './retry-policy.ts';
import { sendHttp, TransportError, type HttpRequest, type HttpResponse, type TransportOptions } from './transport.ts';

/** How transfers are timed, retried and logged (the same policy as SP-API calls). */
export interface TransferOptions {
  transport: TransportOptions;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  /** Receives lines with host and path only. */
  log: (line: string) => void;
}

/**
 * PUTs `body` to the pre-signed `url` with `contentType` as the Content-Type, byte for byte: S3 signed the
 * Content-Type given to createFeedDocument, and any difference (a charset added or missing, other case) is 403
 * SignatureDoesNotMatch. `declaredContentType`, when known, is checked first so the mismatch is caught locally.
 */
export async function putDocument(
  url: string,
  body: Buffer | string,
  contentType: string,
  declaredContentType: string | undefined,
  options: TransferOptions,
): Promise<void> {
  const where = describeUrl(url);
  if (declaredContentType !== undefined && declaredContentType !== contentType) {
    throw new DocumentTransferError(
      `upload to ${where} not sent: Content-Type '${contentType}' differs from '${declaredContentType}' given to ` +
        'createFeedDocument; S3 would refuse it with 403 SignatureDoesNotMatch. Use the declared string exactly.',
    );
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const res = await transfer({ method: 'PUT', url, headers: { 'content-type': contentType }, body: bytes }, 'upload', options);
  if (res.status >= 200 && res.status < 300) return;
  throw s3Failure('upload', where, res, contentType);
}

/** GETs a pre-signed download URL and returns the raw response (bytes and headers), S3 errors thrown. */
export async function getDocument(url: string, options: TransferOptions): Promise<HttpResponse> {
  const res = await transfer({ method: 'GET', url, headers: {} }, 'download', options);
  if (res.status >= 200 && res.status < 300) return res;
  throw s3Failure('download', describeUrl(url), res, undefined);
}

/** True when S3 refused because the pre-signed URL's lifetime (5 minutes) ran out. */
export function isExpiredUrlError(error: unknown): boolean {
  return error instanceof DocumentTransferError && error.status === 403 && /expired/i.test(error.message);
}

/** Retries S3's 5xx and network errors with backoff: PUT and GET of the same bytes are idempotent. */
async function transfer(req: HttpRequest, what: string, options: TransferOptions): Promise<HttpResponse> {
  const where = describeUrl(req.url);
  const log = (line: string) => options.log(redact(line));
  return retryWithBackoff<HttpResponse>(
    { policy: options.retry, sleep: options.sleep, log, label: what },
    async () => {
      let res;
      try {
        res = await sendHttp(req, options.transport);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        log(`${what} ${req.method} ${where} -> ${error.message}`);
        return { retryBecause: error.message };
      }
      log(`${what} ${req.method} ${where} -> ${res.status}`);
      return res.status < 500 ? { value: res } : { retryBecause: `HTTP ${res.status}` };
    },
    (reason, attempts) => new DocumentTransferError(`${what} ${where} failed after ${attempts} attempts: ${reason}`),
  );
}

function s3Failure(what: 'upload' | 'download', where: string, res: HttpResponse, contentType: string | undefined) {
  const text = res.body.toString('utf8');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  const said = redact(`HTTP ${res.status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`);
  let advice = '';
  if (code === 'SignatureDoesNotMatch' && what === 'upload') {
    advice =
      ` S3 signed the Content-Type given to createFeedDocument; this upload sent '${contentType}'. The two must be` +
      ' byte-identical (same charset parameter, same case, no header added by a proxy or HTTP library).';
  } else if (/expired/i.test(message ?? '')) {
    advice = ' Pre-signed URLs expire 5 minutes after they are issued: request a new one and transfer at once.';
  }
  return new DocumentTransferError(`${what} ${where} refused: ${said}.${advice}`, res.status, code);
}
