/**
 * The child side of a measurement: `node --import tsx scripts/bench/child.ts <module> <workload> <args JSON>` sets up
 * the workload `workloads[<workload>]` of `scripts/bench/work/<module>.ts`, times only its work, and prints one
 * result line (marked, as the last line) with the process's peak RSS. A fresh process per run keeps each peak RSS
 * that run's own.
 */
import { writeSync } from 'node:fs';
import type { Measurement, Workload } from './types.ts';

/** Prefix of the line that carries the result; anything else a workload prints is ignored. */
export const RESULT_MARK = '@@bench-result ';

async function main(): Promise<void> {
  const [moduleName, workloadName, argsJson] = process.argv.slice(2);
  const module = (await import(`./work/${moduleName}.ts`)) as { workloads: Record<string, Workload> };
  const workload = module.workloads[workloadName];
  if (!workload) throw new Error(`no workload '${workloadName}' in scripts/bench/work/${moduleName}.ts`);
  const work = await workload(JSON.parse(argsJson) as Record<string, unknown>);
  const started = performance.now();
  const done = await work();
  const result: Measurement = { ...done, millis: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  // Synchronous, then exit: a workload may leave servers or timers behind that would keep the process alive.
  writeSync(1, `\n${RESULT_MARK}${JSON.stringify(result)}\n`);
  process.exit(0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
