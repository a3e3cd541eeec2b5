import { describe, expect, it } from 'vitest';
import { decideDue } from '../../src/schedule/due.ts';
import { latestSlotAtOrBefore, nextSlots, slotsBetween } from '../../src/schedule/slots.ts';
import type { Schedule } from '../../src/config/tenant.ts';

const daily = (hour: number, timezone = 'UTC'): Schedule => ({ frequency: 'daily', hour, timezone, titles: 'changed' });
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe('slots', () => {
  it('puts a daily slot at the hour in the tenant zone', () => {
    const slots = slotsBetween(daily(6, 'Europe/London'), new Date('2026-07-01T00:00:00Z'), new Date('2026-07-03T00:00:00Z'));
    expect(iso(slots)).toEqual(['2026-07-01T05:00:00.000Z', '2026-07-02T05:00:00.000Z']);
  });

  it('puts a weekly slot on the local weekday, which can differ from the UTC weekday', () => {
    // Monday 08:00 in Tokyo is Sunday 23:00 UTC.
    const rule: Schedule = { frequency: 'weekly', hour: 8, dayOfWeek: 1, timezone: 'Asia/Tokyo', titles: 'all' };
    const slots = slotsBetween(rule, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-16T00:00:00Z'));
    expect(iso(slots)).toEqual(['2026-11-01T23:00:00.000Z', '2026-11-08T23:00:00.000Z', '2026-11-15T23:00:00.000Z']);
  });

  it('fires once in an hour the clocks skip (spring forward)', () => {
    // London 2026-03-29: 01:00 GMT jumps to 02:00 BST, so 01:xx never happens on the wall clock.
    const slots = slotsBetween(daily(1, 'Europe/London'), new Date('2026-03-28T00:00:00Z'), new Date('2026-03-30T23:00:00Z'));
    expect(iso(slots)).toEqual(['2026-03-28T01:00:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:00:00.000Z']);
  });

  it('fires once in an hour that happens twice (fall back)', () => {
    // New York 2026-11-01: 01:00-01:59 happens in EDT, then again in EST; only the first counts.
    const slots = slotsBetween(daily(1, 'America/New_York'), new Date('2026-10-31T00:00:00Z'), new Date('2026-11-03T00:00:00Z'));
    expect(iso(slots)).toEqual(['2026-10-31T05:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-11-02T06:00:00.000Z']);
  });

  it('gives nothing for a disabled schedule', () => {
    const rule: Schedule = { frequency: 'disabled', hour: 6, timezone: 'UTC', titles: 'all' };
    expect(slotsBetween(rule, new Date('2026-01-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'))).toEqual([]);
    expect(nextSlots(rule, new Date('2026-01-01T00:00:00Z'), 5)).toEqual([]);
  });

  it('lists the next five runs', () => {
    const rule: Schedule = { frequency: 'weekly', hour: 9, dayOfWeek: 1, timezone: 'America/New_York', titles: 'changed' };
    const next = nextSlots(rule, new Date('2026-11-28T12:00:00Z'), 5);
    expect(iso(next)).toEqual([
      '2026-11-30T14:00:00.000Z',
      '2026-12-07T14:00:00.000Z',
      '2026-12-14T14:00:00.000Z',
      '2026-12-21T14:00:00.000Z',
      '2026-12-28T14:00:00.000Z',
    ]);
  });

  it('finds the latest slot that has passed, inclusive of now', () => {
    expect(latestSlotAtOrBefore(daily(6), new Date('2026-11-28T06:00:00Z'))?.toISOString()).toBe('2026-11-28T06:00:00.000Z');
    expect(latestSlotAtOrBefore(daily(6), new Date('2026-11-28T05:59:59Z'))?.toISOString()).toBe('2026-11-27T06:00:00.000Z');
  });
});

describe('decideDue', () => {
  const schedule = daily(6);
  const none = new Set<string>();

  it('is due at a tick after the slot', () => {
    expect(decideDue({ schedule, now: new Date('2026-11-28T06:07:00Z'), recordedSlots: none })).toEqual({
      due: true,
      slot: '2026-11-28T06:00:00.000Z',
    });
  });

  it('does nothing on a repeated tick once the slot has a record', () => {
    const recorded = new Set(['2026-11-28T06:00:00.000Z']);
    const decision = decideDue({ schedule, now: new Date('2026-11-28T06:27:00Z'), recordedSlots: recorded });
    expect(decision.due).toBe(false);
  });

  it('catches up a dropped tick exactly once: only the latest missed slot', () => {
    // Ticks dropped for three days: the next tick serves today's slot only.
    const decision = decideDue({ schedule, now: new Date('2026-11-28T09:47:00Z'), recordedSlots: none });
    expect(decision).toEqual({ due: true, slot: '2026-11-28T06:00:00.000Z' });
    const after = decideDue({
      schedule,
      now: new Date('2026-11-28T10:07:00Z'),
      recordedSlots: new Set(['2026-11-28T06:00:00.000Z']),
    });
    expect(after.due).toBe(false);
  });

  it('takes a schedule edited mid-day into effect from the edit, not before', () => {
    // Edited at 10:00 to run at 06:00: today's 06:00 is older than the edit, so the first run is tomorrow.
    const editedAt = new Date('2026-11-28T10:00:00Z');
    expect(decideDue({ schedule, now: new Date('2026-11-28T10:07:00Z'), editedAt, recordedSlots: none }).due).toBe(false);
    expect(decideDue({ schedule, now: new Date('2026-11-29T06:07:00Z'), editedAt, recordedSlots: none })).toEqual({
      due: true,
      slot: '2026-11-29T06:00:00.000Z',
    });
    // Edited at 10:00 to run at 11:00 the same day: due at 11:07.
    expect(decideDue({ schedule: daily(11), now: new Date('2026-11-28T11:07:00Z'), editedAt, recordedSlots: none }).due).toBe(true);
  });

  it('is never due when disabled', () => {
    const disabled: Schedule = { ...schedule, frequency: 'disabled' };
    expect(decideDue({ schedule: disabled, now: new Date('2026-11-28T06:07:00Z'), recordedSlots: none }).due).toBe(false);
  });
});
