/**
 * Token buckets per operation, as Amazon's usage plans describe them: `rate` tokens per second refill a bucket of
 * `burst` tokens, one request takes one token. Time comes from the injected clock, so tests move time.
 */

/** A usage plan: sustained requests per second and how many may be banked. */
export interface UsagePlan {
  rate: number;
  burst: number;
}

/** One bucket on an injected clock. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly plan: UsagePlan,
    private readonly now: () => Date,
  ) {
    this.tokens = plan.burst;
    this.updatedAt = now().getTime();
  }

  /** Takes one token when there is one; false means the caller is throttled. */
  take(): boolean {
    const at = this.now().getTime();
    const elapsedSeconds = Math.max(0, at - this.updatedAt) / 1000;
    this.tokens = Math.min(this.plan.burst, this.tokens + elapsedSeconds * this.plan.rate);
    this.updatedAt = at;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
