/**
 * The parent side of measuring: one run in a fresh child process (or an external tool under `/usr/bin/time`), and
 * a case repeated for its median.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { RESULT_MARK } from './child.ts';
import type { Goal, Measurement, Row } from './types.ts';

const CHILD = new URL('./child.ts', import.meta.url).pathname;
const REPO = new URL('../..', import.meta.url).pathname;
const GNU_TIME = '/usr/bin/time';

/** A child or tool that failed; carries the end of its stderr so the cause is visible. */
export class BenchRunError extends Error {
  override name = 'BenchRunError';
}

/** Output of a finished process. */
interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

async function runProcess(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  const child = spawn(command, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  // Only the end of stderr matters for a failure message; keep it bounded.
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code: code ?? 1, stdout, stderr };
}

/** The environment children run with: no parse cache unless a workload asks for one. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ONIX_FEEDS_CACHE_DIR;
  return env;
}

let cpuProfileDir: string | undefined;
let profiles = 0;

/** From now on, children write V8 CPU profiles (`node --cpu-prof`) into a folder per run under `dir`. */
export function profileChildrenInto(dir: string): void {
  cpuProfileDir = dir;
}

function profileFlags(module: string, workload: string): string[] {
  if (!cpuProfileDir) return [];
  profiles += 1;
  // A folder per run: worker threads (the XSD validators) write profiles of their own beside the main thread's.
  return ['--cpu-prof', '--cpu-prof-dir', join(cpuProfileDir, `${String(profiles).padStart(3, '0')}-${module}-${workload}`)];
}

/** Runs `workloads[workload]` of `scripts/bench/work/<module>.ts` once in a fresh Node process. */
export async function inChild(module: string, workload: string, args: Record<string, unknown>): Promise<Measurement> {
  const flags = [...profileFlags(module, workload), '--import', 'tsx', CHILD, module, workload, JSON.stringify(args)];
  const run = await runProcess(process.execPath, flags, childEnv());
  const line = run.stdout.split('\n').findLast((l) => l.startsWith(RESULT_MARK));
  if (run.code !== 0 || !line) {
    throw new BenchRunError(`benchmark child ${module}/${workload} failed (exit ${run.code}): ${run.stderr.trim() || 'no result line'}`);
  }
  return JSON.parse(line.slice(RESULT_MARK.length)) as Measurement;
}

/** Whether GNU time is there to report an external tool's peak RSS. */
export const canMeasureExternalRss = existsSync(GNU_TIME);

/**
 * Runs an external tool once; peak RSS from `/usr/bin/time -v` when present. `items` is what the tool worked on
 * (it does not say). The wall time includes the tool's start-up, which for a native tool is a few milliseconds.
 */
export async function externalCommand(command: string, args: string[], items: number): Promise<Measurement & Finished> {
  const started = performance.now();
  const run = canMeasureExternalRss ? await runProcess(GNU_TIME, ['-v', command, ...args], process.env) : await runProcess(command, args, process.env);
  const millis = performance.now() - started;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr);
  return { ...run, millis, items, maxRssMb: rss ? Number(rss[1]) / 1024 : undefined };
}

/** The median of numbers (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** What describes a row apart from the measurements. */
export interface CaseLabel {
  stage: string;
  work: string;
  size: number;
  unit: Row['unit'];
}

/** A case to measure: its label, how to run it once, and how many runs it gets (default: the harness's reps). */
export interface Case {
  label: CaseLabel;
  run: (rep: number) => Promise<Measurement>;
  reps?: number;
}

/** A measured row with the raw measurement of its last run (for checks such as same-bytes). */
export type MeasuredRow = Row & { last: Measurement };

/**
 * Measures cases together, in rounds (A B C, A B C, ...), so that a machine that gets busier or quieter during the
 * run shifts every case alike and the ratios between them hold. Each row has the median time, the highest peak RSS
 * and the last run's item count and note.
 */
export async function measureCases(cases: Case[], reps: number, log: (line: string) => void): Promise<MeasuredRow[]> {
  const runs: Measurement[][] = cases.map(() => []);
  const rounds = Math.max(...cases.map((c) => c.reps ?? reps));
  for (let rep = 0; rep < rounds; rep++) {
    for (const [i, c] of cases.entries()) {
      const total = c.reps ?? reps;
      if (rep >= total) continue;
      const m = await c.run(rep);
      runs[i].push(m);
      log(`  ${c.label.stage}: ${c.label.work}, ${c.label.size.toLocaleString('en-US')} ${c.label.unit}: run ${rep + 1}/${total} ${(m.millis / 1000).toFixed(2)} s`);
    }
  }
  return cases.map((c, i) => {
    const rss = runs[i].map((r) => r.maxRssMb).filter((r): r is number => r !== undefined);
    const last = runs[i].at(-1)!;
    return {
      ...c.label,
      medianMs: median(runs[i].map((r) => r.millis)),
      runsMs: runs[i].map((r) => Math.round(r.millis)),
      peakRssMb: rss.length ? Math.max(...rss) : undefined,
      items: last.items,
      goals: [],
      note: last.note,
      last,
    };
  });
}

/** Sets `row.reference` and `row.ratio` against `reference` (both measured in this run). */
export function compareWith(row: Row, reference: Row): void {
  row.reference = reference.work;
  row.ratio = row.medianMs / reference.medianMs;
}

/** A goal "at most `limit`" on a value. */
export function atMost(text: string, value: number | undefined, limit: number): Goal {
  return { text, met: value !== undefined && value <= limit };
}

/** A goal "at least `limit`" on a value. */
export function atLeast(text: string, value: number, limit: number): Goal {
  return { text, met: value >= limit };
}

/** Items per second of a row. */
export function perSecond(row: Pick<Row, 'items' | 'medianMs'>): number {
  return (row.items / row.medianMs) * 1000;
}
