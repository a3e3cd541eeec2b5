/**
 * Benchmark for the planner's schedule-edit times (`configEditTimes`): N tenant configs with a history of edits,
 * most of them outside the schedule (a new sender email for every tenant, commit after commit), and a schedule change
 * for every tenth tenant in between, so the planner has to look past several versions of each file.
 *
 *   npx tsx scripts/bench-edit-times.ts [--tenants 1000,5000] [--edits 10] [--runs 3]
 *
 * The repository is packed (`git gc`), as a clone is. Prints, per tenant count, the median time of `configEditTimes` and per tenant, and checks the answer it measures
 * (tenants with a schedule change are dated by that commit, the others by the commit that added them).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configEditTimes } from '../src/schedule/edit-times.ts';
import { commitAll, git, GIT_ENV } from './bench/git.ts';
import { tenantYaml } from './generate-catalog.ts';

const { values } = parseArgs({ options: { tenants: { type: 'string', default: '1000,5000' }, edits: { type: 'string', default: '10' }, runs: { type: 'string', default: '3' } } });
const counts = values.tenants.split(',').map(Number);
const edits = Number(values.edits);
const runs = Number(values.runs);
const HOUR = 3_600_000;
const START = Date.parse('2026-01-01T00:00:00Z');

/** Tenant `p<i>`; `email` varies to make edits that are not schedule edits, `hour` to make ones that are. */
function configYaml(i: number, email: number, hour: number): string {
  return tenantYaml(`p${i}`, { frequency: 'daily', hour, timezone: 'Europe/London', titles: 'changed' }, `metadata-${email}@p${i}.example`);
}

/** Writes every tenant's config and commits it at `START + step` hours. */
function commitStep(root: string, count: number, step: number, config: (i: number) => string): void {
  for (let i = 0; i < count; i++) writeFileSync(join(root, 'config/tenants', `p-${String(i).padStart(5, '0')}.yaml`), config(i));
  const at = new Date(START + step * HOUR).toISOString();
  commitAll(root, `step ${step}`, step === 0, { ...GIT_ENV, GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at });
}

async function measure(count: number): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bench-edit-times-'));
  try {
    mkdirSync(join(root, 'config/tenants'), { recursive: true });
    const scheduleStep = Math.floor(edits / 2) + 1;
    for (let step = 0; step <= edits + 1; step++) {
      // Every tenth tenant moves to 7:00 at scheduleStep; every step gives every tenant a new email.
      commitStep(root, count, step, (i) => configYaml(i, step, i % 10 === 0 && step >= scheduleStep ? 7 : 6));
    }
    // A clone (as the scheduler's checkout is) has its objects packed.
    git(root, ['gc', '-q']);
    const times: number[] = [];
    let result = new Map<string, Date>();
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      result = await configEditTimes(root, GIT_ENV);
      times.push(performance.now() - started);
    }
    const wrong = [...result].filter(([path, at]) => {
      const i = Number(/p-(\d+)\.yaml$/.exec(path)![1]);
      return at.getTime() !== START + (i % 10 === 0 ? scheduleStep : 0) * HOUR;
    });
    if (result.size !== count || wrong.length) throw new Error(`wrong answer: ${result.size} of ${count} tenants dated, ${wrong.length} wrongly`);
    const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
    console.log(`${count} tenants x ${edits + 2} versions: configEditTimes ${median.toFixed(0)} ms (median of ${runs}), ${((median / count) * 1000).toFixed(0)} µs/tenant`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

for (const count of counts) await measure(count);
