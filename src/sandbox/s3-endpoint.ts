/**
 * The sandbox's stand-in for S3: it issues pre-signed URLs for feed documents and serves them, uploads by PUT and
 * downloads by GET, refusing what S3 refuses (another Content-Type than the signed one, an expired URL).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultBook } from './faults.ts';
import type { FeedStore, StoredDocument } from './feed-store.ts';
import { misbehave, sendS3Error } from './replies.ts';
import { UrlSigner, type SignedTarget } from './signed-url.ts';

/** Where document URLs live on the sandbox. */
export const S3_PREFIX = '/s3/documents/';

/** What the S3 stand-in needs from the sandbox. */
export interface S3Dependencies {
  store: FeedStore;
  faults: FaultBook;
  now: () => Date;
  urlTtlSeconds: number;
  /** Counts one upload or download request. */
  count(kind: 'upload' | 'download'): void;
}

/** Issues and serves pre-signed document URLs. */
export class S3Endpoint {
  private readonly signer = new UrlSigner(randomBytes(32));
  /** The sandbox's base URL, known once it listens. */
  origin = '';

  constructor(private readonly deps: S3Dependencies) {}

  /** A URL to PUT (upload) or GET (download) `document`; `urls:expired` faults make it expired from the start. */
  presign(document: StoredDocument, method: 'PUT' | 'GET', options: { gzipContentEncoding?: boolean } = {}): string {
    const ttl = this.deps.faults.take('urls') === 'expired' ? 0 : this.deps.urlTtlSeconds;
    const encoding = options.gzipContentEncoding ? 'gzip' : undefined;
    const path = `${S3_PREFIX}${encodeURIComponent(document.id)}`;
    const query = this.signer.sign(signedTarget(method, path, encoding, method === 'PUT' ? document.contentType : undefined), this.deps.now(), ttl);
    return `${this.origin}${path}?${query}${encoding ? `&response-content-encoding=${encoding}` : ''}`;
  }

  /** Answers a request under {@link S3_PREFIX}. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer, requestId: string): void {
    const upload = req.method === 'PUT';
    const kind = upload ? 'upload' : 'download';
    this.deps.count(kind);
    const document = this.deps.store.document(decodeKey(url.pathname.slice(S3_PREFIX.length)));
    const fault = this.deps.faults.take(kind);
    if (fault && misbehave(res, fault, document?.body ?? Buffer.alloc(0))) return;
    if (fault) return sendS3Error(res, Number(fault), requestId);
    if ((req.method !== 'PUT' && req.method !== 'GET') || !document) {
      return sendS3Error(res, 404, requestId, 'NoSuchKey', 'The specified key does not exist.');
    }
    const encoding = url.searchParams.get('response-content-encoding') ?? undefined;
    const target = signedTarget(req.method, url.pathname, encoding, upload ? (req.headers['content-type'] ?? '') : undefined);
    const verdict = this.signer.verify(target, url.searchParams, this.deps.now());
    if (!verdict.ok) return sendS3Error(res, 403, requestId, verdict.code, verdict.message);
    if (upload) {
      document.body = body;
      res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"`, 'content-length': '0' }).end();
      return;
    }
    if (!document.body) return sendS3Error(res, 404, requestId, 'NoSuchKey', 'The document has not been uploaded.');
    res.writeHead(200, {
      'content-type': document.contentType,
      'content-length': String(document.body.length),
      ...(encoding ? { 'content-encoding': encoding } : {}),
    });
    res.end(document.body);
  }
}

/** What a URL's signature binds; the response encoding override is signed, like S3's `response-*` parameters. */
function signedTarget(method: 'PUT' | 'GET', path: string, encoding: string | undefined, contentType: string | undefined): SignedTarget {
  return { method, path: encoding ? `${path}?response-content-encoding=${encoding}` : path, contentType };
}

/** The document id in a URL path; a malformed escape names no document. */
function decodeKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return '';
  }
}
