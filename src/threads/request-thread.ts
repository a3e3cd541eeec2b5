/**
 * A worker thread that answers requests: the caller posts `{ id, ...request }`, the thread replies `{ id, ...answer }`
 * or `{ id, error }` (a message). Shared by the thread pools (XSD validation, title parsing, ONIX import), so each only
 * says what it sends and what it gets back.
 *
 * - A busy thread (loading, or with requests to answer) keeps the process alive, or an awaited answer would be lost;
 *   an idle one does not, so a command ends when its work is done without closing its pools.
 * - A thread that fails or exits rejects every request waiting on it, and takes no more (`alive` turns false).
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** Options of {@link RequestThread}: the worker's own, and how to report a failure. */
export interface RequestThreadOptions extends WorkerOptions {
  /** The error a request gets when the thread answers `{ error }`, fails or exits; `message` says which. */
  failure: (message: string) => Error;
  /** The thread posts `{ ready: true }` once it has loaded what it needs; `ready` waits for it (default: no). */
  announcesReady?: boolean;
}

interface Waiting<Answer> {
  resolve: (answer: Answer) => void;
  reject: (error: Error) => void;
}

/** One worker thread and the requests it has not answered yet. */
export class RequestThread<Request extends object, Answer extends object> {
  /** Resolves when the thread can take requests; rejects if it fails first. */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, Waiting<Answer>>();
  private readonly failureOf: (message: string) => Error;
  private nextId = 1;
  private stoppedBy: Error | undefined;
  private loaded = false;

  constructor(url: URL, options: RequestThreadOptions) {
    const { failure, announcesReady = false, ...workerOptions } = options;
    this.failureOf = failure;
    // A thread that is still loading counts as busy: whoever awaits `ready` must not see the process end first.
    this.worker = new Worker(url, workerOptions);
    this.ready = new Promise<void>((resolve, reject) => {
      const loaded = (): void => {
        this.loaded = true;
        if (this.waiting.size === 0) this.worker.unref();
        resolve();
      };
      if (!announcesReady) loaded();
      this.worker.on('message', (reply: ({ id: number; error?: string } & Answer) | { ready: true }) => {
        if ('ready' in reply) return loaded();
        const request = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        if (this.waiting.size === 0) this.worker.unref();
        if (!request) return;
        if (reply.error !== undefined) request.reject(failure(reply.error));
        else request.resolve(reply);
      });
      const stop = (error: Error): void => {
        this.stoppedBy ??= error;
        reject(error);
        for (const request of this.waiting.values()) request.reject(error);
        this.waiting.clear();
      };
      this.worker.on('error', (error) => stop(failure(`the thread failed: ${error.message}`)));
      this.worker.on('exit', (code) => stop(failure(`the thread stopped (exit code ${code})`)));
    });
    // A thread that fails before anyone awaits `ready` must not be an unhandled rejection; requests still see it.
    this.ready.catch(() => undefined);
  }

  /** Whether the thread still takes requests. */
  get alive(): boolean {
    return this.stoppedBy === undefined;
  }

  /** Why the thread stopped, if it did. */
  get failure(): Error | undefined {
    return this.stoppedBy;
  }

  /** Whether the thread has announced it is ready (always, for a thread that does not announce it). */
  get started(): boolean {
    return this.loaded;
  }

  /** Requests not answered yet. */
  get busy(): number {
    return this.waiting.size;
  }

  /** Posts `request` with a fresh id; resolves to the thread's answer, rejects with `failure(...)`. */
  request(request: Request): Promise<Answer> {
    if (this.stoppedBy) return Promise.reject(this.failureOf('the thread has stopped'));
    const id = this.nextId++;
    return new Promise<Answer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }

  /** Stops the thread; requests still waiting are rejected. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
