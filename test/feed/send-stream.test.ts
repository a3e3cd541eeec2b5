/**
 * A full ONIX send streams the catalog: the titles read from the files are let go as the writer goes, so memory does
 * not grow with the catalog. Every title `streamCatalog` yields is watched with a FinalizationRegistry; now and then
 * the heap is collected and the titles still alive are counted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LoadedTitle } from '../../src/catalog/title.ts';
import { startPipeline, type Pipeline } from './pipeline.ts';

// Hoisted above the imports, so it imports what it needs itself.
const gauge = await vi.hoisted(async () => {
  const { setFlagsFromString } = await import('node:v8');
  const { runInNewContext } = await import('node:vm');
  setFlagsFromString('--expose-gc');
  // A fresh context reads the flag just set; this one was created before it.
  const collectGarbage = runInNewContext('gc') as () => void;
  /** Titles yielded and not yet collected, sampled every `every` titles. */
  class LiveTitles {
    yielded = 0;
    collected = 0;
    samples: number[] = [];
    private readonly registry = new FinalizationRegistry<undefined>(() => {
      this.collected++;
    });

    constructor(private readonly every: number) {}

    watch(value: object): void {
      this.yielded++;
      this.registry.register(value, undefined);
    }

    /** Collects the heap and lets the finalizers run, then counts what is still alive. */
    async live(): Promise<number> {
      collectGarbage();
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
      return this.yielded - this.collected;
    }

    async *track(titles: AsyncIterable<LoadedTitle>): AsyncGenerator<LoadedTitle> {
      for await (const loaded of titles) {
        this.watch(loaded);
        if (this.yielded % this.every === 0) this.samples.push(await this.live());
        yield loaded;
      }
    }
  }
  return { LiveTitles, current: undefined as InstanceType<typeof LiveTitles> | undefined };
});

vi.mock('../../src/catalog/stream.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/catalog/stream.ts')>();
  return {
    ...original,
    streamCatalog: (...args: Parameters<typeof original.streamCatalog>) =>
      gauge.current ? gauge.current.track(original.streamCatalog(...args)) : original.streamCatalog(...args),
  };
});

const TITLES = 1000;
const SAMPLE_EVERY = 200;
/** Far below the catalog: the writer holds titles only while it maps them (and the stream one file ahead). */
const MOST_TITLES_ALIVE = 50;

let pipeline: Pipeline | undefined;
afterEach(async () => {
  gauge.current = undefined;
  await pipeline?.close();
  pipeline = undefined;
});

describe('a full ONIX send', () => {
  it(`holds at most ${MOST_TITLES_ALIVE} of ${TITLES} titles at any time, and sends them all`, async () => {
    pipeline = await startPipeline({ titles: TITLES });
    const live = new gauge.LiveTitles(SAMPLE_EVERY);
    gauge.current = live;
    const result = await pipeline.send({ titles: 'all' });
    expect(result.record).toMatchObject({ kind: 'full', status: 'done', counts: { sent: TITLES, heldBack: 0 } });
    expect(live.yielded).toBe(TITLES);
    expect(live.samples).toHaveLength(TITLES / SAMPLE_EVERY);
    expect(Math.max(...live.samples)).toBeLessThanOrEqual(MOST_TITLES_ALIVE);
  }, 30_000);

  it('the gauge sees titles that are held (so the bound above can fail)', async () => {
    const live = new gauge.LiveTitles(1);
    const held = Array.from({ length: 100 }, () => ({ title: {} }) as LoadedTitle);
    held.forEach((title) => live.watch(title));
    expect(await live.live()).toBe(100);
    held.length = 0;
    expect(await live.live()).toBe(0);
  });
});
