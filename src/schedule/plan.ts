/**
 * The plan for one scheduler tick: which tenants are due, for which slot, in which titles mode.
 */
import type { TenantConfig } from '../config/tenant.ts';
import { decideDue, type DueDecision } from './due.ts';

/** One due tenant, as `onix-feeds plan` prints it. */
export interface PlanEntry {
  tenant: string;
  titles: TenantConfig['schedule']['titles'];
  /** ISO 8601 (UTC) slot the feed serves. */
  slot: string;
}

export interface TenantScheduleState {
  tenant: TenantConfig;
  editedAt?: Date;
  recordedSlots: ReadonlySet<string>;
}

export interface PlanResult {
  due: PlanEntry[];
  /** Why each other tenant is not due: for logs and the pull-request check. */
  notDue: { tenant: string; decision: Extract<DueDecision, { due: false }> }[];
}

export function planTick(states: TenantScheduleState[], now: Date): PlanResult {
  const result: PlanResult = { due: [], notDue: [] };
  for (const { tenant, editedAt, recordedSlots } of states) {
    const decision = decideDue({ schedule: tenant.schedule, now, editedAt, recordedSlots });
    if (decision.due) result.due.push({ tenant: tenant.id, titles: tenant.schedule.titles, slot: decision.slot });
    else result.notDue.push({ tenant: tenant.id, decision });
  }
  return result;
}
