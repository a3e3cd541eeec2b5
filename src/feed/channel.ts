/**
 * What a history says about the channel: the base of the next delta and whether feeds currently fail.
 */
import type { FeedRecord } from './record.ts';

/** The newest `done` or `done_with_errors` record: the base of the next delta. */
export function lastSuccess(records: FeedRecord[]): FeedRecord | undefined {
  return records.findLast((r) => r.status === 'done' || r.status === 'done_with_errors');
}

/** Whether the channel works: `error` from a failed attempt (after its retries) until a later feed succeeds. */
export type ChannelStatus = 'ok' | 'error';

/** The channel status of a history (oldest first). Skipped and still-running attempts do not change it. */
export function channelStatus(records: FeedRecord[]): ChannelStatus {
  const decisive = records.findLast((r) => r.status !== 'skipped' && r.status !== 'in_progress');
  return decisive?.status === 'failed' ? 'error' : 'ok';
}
