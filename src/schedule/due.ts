/**
 * Is a tenant's feed due? The planner's one decision, made so that cron ticks may come late, twice or not at all:
 * only the latest slot that has passed counts (a dropped tick catches up once, not once per missed slot), a slot
 * with any feed record is done (a repeated tick does nothing), and a slot older than the schedule's last edit
 * does not count (a new schedule takes effect from the commit that made it).
 */
import type { Schedule } from '../config/tenant.ts';
import { latestSlotAtOrBefore } from './slots.ts';

export interface DueInput {
  schedule: Schedule;
  now: Date;
  /** When the schedule was last changed (commit time of the tenant config); undefined: not under version control. */
  editedAt?: Date;
  /** Slots (ISO 8601) that already have a feed record, of any status. */
  recordedSlots: ReadonlySet<string>;
}

export type DueDecision =
  | { due: true; slot: string }
  | { due: false; reason: string; slot?: string };

export function decideDue({ schedule, now, editedAt, recordedSlots }: DueInput): DueDecision {
  if (schedule.frequency === 'disabled') return { due: false, reason: 'schedule disabled' };
  const latest = latestSlotAtOrBefore(schedule, now);
  if (!latest) return { due: false, reason: 'no slot has passed yet' };
  const slot = latest.toISOString();
  if (editedAt && latest.getTime() < editedAt.getTime()) {
    return { due: false, slot, reason: `slot ${slot} is older than the schedule's last change (${editedAt.toISOString()})` };
  }
  if (recordedSlots.has(slot)) return { due: false, slot, reason: `slot ${slot} already has a feed record` };
  return { due: true, slot };
}
