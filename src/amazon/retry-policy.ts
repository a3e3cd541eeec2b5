/**
 * How long to wait before a retry, and the plain retry loop for idempotent exchanges (the token endpoint, the
 * pre-signed URLs). Randomness and sleep are injected so tests can pin the jitter and skip the waiting.
 */

/** How many times and how long to wait before trying a call again. */
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

/** One try of a retried exchange: its result, or why it should be tried again. */
export type Attempt<T> = { value: T } | { retryBecause: string };

/** What a retry loop needs besides the attempt itself. */
export interface RetryLoop {
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  /** Receives one line per retry. */
  log: (line: string) => void;
  /** Names the exchange in log lines, e.g. "LWA token exchange". */
  label: string;
}

/**
 * Runs `attempt` until it yields a value or throws. After `policy.maxRetries` retries the error from
 * `giveUp(lastReason, attempts)` is thrown. Waits back off exponentially, with jitter.
 */
export async function retryWithBackoff<T>(
  loop: RetryLoop,
  attempt: () => Promise<Attempt<T>>,
  giveUp: (reason: string, attempts: number) => Error,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    const outcome = await attempt();
    if ('value' in outcome) return outcome.value;
    if (retry >= loop.policy.maxRetries) throw giveUp(outcome.retryBecause, retry + 1);
    const delay = backoffDelayMs(loop.policy, retry);
    loop.log(`${loop.label}: ${outcome.retryBecause}; retry ${retry + 1}/${loop.policy.maxRetries} in ${delay} ms`);
    await loop.sleep(delay);
  }
}
