/**
 * Benchmark of `onix-feeds import` (issue 9): a message of N generated products (scripts/generate-catalog.ts, written by
 * buildOnix without XSD) imported into an empty tenant, each run in its own child process so that peak RSS is honest.
 *
 *   npx tsx scripts/bench-import.ts [--titles 100000] [--keep]
 *
 * Modes: `import` writes the title files as the command does; `dry-run` reads, maps and checks without writing.
 * Goal (issue 9): at least 10,000 products/s and peak RSS under 250 MB for 100,000 products. Work happens in
 * `.bench/import/` (git-ignored), removed afterwards unless --keep.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadedTitle } from '../src/catalog/title.ts';
import { BENCH_ONIX_TENANT } from './bench/onix-input.ts';
import { importOnix } from '../src/import/import-onix.ts';
import { buildOnix } from '../src/onix/build.ts';
import { generateTitle } from './generate-catalog.ts';

const REPO = new URL('..', import.meta.url).pathname;
const WORK = path.join(REPO, '.bench', 'import');

/** What a child reports. */
interface Measurement {
  mode: 'import' | 'dry-run';
  products: number;
  created: number;
  millis: number;
  cpuMillis: number;
  maxRssMb: number;
}

function* generated(n: number): Generator<LoadedTitle> {
  for (let i = 0; i < n; i++) {
    const title = generateTitle(i);
    yield { title, source: { path: `catalog/bench/titles/${title.isbn}.yaml`, format: 'yaml' } };
  }
}

async function child(mode: Measurement['mode'], file: string, root: string): Promise<void> {
  const cpu = process.cpuUsage();
  const summary = await importOnix({ file, root, tenant: BENCH_ONIX_TENANT, format: 'yaml', update: false, dryRun: mode === 'dry-run' });
  const used = process.cpuUsage(cpu);
  const result: Measurement = {
    mode,
    products: summary.products,
    created: summary.created,
    millis: summary.millis,
    cpuMillis: Math.round((used.user + used.system) / 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function measure(mode: Measurement['mode'], file: string, root: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const run = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', mode, '--file', file, '--root', root], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    run.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    run.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Measurement) : reject(new Error(`${mode} child exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { titles: { type: 'string', default: '100000' }, keep: { type: 'boolean' }, child: { type: 'string' }, file: { type: 'string' }, root: { type: 'string' } } });
  if (values.child) return child(values.child as Measurement['mode'], values.file!, values.root!);
  const n = Number(values.titles);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  try {
    const built = await buildOnix({ tenant: BENCH_ONIX_TENANT, titles: generated(n), deletions: [], now: new Date('2026-01-01T00:00:00Z'), messageNumber: 1, outDir: path.join(WORK, 'message'), validateXsd: false });
    const file = built.documents[0].path;
    const megabytes = statSync(file).size / 1e6;
    console.log(`message: ${n.toLocaleString('en-US')} products, ${megabytes.toFixed(0)} MB (${file})`);
    console.log('| mode | products | wall | products/s | CPU (user+sys) | products per CPU-second | peak RSS |');
    console.log('|---|---|---|---|---|---|---|');
    for (const mode of ['dry-run', 'import'] as const) {
      const root = path.join(WORK, mode);
      mkdirSync(path.join(root, 'config', 'tenants'), { recursive: true });
      writeFileSync(path.join(root, 'config', 'tenants', 'bench.yaml'), '');
      const m = await measure(mode, file, root);
      const rate = (count: number, millis: number) => Math.round(count / (millis / 1000)).toLocaleString('en-US');
      console.log(`| ${mode} | ${m.products.toLocaleString('en-US')} | ${(m.millis / 1000).toFixed(1)} s | ${rate(m.products, m.millis)} | ${(m.cpuMillis / 1000).toFixed(1)} s | ${rate(m.products, m.cpuMillis)} | ${m.maxRssMb} MB |`);
      if (mode === 'import' && m.created !== n) throw new Error(`expected ${n} title files, the import created ${m.created}`);
    }
  } finally {
    if (!values.keep) rmSync(WORK, { recursive: true, force: true });
  }
}

await main();
