import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, throttleDelayMs } from '../../src/amazon/retry-policy.ts';

describe('retry delays', () => {
  it('backs off exponentially with jitter, capped', () => {
    const low = { ...DEFAULT_RETRY_POLICY, random: () => 0 };
    const high = { ...DEFAULT_RETRY_POLICY, random: () => 0.999999 };
    expect([0, 1, 2].map((r) => backoffDelayMs(low, r))).toEqual([500, 1000, 2000]);
    expect([0, 1, 2].map((r) => backoffDelayMs(high, r))).toEqual([1000, 2000, 4000]);
    expect(backoffDelayMs(high, 20)).toBe(30_000);
  });

  it('waits at least 1/rate after a 429, plus jitter', () => {
    expect(throttleDelayMs({ ...DEFAULT_RETRY_POLICY, random: () => 0 }, 0.0083)).toBe(120_482);
    expect(throttleDelayMs({ ...DEFAULT_RETRY_POLICY, random: () => 0.5 }, 2)).toBe(1000);
  });
});
