/**
 * Errors the Feeds client throws. Messages are redacted and say what to do; fields carry what a caller needs to
 * decide (status, Amazon's errors[], the request id to quote to Amazon support).
 */
import type { FeedsOperation } from './operations.ts';

/** One entry of Amazon's `ErrorList.errors`. */
export interface AmazonError {
  code: string;
  message: string;
  details?: string;
}

/** An SP-API call failed for good: a non-retryable status, or retries exhausted. */
export class SpApiError extends Error {
  override name = 'SpApiError';
  readonly operation: FeedsOperation;
  /** HTTP status of the last attempt; undefined when it ended without a response (timeout, network). */
  readonly status: number | undefined;
  /** Amazon's `errors[]` from the last response (empty when there was none). */
  readonly errors: AmazonError[];
  /** `x-amzn-RequestId` of the last response: quote it to Amazon support. */
  readonly requestId: string | undefined;
  readonly attempts: number;

  constructor(fields: {
    operation: FeedsOperation;
    status?: number;
    errors?: AmazonError[];
    requestId?: string;
    attempts: number;
    message: string;
  }) {
    super(fields.message);
    this.operation = fields.operation;
    this.status = fields.status;
    this.errors = fields.errors ?? [];
    this.requestId = fields.requestId;
    this.attempts = fields.attempts;
  }
}

/**
 * A non-idempotent call (createFeed) may or may not have taken effect: the request was sent and then timed out,
 * the connection was reset, or the server answered 5xx. Never resend it without first finding out.
 */
export class AmbiguousRequestError extends Error {
  override name = 'AmbiguousRequestError';
  constructor(
    readonly operation: FeedsOperation,
    readonly reason: string,
    readonly status?: number,
    readonly requestId?: string,
  ) {
    super(`${operation}: outcome unknown (${reason}); the request may have been applied`);
  }
}

/**
 * createFeed's outcome could not be established after an ambiguous failure. The feed may exist at Amazon: the
 * caller must not submit the document again, and should record the attempt as unknown for a later look-up.
 */
export class FeedSubmissionUnknownError extends Error {
  override name = 'FeedSubmissionUnknownError';
  constructor(
    message: string,
    /** Feeds created in the window that could be ours (more than one, or the look-up failed and this is empty). */
    readonly candidateFeedIds: string[],
  ) {
    super(message);
  }
}

/** Upload to or download from a pre-signed URL failed. */
export class DocumentTransferError extends Error {
  override name = 'DocumentTransferError';
  constructor(
    message: string,
    readonly status?: number,
    /** S3's error code (`SignatureDoesNotMatch`, `AccessDenied`, ...) when it sent one. */
    readonly s3Code?: string,
  ) {
    super(message);
  }
}

/** Marketplace ids a feed cannot take: another region's, unknown ones, or not 1 to 25 of them (caught before any call). */
export class MarketplaceRegionError extends Error {
  override name = 'MarketplaceRegionError';
}
