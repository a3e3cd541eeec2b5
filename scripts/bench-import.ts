/**
 * Benchmark of `onix-feeds import` (issue 9): a message of N generated products (scripts/generate-catalog.ts, written by
 * buildOnix without XSD) imported into an empty tenant, each run in its own child process so that peak RSS is honest.
 *
 *   npx tsx scripts/bench-import.ts [--titles 100000] [--runs 1] [--threads N] [--dir DIR] [--keep]
 *
 * Modes: `import` writes the title files as the command does; `dry-run` reads, maps and checks without writing.
 * Parser threads are the command's default for the file size unless --threads says otherwise; with --runs, each mode
 * runs that many times (alternating) and the median run is shown. The load average is printed before and after:
 * other work on the machine skews the figures.
 * Goal (issue 9): at least 10,000 products/s and peak RSS under 250 MB for 100,000 products. Work happens in a folder
 * under --dir, by default tmpfs (`/dev/shm`) when there is one, as for `npm run bench`: on a disk, creating 100k small
 * files cost 22 to 240 us each on this machine, depending on how many files had just been deleted, which swamps what the
 * import itself does. The folder is removed afterwards unless --keep.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadedTitle } from '../src/catalog/title.ts';
import { defaultScratchParent } from './bench/machine.ts';
import { BENCH_ONIX_TENANT } from './bench/onix-input.ts';
import { defaultProductThreads, importOnix } from '../src/import/import-onix.ts';
import { buildOnix } from '../src/onix/build.ts';
import { generateTitle } from './generate-catalog.ts';


/** What a child reports. */
interface Measurement {
  mode: 'import' | 'dry-run';
  products: number;
  created: number;
  millis: number;
  cpuMillis: number;
  maxRssMb: number;
  threads: number;
}

function* generated(n: number): Generator<LoadedTitle> {
  for (let i = 0; i < n; i++) {
    const title = generateTitle(i);
    yield { title, source: { path: `catalog/bench/titles/${title.isbn}.yaml`, format: 'yaml' } };
  }
}

async function child(mode: Measurement['mode'], file: string, root: string, threadOption: string | undefined): Promise<void> {
  const cpu = process.cpuUsage();
  const threads = threadOption === undefined ? defaultProductThreads(statSync(file).size) : Number(threadOption);
  const summary = await importOnix({ file, root, tenant: BENCH_ONIX_TENANT, format: 'yaml', update: false, dryRun: mode === 'dry-run', threads });
  const used = process.cpuUsage(cpu);
  const result: Measurement = {
    mode,
    products: summary.products,
    created: summary.created,
    millis: summary.millis,
    cpuMillis: Math.round((used.user + used.system) / 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    threads,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function measure(mode: Measurement['mode'], file: string, root: string, threads: string | undefined): Promise<Measurement> {
  const args = ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', mode, '--file', file, '--root', root, ...(threads === undefined ? [] : ['--threads', threads])];
  return new Promise((resolve, reject) => {
    const run = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    run.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    run.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Measurement) : reject(new Error(`${mode} child exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      titles: { type: 'string', default: '100000' },
      runs: { type: 'string', default: '1' },
      threads: { type: 'string' },
      keep: { type: 'boolean' },
      dir: { type: 'string' },
      child: { type: 'string' },
      file: { type: 'string' },
      root: { type: 'string' },
    },
  });
  if (values.child) return child(values.child as Measurement['mode'], values.file!, values.root!, values.threads);
  const n = Number(values.titles);
  const runs = Number(values.runs);
  const WORK = mkdtempSync(path.join(values.dir ?? defaultScratchParent(), 'onix-feeds-import-'));
  try {
    const built = await buildOnix({ tenant: BENCH_ONIX_TENANT, titles: generated(n), deletions: [], now: new Date('2026-01-01T00:00:00Z'), messageNumber: 1, outDir: path.join(WORK, 'message'), validateXsd: false });
    const file = built.documents[0].path;
    const megabytes = statSync(file).size / 1e6;
    console.log(`message: ${n.toLocaleString('en-US')} products, ${megabytes.toFixed(0)} MB (${file}); title files written under ${WORK}; load average before: ${loadavg()[0].toFixed(2)}`);
    const measured = new Map<Measurement['mode'], Measurement[]>([['dry-run', []], ['import', []]]);
    for (let run = 0; run < runs; run++) {
      for (const [mode, list] of measured) {
        // A fresh folder per run: the file system is slower to create files where many were just deleted.
        const root = path.join(WORK, `${mode}-${run}`);
        mkdirSync(path.join(root, 'config', 'tenants'), { recursive: true });
        writeFileSync(path.join(root, 'config', 'tenants', 'bench.yaml'), '');
        const m = await measure(mode, file, root, values.threads);
        if (mode === 'import' && m.created !== n) throw new Error(`expected ${n} title files, the import created ${m.created}`);
        list.push(m);
      }
    }
    console.log(`load average after: ${loadavg()[0].toFixed(2)}`);
    console.log('| mode | products | parser threads | wall | products/s | CPU (user+sys) | products per CPU-second | peak RSS |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const [mode, list] of measured) {
      const m = list.sort((a, b) => a.millis - b.millis)[Math.floor((list.length - 1) / 2)];
      const rate = (count: number, millis: number) => Math.round(count / (millis / 1000)).toLocaleString('en-US');
      const rss = list.length > 1 ? `${m.maxRssMb} MB (max of runs ${Math.max(...list.map((x) => x.maxRssMb))} MB)` : `${m.maxRssMb} MB`;
      console.log(`| ${mode} | ${m.products.toLocaleString('en-US')} | ${m.threads} | ${(m.millis / 1000).toFixed(1)} s | ${rate(m.products, m.millis)} | ${(m.cpuMillis / 1000).toFixed(1)} s | ${rate(m.products, m.cpuMillis)} | ${rss} |`);
    }
  } finally {
    if (!values.keep) rmSync(WORK, { recursive: true, force: true });
  }
}

await main();
