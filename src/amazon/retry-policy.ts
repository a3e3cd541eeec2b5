/**
 * How long to wait before a retry. Pure: the randomness is injected so tests can pin the jitter.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (3: at most four attempts). */
  maxRetries: number;
  /** First backoff for 5xx and network errors; doubles per retry. */
  backoffBaseMs: number;
  /** Upper bound of one backoff. */
  backoffMaxMs: number;
  /** Upper bound of the jitter added to a 429 wait. */
  throttleJitterMs: number;
  /** Uniform random number in [0, 1). */
  random: () => number;
}

/** Amazon's guidance: bounded retries, exponential backoff for server errors, waits of at least 1/rate for 429. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  throttleJitterMs: 1_000,
  random: Math.random,
};

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many clients spread out. */
export function backoffDelayMs(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** retry);
  return Math.round(ceiling / 2 + (ceiling / 2) * policy.random());
}

/** The wait after a 429: one token's refill time at `rate` requests per second, plus jitter. Never less than 1/rate. */
export function throttleDelayMs(policy: RetryPolicy, rate: number): number {
  return Math.ceil(1000 / rate) + Math.round(policy.throttleJitterMs * policy.random());
}
