/**
 * Schedule slots: the instants a tenant's feed is meant to run, from frequency, hour and day of week in the
 * tenant's time zone. Pure functions of the schedule and the instants asked about.
 */
import type { Schedule } from '../config/tenant.ts';
import { instantOfWallHour, wallTimeAt } from './zoned-time.ts';

const DAY = 86_400_000;

/** The schedule fields that decide when slots fall. */
export type SlotRule = Pick<Schedule, 'frequency' | 'hour' | 'dayOfWeek' | 'timezone'>;

/** The slot on one local calendar day, or undefined when the schedule has none that day. */
function slotOnDay(rule: SlotRule, year: number, month: number, day: number): number | undefined {
  if (rule.frequency === 'disabled') return undefined;
  if (rule.frequency === 'weekly') {
    // The weekday of a calendar date does not depend on the zone.
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (weekday !== rule.dayOfWeek) return undefined;
  }
  return instantOfWallHour(year, month, day, rule.hour, rule.timezone);
}

/** Local calendar days (in the rule's zone) whose slots could fall in [from, to], one day of margin each side. */
function* localDays(rule: SlotRule, from: number, to: number): Generator<[number, number, number]> {
  const first = wallTimeAt(from, rule.timezone);
  const cursor = Date.UTC(first.year, first.month - 1, first.day) - DAY;
  const last = wallTimeAt(to, rule.timezone);
  const end = Date.UTC(last.year, last.month - 1, last.day) + DAY;
  for (let t = cursor; t <= end; t += DAY) {
    const d = new Date(t);
    yield [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
  }
}

/** Slots in the half-open range (from, to], oldest first. */
export function slotsBetween(rule: SlotRule, from: Date, to: Date): Date[] {
  const slots: number[] = [];
  for (const [y, m, d] of localDays(rule, from.getTime(), to.getTime())) {
    const slot = slotOnDay(rule, y, m, d);
    if (slot !== undefined && slot > from.getTime() && slot <= to.getTime()) slots.push(slot);
  }
  return [...new Set(slots)].sort((a, b) => a - b).map((t) => new Date(t));
}

/** The newest slot at or before `now`, looking back at most eight days (a weekly schedule's longest gap). */
export function latestSlotAtOrBefore(rule: SlotRule, now: Date): Date | undefined {
  const slots = slotsBetween(rule, new Date(now.getTime() - 8 * DAY), now);
  return slots.at(-1);
}

/** The next `count` slots after `from`: what the pull-request check shows for an edited schedule. */
export function nextSlots(rule: SlotRule, from: Date, count: number): Date[] {
  if (rule.frequency === 'disabled' || count <= 0) return [];
  const span = (rule.frequency === 'weekly' ? 7 : 1) * DAY;
  let to = new Date(from.getTime() + span * (count + 1));
  let slots = slotsBetween(rule, from, to);
  while (slots.length < count) {
    to = new Date(to.getTime() + span * count);
    slots = slotsBetween(rule, from, to);
  }
  return slots.slice(0, count);
}
