import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/amazon/rate-limiter.ts';
import { FEEDS_OPERATIONS } from '../../src/amazon/operations.ts';
import { virtualClock } from '../helpers/virtual-clock.ts';

describe('RateLimiter', () => {
  it('takes its plans from Amazon model: createFeed 0.0083/s burst 15, getFeed 2/s burst 15', () => {
    expect(FEEDS_OPERATIONS.createFeed).toMatchObject({ method: 'POST', successStatus: 202, rate: 0.0083, burst: 15 });
    expect(FEEDS_OPERATIONS.createFeedDocument).toMatchObject({ successStatus: 201, rate: 0.5, burst: 15 });
    expect(FEEDS_OPERATIONS.getFeeds).toMatchObject({ rate: 0.0222, burst: 10 });
    expect(FEEDS_OPERATIONS.getFeed).toMatchObject({ rate: 2, burst: 15 });
  });

  it('allows the burst at once, then one call per 1/rate', async () => {
    const time = virtualClock();
    const limiter = new RateLimiter({ createFeed: { rate: 0.0083, burst: 15 } }, time);
    for (let i = 0; i < 15; i++) expect(await limiter.acquire('createFeed')).toBe(0);
    const waited = await limiter.acquire('createFeed');
    expect(waited).toBeGreaterThanOrEqual(120_000);
    expect(waited).toBeLessThan(121_000);
  });

  it('refills with time that passes between calls', async () => {
    const time = virtualClock();
    const limiter = new RateLimiter({ getFeed: { rate: 2, burst: 2 } }, time);
    await limiter.acquire('getFeed');
    await limiter.acquire('getFeed');
    time.advance(1_000);
    expect(await limiter.acquire('getFeed')).toBe(0);
    expect(await limiter.acquire('getFeed')).toBe(0);
    expect(await limiter.acquire('getFeed')).toBe(500);
  });

  it('serves concurrent callers one token each, in order', async () => {
    const time = virtualClock();
    const limiter = new RateLimiter({ getFeeds: { rate: 1, burst: 1 } }, time);
    const waits = await Promise.all([1, 2, 3].map(() => limiter.acquire('getFeeds')));
    expect(waits).toEqual([0, 1000, 1000]);
    expect(time.sleeps).toEqual([1000, 1000]);
  });

  it('adopts the rate Amazon reports, and leaves unknown operations alone', async () => {
    const time = virtualClock();
    const limiter = new RateLimiter({ getFeed: { rate: 2, burst: 1 } }, time);
    limiter.observeRate('getFeed', 10);
    await limiter.acquire('getFeed');
    expect(await limiter.acquire('getFeed')).toBe(100);
    limiter.observeRate('getFeed', Number.NaN);
    expect(limiter.rate('getFeed')).toBe(10);
    expect(await limiter.acquire('notLimited')).toBe(0);
  });

  it('keeps the slower rate when the reported one only rounds the rate in force', async () => {
    const time = virtualClock();
    const limiter = new RateLimiter({ listings: { rate: 5 / 300, burst: 1 }, feeds: { rate: 1 / 120, burst: 1 } }, time);
    limiter.observeRate('listings', 0.0167);
    expect(limiter.rate('listings')).toBe(5 / 300);
    limiter.observeRate('feeds', 0.0083);
    expect(limiter.rate('feeds')).toBe(0.0083);
    limiter.observeRate('feeds', 0.05);
    expect(limiter.rate('feeds')).toBe(0.05);
  });
});
