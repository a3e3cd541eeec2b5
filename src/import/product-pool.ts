/**
 * Where products are prepared ({@link ProductWork}): on parser threads, so that a large message is parsed, mapped and
 * rendered on every core, and on the importing thread itself whenever every parser thread already has work waiting
 * (it has spare time between reading the file and finishing products). Batches complete in any order; the caller
 * puts them back in message order.
 */
import { RequestThread } from '../threads/request-thread.ts';
import { ProductSliceError } from './product-slice.ts';
import { ProductWork, type PreparedBatch, type PreparedProduct, type ProductBatch, type ProductWorkSettings } from './product-work.ts';

/** Prepares batches of products. */
export interface ProductProcessor {
  /** Prepares a batch; rejects with ProductSliceError when a product is not well-formed. */
  prepare(batch: ProductBatch): Promise<PreparedBatch>;
  /** Resolves once every thread has loaded (batches before that are prepared on the calling thread). */
  started(): Promise<void>;
  /** Stops the threads, if any. */
  close(): Promise<void>;
}

/** A parser thread failed for a reason other than the input (a bug, or a title file it could not read). */
export class ProductThreadError extends Error {
  override name = 'ProductThreadError';
}

/**
 * Heap limits of a parser thread. A batch needs a few MB; without limits V8 lets garbage pile up to several times that
 * before collecting. The old-generation limit cost 15-25 MB less peak RSS in the 100,000-product benchmark, and leaves
 * room for products with descriptions of several MB; a 16 MB young generation (V8's default is 48 MB) 10-20 MB less
 * again, for about 8% more CPU time (measured on tmpfs: 227-237 MB instead of 248-251 MB).
 */
const THREAD_HEAP = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

/** Batches a parser thread may have waiting before the importing thread prepares the next batch itself. */
const QUEUED_PER_THREAD = 4;

/**
 * Starts `threads` parser threads (none: everything on the calling thread). Batches are prepared on the calling thread
 * until a thread has loaded the product code (about a third of a second), so reading starts at once.
 */
export function startProductProcessor(threads: number, settings: ProductWorkSettings): ProductProcessor {
  const work = new ProductWork(settings);
  const pool = Array.from({ length: threads }, () => new ProductThread(settings));
  return {
    prepare: (batch) => {
      const failed = pool.find((t) => t.failure);
      if (failed) return Promise.reject(failed.failure);
      const thread = pool.reduce<ProductThread | undefined>((best, t) => (t.started && t.queued < (best?.queued ?? QUEUED_PER_THREAD) ? t : best), undefined);
      if (thread) return thread.prepare(batch);
      try {
        return Promise.resolve(work.prepare(batch));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    },
    started: async () => void (await Promise.all(pool.map((thread) => thread.ready))),
    close: async () => void (await Promise.all(pool.map((thread) => thread.stop()))),
  };
}

/** A thread's answer to a batch: the prepared products and their title files, or why a product is not well-formed. */
interface Answer {
  results?: string;
  files?: Uint8Array;
  invalid?: string;
}

/** One parser thread and the batches it was sent. */
class ProductThread {
  private readonly thread: RequestThread<{ batch: ProductBatch }, Answer>;

  constructor(settings: ProductWorkSettings) {
    this.thread = new RequestThread(new URL('./product-worker.cjs', import.meta.url), {
      execArgv: [],
      workerData: { ...settings, existing: [...settings.existing] },
      resourceLimits: THREAD_HEAP,
      announcesReady: true,
      failure: (message) => new ProductThreadError(`a product parser thread failed: ${message}`),
    });
  }

  /** Settles when the thread has loaded the product code, or has stopped. */
  get ready(): Promise<void> {
    return this.thread.ready;
  }

  /** Whether the thread has loaded the product code. */
  get started(): boolean {
    return this.thread.started;
  }

  /** Why the thread stopped, if it did. */
  get failure(): Error | undefined {
    return this.thread.failure;
  }

  /** Batches sent and not yet answered. */
  get queued(): number {
    return this.thread.busy;
  }

  /** Sends a batch (copied: nothing here keeps its product texts alive while the thread works). */
  async prepare(batch: ProductBatch): Promise<PreparedBatch> {
    const reply = await this.thread.request({ batch });
    if (reply.invalid !== undefined) throw new ProductSliceError(reply.invalid);
    return { products: JSON.parse(reply.results!) as PreparedProduct[], files: reply.files! };
  }

  stop(): Promise<void> {
    return this.thread.terminate();
  }
}
