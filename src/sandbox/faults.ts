/**
 * Faults on demand: a small spec language (`createFeed:429x3,getFeed:hang`) that the option, the `--fault` flag,
 * `SANDBOX_FAULTS` and `POST /_sandbox/faults` all share. Each fault fires for the next N matching requests (default
 * once; `x*` for every one). The language is documented in docs/sandbox.md.
 */
import type { OperationId } from './feeds-model.ts';

/** Where a fault strikes: one Feeds operation, the token endpoint, the pre-signed URLs, or feed processing. */
export type FaultTarget = OperationId | 'token' | 'upload' | 'download' | 'urls' | 'feed';

/** One parsed fault: what it does, where, and how many more times. */
export interface FaultSpec {
  target: FaultTarget;
  /** An HTTP status ("429"), or a named behaviour ("reset", "hang", "stall", "expired", "FATAL", ...). */
  action: string;
  /** Requests (or feeds, or URLs) it still applies to; Infinity for `x*`. */
  times: number;
}

const HTTP_ACTIONS = ['reset', 'hang', 'stall'];
const OPERATION_STATUSES = ['400', '403', '404', '413', '415', '429', '500', '503'];

/** Actions each target accepts; statuses answer with the status and a body of the right shape. */
export const FAULT_ACTIONS: Record<FaultTarget, readonly string[]> = {
  getFeeds: [...OPERATION_STATUSES, ...HTTP_ACTIONS],
  createFeed: [...OPERATION_STATUSES, ...HTTP_ACTIONS],
  getFeed: [...OPERATION_STATUSES, ...HTTP_ACTIONS],
  cancelFeed: [...OPERATION_STATUSES, ...HTTP_ACTIONS],
  createFeedDocument: [...OPERATION_STATUSES, ...HTTP_ACTIONS],
  getFeedDocument: [...OPERATION_STATUSES, ...HTTP_ACTIONS],
  token: ['invalid_grant', 'invalid_client', '500', '503', ...HTTP_ACTIONS],
  upload: ['403', '500', '503', 'reset', 'hang'],
  download: ['403', '500', '503', ...HTTP_ACTIONS],
  urls: ['expired'],
  feed: ['FATAL', 'FATAL-noreport', 'CANCELLED', 'stuck'],
};

/** A spec that does not parse; the message names the bad item and what would be right. */
export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

/** Parses `target:action[xN|x*]` items separated by commas or whitespace. */
export function parseFaultSpecs(text: string): FaultSpec[] {
  return text
    .split(/[\s,]+/)
    .filter((item) => item !== '')
    .map(parseFaultItem);
}

function parseFaultItem(item: string): FaultSpec {
  const m = /^([A-Za-z]+):([A-Za-z0-9_-]+?)(?:x(\d+|\*))?$/.exec(item);
  const targets = Object.keys(FAULT_ACTIONS).join(', ');
  if (!m) throw new FaultSpecError(`fault '${item}': expected target:action[xN], e.g. createFeed:429x3 (targets: ${targets})`);
  const [, target, action, count] = m;
  const actions = FAULT_ACTIONS[target as FaultTarget];
  if (!actions) throw new FaultSpecError(`fault '${item}': unknown target '${target}' (targets: ${targets})`);
  if (!actions.includes(action)) {
    throw new FaultSpecError(`fault '${item}': '${target}' does not take '${action}' (it takes: ${actions.join(', ')})`);
  }
  const times = count === undefined ? 1 : count === '*' ? Infinity : Number(count);
  if (times < 1) throw new FaultSpecError(`fault '${item}': the count after 'x' must be at least 1`);
  return { target: target as FaultTarget, action, times };
}

/** Renders a fault back into the spec language (for listings and logs). */
export function formatFaultSpec(fault: FaultSpec): string {
  const count = fault.times === Infinity ? 'x*' : fault.times === 1 ? '' : `x${fault.times}`;
  return `${fault.target}:${fault.action}${count}`;
}

/** The faults still armed, consumed in the order they were added. */
export class FaultBook {
  private armed: FaultSpec[] = [];

  /** Arms more faults after the ones already armed. */
  add(faults: FaultSpec[]): void {
    this.armed.push(...faults.map((f) => ({ ...f })));
  }

  /** Disarms everything. */
  clear(): void {
    this.armed = [];
  }

  /** The faults still armed, with their remaining counts. */
  list(): FaultSpec[] {
    return this.armed.map((f) => ({ ...f }));
  }

  /** Takes one use of the first fault armed for `target`, if any. */
  take(target: FaultTarget): string | undefined {
    const fault = this.armed.find((f) => f.target === target);
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.armed = this.armed.filter((f) => f !== fault);
    return fault.action;
  }
}
