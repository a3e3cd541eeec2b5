/**
 * Validation against EDItEUR's official ONIX XSDs (pinned in `schemas/onix/<version>/`) with libxml2-wasm, in a
 * worker thread (`xsd-worker.mjs`):
 * - the schema's `xs:include`s are served from that folder only (an in-memory input provider holding its `.xsd`
 *   files), so validation never reads the network or any other file;
 * - each schema is compiled once per worker (one per core, at most two) and reused;
 * - WASM memory never shrinks, so callers validate large messages in bounded batches (`validateProductBatch`) and it
 *   stays flat whatever the catalog size; idle workers do not keep the process alive;
 * - the worker runs plain JavaScript without the tsx loader (see the worker's header).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { OnixVersion } from '../config/tenant.ts';
import { RequestThread } from '../threads/request-thread.ts';

/** One schema error, with the 1-based line of the validated text when libxml2 reports it. */
export interface XsdIssue {
  line?: number;
  message: string;
}

/** libxml2 failed in a way that is not a verdict on the document (e.g. the schema files are missing). */
export class XsdValidatorError extends Error {
  override name = 'XsdValidatorError';
}

type ValidatorThread = RequestThread<{ xml: string; version: OnixVersion }, { issues: XsdIssue[] }>;

const SCHEMA_ROOT = fileURLToPath(new URL('../../schemas/onix/', import.meta.url));
/** Validation is CPU-bound: one worker per core, at most two (each holds ~60 MB), so batches of one build are checked in parallel. */
const THREADS = Math.max(1, Math.min(2, availableParallelism()));
/**
 * A worker's JavaScript heap holds one batch's text (XSD_BATCH_CHARS, or one product; one bigger than the largest
 * maxFeedBytes, 100 MiB, cannot be sent anyway); libxml2's own memory is WASM memory, outside this limit.
 * Without a limit V8 lets each worker's heap grow like the main thread's.
 */
const WORKER_HEAP_MB = 256;
let threads: ValidatorThread[] = [];

function startThread(): ValidatorThread {
  return new RequestThread(new URL('./xsd-worker.mjs', import.meta.url), {
    execArgv: [],
    workerData: { schemaRoot: SCHEMA_ROOT },
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 8 },
    failure: (message) => new XsdValidatorError(`ONIX schema validation failed: ${message}`),
  });
}

/** The least busy worker, starting another while there are fewer than THREADS and all are busy. */
function idlestThread(): ValidatorThread {
  threads = threads.filter((thread) => thread.alive);
  const idlest = threads.reduce<ValidatorThread | undefined>((best, t) => (!best || t.busy < best.busy ? t : best), undefined);
  if (idlest && (idlest.busy === 0 || threads.length >= THREADS)) return idlest;
  const started = startThread();
  threads.push(started);
  return started;
}

/** Drops what makes libxml2's messages unreadable: the namespace on every name, and the list of every allowed code. */
function shorten(message: string): string {
  return message
    .replace(/ \{'[^}]*\}/, '')
    .replace(/\{http:\/\/ns\.editeur\.org\/onix\/3\.[01]\/reference\}/g, '')
    .trim();
}

/**
 * Validates one complete ONIX message held in memory; resolves to the issues found (none: valid). Calls made
 * without awaiting each other run in parallel on up to THREADS workers.
 */
export async function validateOnixText(xml: string, version: OnixVersion): Promise<XsdIssue[]> {
  const { issues } = await idlestThread().request({ xml, version });
  return issues.map((issue) => ({ ...issue, message: shorten(issue.message) }));
}

/** Number of validations that can usefully run at once. */
export const XSD_PARALLELISM = THREADS;
