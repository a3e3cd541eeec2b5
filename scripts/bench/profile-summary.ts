/**
 * Where the time goes in a V8 CPU profile (`npm run bench -- --cpu-prof` writes one per measured run): self time by
 * file and by function, largest first.
 *
 *   npx tsx scripts/bench/profile-summary.ts .bench/profiles/<run>/<n>-<module>-<workload>.cpuprofile [--top 20]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** The parts of a `.cpuprofile` this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time in microseconds per file and per function of a profile, each sorted largest first. */
export function selfTimes(profile: CpuProfile): { total: number; byFile: [string, number][]; byFunction: [string, number][] } {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + profile.timeDeltas[i]));
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const micros = self.get(node.id);
    if (!micros) continue;
    const file = node.callFrame.url.replace(/^file:\/\/.*?\/(src|scripts|node_modules)\//, '$1/') || '(native)';
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${file}:${node.callFrame.lineNumber + 1}`;
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total: [...self.values()].reduce((a, b) => a + b, 0), byFile: sorted(byFile), byFunction: sorted(byFunction) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '20' } } });
  if (positionals.length !== 1) {
    process.stderr.write('usage: profile-summary.ts FILE.cpuprofile [--top N]\n');
    process.exit(2);
  }
  const { total, byFile, byFunction } = selfTimes(JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile);
  const line = ([name, micros]: [string, number]) => `${(micros / 1000).toFixed(0).padStart(8)} ms ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`;
  const top = Number(values.top);
  process.stdout.write(`total ${(total / 1000).toFixed(0)} ms (includes start-up and imports, outside the measured time)\n`);
  process.stdout.write(`-- self time by file\n${byFile.slice(0, top).map(line).join('\n')}\n-- self time by function\n${byFunction.slice(0, top).map(line).join('\n')}\n`);
}
