/**
 * Client-side token buckets, one per operation, so a run stays under Amazon's usage plans instead of learning
 * them from 429s. Clock and sleep are injected: tests move time instead of waiting for it.
 */

/** One of Amazon's usage plans: a token bucket's refill rate and size. */
export interface UsagePlan {
  /** Sustained requests per second. */
  rate: number;
  /** Bucket size: requests allowed back to back after a quiet period. */
  burst: number;
}

/** Injected time: tests move a clock instead of waiting. */
export interface RateLimiterOptions {
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

/** Relative difference within which a reported rate is taken for the rate in force, rounded for the header. */
const HEADER_ROUNDING = 0.005;

interface Bucket {
  plan: UsagePlan;
  tokens: number;
  refilledAt: number;
  /** Callers wait in line, so two concurrent callers cannot both spend the one token that refilled. */
  queue: Promise<unknown>;
}

/** Token buckets keyed by usage plan (an operation, or `createFeed:<feedType>`), starting full (as Amazon's do). */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #options: RateLimiterOptions;

  /** `plans`: the usage plan per operation; operations without a plan are not limited. */
  constructor(plans: Readonly<Record<string, UsagePlan>>, options: RateLimiterOptions) {
    this.#options = options;
    const at = options.now().getTime();
    for (const [operation, plan] of Object.entries(plans)) {
      this.#buckets.set(operation, { plan: { ...plan }, tokens: plan.burst, refilledAt: at, queue: Promise.resolve() });
    }
  }

  /** Waits until `operation` may be called, spends one token, and resolves with the milliseconds waited. */
  acquire(operation: string): Promise<number> {
    const bucket = this.#buckets.get(operation);
    if (!bucket) return Promise.resolve(0);
    const turn = bucket.queue.then(() => this.#take(bucket));
    bucket.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The rate in force for `operation` (requests per second), or undefined when it is not limited. */
  rate(operation: string): number | undefined {
    return this.#buckets.get(operation)?.plan.rate;
  }

  /**
   * Adopts the rate Amazon reports in `x-amzn-RateLimit-Limit` (the plan actually applied to this
   * application and seller, which can be higher or lower than the model's default). A reported rate that only
   * rounds the one in force (the header carries a few significant digits: 0.0167 for 5 per 300 s) keeps the slower
   * of the two, so rounding up never makes a call arrive just before Amazon's bucket has refilled.
   */
  observeRate(operation: string, rate: number): void {
    const bucket = this.#buckets.get(operation);
    if (!bucket || !(rate > 0) || !Number.isFinite(rate)) return;
    this.#refill(bucket);
    const rounding = Math.abs(rate - bucket.plan.rate) <= bucket.plan.rate * HEADER_ROUNDING;
    bucket.plan.rate = rounding ? Math.min(rate, bucket.plan.rate) : rate;
  }

  async #take(bucket: Bucket): Promise<number> {
    let waited = 0;
    for (;;) {
      this.#refill(bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return waited;
      }
      const wait = Math.ceil(((1 - bucket.tokens) / bucket.plan.rate) * 1000);
      await this.#options.sleep(wait);
      waited += wait;
    }
  }

  #refill(bucket: Bucket): void {
    const at = this.#options.now().getTime();
    const elapsed = Math.max(0, at - bucket.refilledAt) / 1000;
    bucket.tokens = Math.min(bucket.plan.burst, bucket.tokens + elapsed * bucket.plan.rate);
    bucket.refilledAt = at;
  }
}
