/**
 * Pre-signed URLs for the sandbox's stand-in for S3. Like S3's query-string SigV4, the signature covers the method,
 * the path, the expiry and (for uploads) the Content-Type the URL was issued for, so a client that sends a different
 * Content-Type gets S3's 403 SignatureDoesNotMatch, and a URL used after its expiry gets 403 "Request has expired".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signature binds. `contentType` is only part of upload URLs (S3: `X-Amz-SignedHeaders=content-type;host`). */
export interface SignedTarget {
  method: 'PUT' | 'GET';
  path: string;
  contentType?: string;
}

/** The outcome of checking a request against its URL's signature. */
export type SignatureCheck =
  | { ok: true }
  | { ok: false; code: 'SignatureDoesNotMatch' | 'AccessDenied'; message: string };

const SECONDS_PARAM = 'X-Amz-Expires';
const DATE_PARAM = 'X-Amz-Date';
const SIGNATURE_PARAM = 'X-Amz-Signature';

/** Signs and verifies URLs with one per-sandbox secret. */
export class UrlSigner {
  constructor(private readonly secret: Buffer) {}

  /** Builds the query string for `target`, valid from `issuedAt` for `ttlSeconds`. */
  sign(target: SignedTarget, issuedAt: Date, ttlSeconds: number): string {
    const date = amzDate(issuedAt);
    const params = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      [DATE_PARAM]: date,
      [SECONDS_PARAM]: String(ttlSeconds),
      'X-Amz-SignedHeaders': target.contentType === undefined ? 'host' : 'content-type;host',
    });
    params.set(SIGNATURE_PARAM, this.signature(target, date, ttlSeconds));
    return params.toString();
  }

  /** Checks a request's query against what it claims to be for; `contentType` is the header the client sent. */
  verify(target: SignedTarget, query: URLSearchParams, now: Date): SignatureCheck {
    const date = query.get(DATE_PARAM);
    const seconds = Number(query.get(SECONDS_PARAM));
    const given = query.get(SIGNATURE_PARAM);
    const issued = date ? parseAmzDate(date) : undefined;
    if (!issued || !Number.isInteger(seconds) || !given) {
      return { ok: false, code: 'AccessDenied', message: 'Query-string authentication requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters' };
    }
    const expected = Buffer.from(this.signature(target, date!, seconds));
    const actual = Buffer.from(given);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return {
        ok: false,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      };
    }
    if (now.getTime() >= issued.getTime() + seconds * 1000) return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
    return { ok: true };
  }

  private signature(target: SignedTarget, date: string, ttlSeconds: number): string {
    const canonical = [target.method, target.path, date, ttlSeconds, target.contentType ?? ''].join('\n');
    return createHmac('sha256', this.secret).update(canonical).digest('hex');
  }
}

function amzDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : undefined;
}
