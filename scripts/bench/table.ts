/** The report as Markdown: the machine, one table of every case, and the memory growth table. */
import type { MachineInfo } from './machine.ts';
import type { MemoryRow } from './memory.ts';
import type { Goal, Row } from './types.ts';

/** Everything one harness run found. */
export interface BenchReport {
  date: string;
  command: string;
  machine: MachineInfo;
  reps: number;
  rows: Row[];
  memory: MemoryRow[];
  /** Stages that could not be measured, with why. */
  failures: { stage: string; message: string }[];
}

const num = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
const mb = (value: number | undefined) => (value === undefined ? 'n/a' : `${num(value)} MB`);
const goals = (list: Goal[]) => list.map((g) => `${g.met ? 'met' : '**MISSED**'} ${g.text}`).join('; ');

/** The report as Markdown. */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    `${report.date}, \`${report.command}\`, ${report.reps} run(s) per case (median; peak RSS is the highest of the runs)`,
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}; Node ${m.node}; commit ${m.commit ?? 'unknown'}; load average ${m.loadAverage} at start; data in ${m.dataDir}`,
    '',
    '| stage | work | size | median | per second | vs reference (same run) | peak RSS | goals | note |',
    '|---|---|---:|---:|---:|---|---:|---|---|',
  ];
  for (const r of report.rows) {
    const versus = r.reference === undefined ? '' : `${r.ratio!.toFixed(r.ratio! < 0.1 ? 3 : 2)}x ${r.reference}`;
    lines.push(`| ${r.stage} | ${r.work} | ${num(r.size)} ${r.unit} | ${seconds(r.medianMs)} | ${num((r.items / r.medianMs) * 1000)} | ${versus} | ${mb(r.peakRssMb)} | ${goals(r.goals)} | ${r.note ?? ''} |`);
  }
  if (report.memory.length) {
    lines.push('', '| memory: peak RSS of | smaller catalog | larger catalog | growth | goal |', '|---|---:|---:|---:|---|');
    for (const r of report.memory) {
      lines.push(`| ${r.stage}: ${r.work} | ${mb(r.smallMb)} at ${num(r.smallSize)} | ${mb(r.largeMb)} at ${num(r.largeSize)} | ${r.growth.toFixed(2)}x | ${goals([r.goal])} |`);
    }
  }
  const missed = report.rows.flatMap((r) => r.goals.filter((g) => !g.met).map((g) => `${r.stage} ${num(r.size)}: ${g.text}`));
  missed.push(...report.memory.filter((r) => !r.goal.met).map((r) => `memory of ${r.stage}: ${r.work}: ${r.goal.text}`));
  lines.push('', missed.length ? `Goals missed: ${missed.length} (${missed.join('; ')})` : 'All goals met.');
  for (const f of report.failures) lines.push(`**Stage ${f.stage} FAILED** (not measured): ${f.message.split('\n')[0]}`);
  return lines.join('\n');
}
