/**
 * Stage "planning": the `plan` command over a repository of N generated tenants (daily and weekly schedules in
 * several time zones, configs committed, 20 days of feed history each), as the hourly scheduler runs it. The cost
 * per tenant is the figure; the goal is under 1 ms per tenant and linear growth.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Schedule } from '../../../src/config/tenant.ts';
import { serializeRecord } from '../../../src/feed/history-format.ts';
import { historyFile } from '../../../src/feed/history.ts';
import type { FeedRecord } from '../../../src/feed/record.ts';
import { slotsBetween } from '../../../src/schedule/slots.ts';
import { tenantYaml } from '../../generate-catalog.ts';
import { commitAll, GIT_ENV } from '../git.ts';
import { atMost, inChild, measureCases } from '../measure.ts';
import type { Row, Stage, StageContext } from '../types.ts';

const STAGE = 'planning';
/** The scheduler tick planned. */
const NOW = new Date('2026-11-28T07:30:00Z');
const HISTORY_DAYS = 20;
const DAY_MS = 86_400_000;
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'Europe/Berlin'];

/** Goals of issue 8: cost per tenant, and its growth from the smallest to the largest count. */
export const PLAN_GOALS = { maxMsPerTenant: 1, maxGrowth: 1.3 };

function schedule(i: number): Schedule {
  const weekly = i % 5 === 0;
  return { frequency: weekly ? 'weekly' : 'daily', hour: i % 24, ...(weekly ? { dayOfWeek: i % 7 } : {}), timezone: ZONES[i % ZONES.length], titles: i % 2 ? 'changed' : 'all' };
}


/** One done record per slot served; every third tenant has missed its latest slot, so it is due. */
function historyLines(id: string, s: Schedule, i: number): string {
  const slots = slotsBetween(s, new Date(NOW.getTime() - HISTORY_DAYS * DAY_MS), NOW);
  const served = i % 3 === 0 ? slots.slice(0, -1) : slots;
  return served
    .map((slot) => {
      const record: FeedRecord = {
        id: `${slot.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${id}`, tenant: id, trigger: 'schedule', slot: slot.toISOString(),
        titlesMode: s.titles, kind: 'delta', format: 'onix', status: 'done', catalogCommit: 'c'.repeat(40),
        counts: { sent: 12, deleted: 0, heldBack: 0 }, documents: [], attempts: 1, startedAt: slot.toISOString(), finishedAt: slot.toISOString(),
      };
      return `${serializeRecord(record)}\n`;
    })
    .join('');
}

/** A repository of `count` tenants: configs committed well before the history starts, then the history. */
function tenantsRepo(ctx: StageContext, count: number): string {
  const root = join(ctx.work, `tenants-${count}`);
  mkdirSync(join(root, 'config', 'tenants'), { recursive: true });
  for (let i = 0; i < count; i++) {
    const id = `publisher-${String(i).padStart(5, '0')}`;
    const s = schedule(i);
    writeFileSync(join(root, 'config', 'tenants', `${id}.yaml`), tenantYaml(id, s));
    mkdirSync(join(root, 'catalog', id, 'feeds'), { recursive: true });
    writeFileSync(join(root, historyFile(id)), historyLines(id, s, i));
  }
  const edited = new Date(NOW.getTime() - 2 * HISTORY_DAYS * DAY_MS).toISOString();
  commitAll(root, `${count} tenants`, true, { ...GIT_ENV, GIT_AUTHOR_DATE: edited, GIT_COMMITTER_DATE: edited });
  return root;
}

/** The planning stage. */
export const planStage: Stage = {
  name: 'plan',
  async run(ctx) {
    const rows: Row[] = [];
    for (const count of ctx.tenantCounts) {
      const root = tenantsRepo(ctx, count);
      const [row] = await measureCases([{
        label: { stage: STAGE, work: '`plan` (configs, git edit times, history)', size: count, unit: 'tenants' },
        run: () => inChild('plan', 'plan', { root, now: NOW.toISOString(), tenants: count }),
      }], ctx.reps, ctx.log);
      const perTenant = row.medianMs / count;
      row.goals.push(atMost(`< ${PLAN_GOALS.maxMsPerTenant} ms/tenant`, perTenant, PLAN_GOALS.maxMsPerTenant));
      const first = rows[0];
      if (first) {
        const growth = perTenant / (first.medianMs / first.size);
        row.goals.push(atMost(`linear: per tenant <= ${PLAN_GOALS.maxGrowth}x the ${first.size.toLocaleString('en-US')}-tenant cost (${growth.toFixed(2)}x)`, growth, PLAN_GOALS.maxGrowth));
      }
      row.note = `${(perTenant * 1000).toFixed(0)} µs/tenant; ${row.note}`;
      rows.push(row);
    }
    return rows;
  },
};
