/**
 * Amazon asks for no more than one feed of a type every 20 minutes. A manual send within 20 minutes of the last
 * manual feed for the tenant is refused unless forced; scheduled feeds are spaced by their schedule.
 */
import type { FeedRecord } from './record.ts';

/** How long after a manual feed the next manual feed waits (Amazon's guidance). */
export const MANUAL_SEND_GAP_MS = 20 * 60_000;

/** A manual send that came too soon; `allowedAt` says when it may go. */
export class ManualSendTooSoonError extends Error {
  override name = 'ManualSendTooSoonError';
  constructor(
    readonly tenant: string,
    readonly lastManual: FeedRecord,
    readonly allowedAt: Date,
  ) {
    super(
      `a manual feed for ${tenant} was sent at ${lastManual.startedAt} (${lastManual.id}); Amazon asks for at most one ` +
        `feed every 20 minutes, so the next manual send is allowed from ${allowedAt.toISOString()}. Use --force to send anyway.`,
    );
  }
}

/** True when the attempt reached Amazon (some document has a feed id). */
function reachedAmazon(record: FeedRecord): boolean {
  return record.documents.some((d) => d.feedId);
}

/** Throws {@link ManualSendTooSoonError} when a manual feed for the tenant reached Amazon less than 20 minutes ago. */
export function checkManualSendAllowed(tenant: string, history: FeedRecord[], now: Date): void {
  const last = history.findLast((r) => r.trigger === 'manual' && reachedAmazon(r));
  if (!last) return;
  const allowedAt = new Date(Date.parse(last.startedAt) + MANUAL_SEND_GAP_MS);
  if (now < allowedAt) throw new ManualSendTooSoonError(tenant, last, allowedAt);
}
