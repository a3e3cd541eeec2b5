/**
 * Wall-clock time in an IANA time zone, with nothing but `Intl` (no time zone database to ship or update: Node's
 * ICU carries it). Formatters are cached per zone because creating one costs far more than using it, and the
 * planner asks about thousands of tenants per tick.
 */

export interface WallTime {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0-6, Sunday = 0. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock time at `instant` in `timeZone`. */
export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const wall: WallTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, weekday: 0 };
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    switch (part.type) {
      case 'year': wall.year = Number(part.value); break;
      case 'month': wall.month = Number(part.value); break;
      case 'day': wall.day = Number(part.value); break;
      case 'hour': wall.hour = Number(part.value); break;
      case 'minute': wall.minute = Number(part.value); break;
      case 'weekday': wall.weekday = WEEKDAYS[part.value]; break;
    }
  }
  return wall;
}

/** Offset of `timeZone` from UTC at `instant`, in milliseconds (positive east of Greenwich). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallTimeAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

const HOUR = 3_600_000;

/**
 * The instant at which the wall clock in `timeZone` shows `hour`:00 on the given day.
 *
 * Daylight-saving days: an hour the clocks skip (spring forward) resolves to the instant just after the gap, so a
 * slot there still fires, once; an hour that happens twice (fall back) resolves to its first occurrence, so it
 * fires once.
 */
export function instantOfWallHour(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day, hour);
  const offsetBefore = offsetAt(naive - 12 * HOUR, timeZone);
  const offsetAfter = offsetAt(naive + 12 * HOUR, timeZone);
  const candidates = [naive - offsetBefore, naive - offsetAfter]
    .filter((t) => {
      const w = wallTimeAt(t, timeZone);
      return w.year === year && w.month === month && w.day === day && w.hour === hour && w.minute === 0;
    })
    .sort((a, b) => a - b);
  return candidates.length > 0 ? candidates[0] : naive - offsetBefore;
}
