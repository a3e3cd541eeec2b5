/**
 * Token buckets as Amazon's usage plans describe them (`rate` tokens per second refill a bucket of `burst`, one
 * request takes one), and the client-side limiter built on them, one bucket per usage plan, so a run stays under
 * Amazon's plans instead of learning them from 429s. The sandbox enforces the same buckets on the server side.
 * Clock and sleep are injected: tests move time instead of waiting for it.
 */

/** One of Amazon's usage plans: a token bucket's refill rate and size. */
export interface UsagePlan {
  /** Sustained requests per second. */
  rate: number;
  /** Bucket size: requests allowed back to back after a quiet period. */
  burst: number;
}

/** Relative difference within which a reported rate is taken for the rate in force, rounded for the header. */
const HEADER_ROUNDING = 0.005;

/** One bucket on an injected clock, starting full (as Amazon's do). */
export class TokenBucket {
  readonly #plan: UsagePlan;
  readonly #now: () => Date;
  #tokens: number;
  #refilledAt: number;

  constructor(plan: UsagePlan, now: () => Date) {
    this.#plan = { ...plan };
    this.#now = now;
    this.#tokens = plan.burst;
    this.#refilledAt = now().getTime();
  }

  /** The plan in force (its rate may have been changed by {@link TokenBucket.setRate}). */
  get plan(): Readonly<UsagePlan> {
    return this.#plan;
  }

  /** Takes one token when there is one; false means the caller has to wait (or, on a server, is throttled). */
  take(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token is there (0 when one is there now). */
  msUntilToken(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) / this.#plan.rate) * 1000);
  }

  /** Refills at `rate` from now on; what refilled at the old rate until now is kept. */
  setRate(rate: number): void {
    this.#refill();
    this.#plan.rate = rate;
  }

  #refill(): void {
    const at = this.#now().getTime();
    const elapsedSeconds = Math.max(0, at - this.#refilledAt) / 1000;
    this.#tokens = Math.min(this.#plan.burst, this.#tokens + elapsedSeconds * this.#plan.rate);
    this.#refilledAt = at;
  }
}

/** Injected time: tests move a clock instead of waiting. */
export interface RateLimiterOptions {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

interface Lane {
  bucket: TokenBucket;
  /** Callers wait in line, so two concurrent callers cannot both spend the one token that refilled. */
  queue: Promise<unknown>;
}

/** Token buckets keyed by usage plan (an operation, or `createFeed:<feedType>`), each waited on in turn. */
export class RateLimiter {
  readonly #lanes = new Map<string, Lane>();
  readonly #options: RateLimiterOptions;

  /** `plans`: the usage plan per key; calls under a key without a plan are not limited. */
  constructor(plans: Readonly<Record<string, UsagePlan>>, options: RateLimiterOptions) {
    this.#options = options;
    for (const [key, plan] of Object.entries(plans)) {
      this.#lanes.set(key, { bucket: new TokenBucket(plan, options.now), queue: Promise.resolve() });
    }
  }

  /** Waits until a call under `key` may be made, spends one token, and resolves with the milliseconds waited. */
  acquire(key: string): Promise<number> {
    const lane = this.#lanes.get(key);
    if (!lane) return Promise.resolve(0);
    const turn = lane.queue.then(() => this.#take(lane.bucket));
    lane.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The rate in force for `key` (requests per second), or undefined when it is not limited. */
  rate(key: string): number | undefined {
    return this.#lanes.get(key)?.bucket.plan.rate;
  }

  /**
   * Adopts the rate Amazon reports in `x-amzn-RateLimit-Limit` (the plan actually applied to this
   * application and seller, which can be higher or lower than the model's default). A reported rate that only
   * rounds the one in force (the header carries a few significant digits: 0.0167 for 5 per 300 s) keeps the slower
   * of the two, so rounding up never makes a call arrive just before Amazon's bucket has refilled.
   */
  observeRate(key: string, rate: number): void {
    const bucket = this.#lanes.get(key)?.bucket;
    if (!bucket || !(rate > 0) || !Number.isFinite(rate)) return;
    const current = bucket.plan.rate;
    const rounding = Math.abs(rate - current) <= current * HEADER_ROUNDING;
    bucket.setRate(rounding ? Math.min(rate, current) : rate);
  }

  async #take(bucket: TokenBucket): Promise<number> {
    let waited = 0;
    while (!bucket.take()) {
      const wait = bucket.msUntilToken();
      await this.#options.sleep(wait);
      waited += wait;
    }
    return waited;
  }
}
