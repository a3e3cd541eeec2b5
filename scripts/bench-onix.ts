/**
 * Benchmark of the ONIX writer (issue 3), side by side in one run, each measurement in its own child process so
 * that peak RSS is honest:
 *
 *   (a) writer   buildOnix without XSD: business rules, mapping, streaming write with splitting and sha256
 *   (b) floor    the same XML from bare template strings, no checks, no escaping, written to one stream
 *   (c) dom      the same products built as xmlbuilder2 DOM trees (one per product) and serialised
 *   load         the catalog loader (loadCatalog) reading the generated YAML files from disk, for information
 *   (a)+xsd      buildOnix as the pipeline runs it: with XSD validation in bounded batches
 *   xsd file     validateOnixFile over the whole output of (a)
 *
 *   npx tsx scripts/bench-onix.ts [--titles 10000,100000] [--skip-dom] [--skip-load]
 *
 * (a), (b) and (c) read the same in-memory title source: 1,000 generated titles (scripts/generate-catalog.ts) cycled
 * with fresh ISBNs, so the source costs next to nothing and holds no catalog in memory; `load` shows what reading the
 * files costs on top. The title source, floor and DOM writers are the shared ones of `npm run bench`
 * (`scripts/bench/`), which runs the same comparison with repetitions; this script is the quick one-shot view.
 * Output goes to `.bench/onix/` (git-ignored) and is removed afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildOnix } from '../src/onix/build.ts';
import { floorProduct } from './bench/floor-writer.ts';
import { BENCH_NOW, BENCH_ONIX_TENANT, titleSource, writeRendered } from './bench/onix-input.ts';
import { writeCatalog } from './generate-catalog.ts';

const REPO = new URL('..', import.meta.url).pathname;
const WORK = path.join(REPO, '.bench', 'onix');

/** What a child reports. */
interface Measurement {
  mode: string;
  titles: number;
  products: number;
  millis: number;
  bytes: number;
  sha256?: string;
  maxRssMb: number;
  note?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Children

function sumFiles(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

async function runChild(mode: string, n: number, dir: string): Promise<Measurement> {
  // Imports first, outside the timed part; their memory still counts in the child's peak RSS.
  const { domProduct } = mode === 'dom' ? await import('./bench/dom-writer.ts') : { domProduct: undefined };
  const { loadCatalog } = mode === 'load' ? await import('../src/catalog/load.ts') : { loadCatalog: undefined };
  const { validateOnixFile } = mode === 'xsd-file' ? await import('../src/onix/validate-file.ts') : { validateOnixFile: undefined };
  const started = performance.now();
  const result = (extra: Omit<Measurement, 'mode' | 'titles' | 'millis' | 'maxRssMb'>): Measurement => ({
    mode,
    titles: n,
    millis: Math.round(performance.now() - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  });
  const outDir = path.join(dir, mode);
  mkdirSync(outDir, { recursive: true });
  switch (mode) {
    case 'writer':
    case 'writer+xsd': {
      const built = await buildOnix({ tenant: BENCH_ONIX_TENANT, titles: titleSource(n), deletions: [], now: BENCH_NOW, messageNumber: 1, outDir, validateXsd: mode === 'writer+xsd' });
      const doc = built.documents[0];
      return result({ products: built.written, bytes: doc.bytes, sha256: doc.sha256, note: built.heldBack.length ? `${built.heldBack.length} held back` : undefined });
    }
    case 'floor':
    case 'dom': {
      const written = await writeRendered(path.join(outDir, `${mode}.xml`), titleSource(n), mode === 'floor' ? floorProduct : domProduct!);
      return result({ products: written.items, bytes: written.bytes, sha256: written.sha256 });
    }
    case 'load': {
      const catalog = await loadCatalog!(path.join(dir, 'catalog'), 'bench', { cacheDir: undefined });
      return result({ products: catalog.titles.length, bytes: 0, note: `${catalog.problems.length} problems` });
    }
    case 'xsd-file': {
      const file = path.join(dir, 'writer', readdirSync(path.join(dir, 'writer'))[0]);
      const validation = await validateOnixFile!(file);
      return result({ products: validation.products, bytes: sumFiles(path.join(dir, 'writer')), note: validation.valid ? 'valid' : `${validation.issues.length} issues: ${validation.issues[0]?.message}` });
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

/** Runs one measurement in a fresh Node process (tsx loader) and returns what it printed. */
async function measure(mode: string, n: number, dir: string): Promise<Measurement> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', mode, '--titles', String(n), '--dir', dir], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ONIX_FEEDS_CACHE_DIR: '' },
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`benchmark child ${mode} ${n} failed with exit code ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measurement;
}

// ---------------------------------------------------------------------------------------------------------------
// Parent

const rate = (m: Measurement) => Math.round((m.products / m.millis) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

function table(rows: Measurement[], floorByN: Map<number, Measurement>): string {
  const lines = ['| titles | run | time | products/s | vs floor | peak RSS | output | note |', '|---:|---|---:|---:|---:|---:|---:|---|'];
  for (const m of rows) {
    const floor = floorByN.get(m.titles);
    const ratio = floor && ['writer', 'dom', 'writer+xsd'].includes(m.mode) ? `${(m.millis / floor.millis).toFixed(2)}x` : '';
    const same = floor && m.sha256 && m.mode !== 'floor' ? (m.sha256 === floor.sha256 ? 'same bytes as floor' : 'bytes differ from floor') : '';
    const note = [same, m.note].filter(Boolean).join('; ');
    lines.push(`| ${fmt(m.titles)} | ${LABELS[m.mode]} | ${(m.millis / 1000).toFixed(2)} s | ${fmt(rate(m))} | ${ratio} | ${fmt(m.maxRssMb)} MB | ${m.bytes ? `${fmt(Math.round(m.bytes / 1e6))} MB` : ''} | ${note} |`);
  }
  return lines.join('\n');
}

const LABELS: Record<string, string> = {
  writer: '(a) writer, no XSD',
  floor: '(b) floor: bare templates',
  dom: '(c) xmlbuilder2 DOM',
  load: 'load: loadCatalog from YAML files',
  'writer+xsd': '(a) writer with XSD batches',
  'xsd-file': 'XSD: validateOnixFile of (a) output',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      titles: { type: 'string', default: '10000,100000' },
      child: { type: 'string' },
      dir: { type: 'string' },
      'skip-dom': { type: 'boolean' },
      'skip-load': { type: 'boolean' },
    },
  });
  if (values.child) {
    process.stdout.write(JSON.stringify(await runChild(values.child, Number(values.titles), values.dir!)) + '\n');
    return;
  }
  const sizes = values.titles.split(',').map(Number);
  const rows: Measurement[] = [];
  const floors = new Map<number, Measurement>();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO }).toString().trim();
  console.error(`ONIX writer benchmark, node ${process.version}, commit ${commit}, sizes ${sizes.join(', ')}`);
  for (const n of sizes) {
    const dir = path.join(WORK, String(n));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const modes = ['floor', 'writer', ...(values['skip-dom'] ? [] : ['dom']), 'xsd-file', 'writer+xsd'];
    if (!values['skip-load']) {
      writeCatalog({ out: path.join(dir, 'catalog'), tenant: 'bench', titles: n, format: 'yaml' });
      modes.push('load');
    }
    for (const mode of modes) {
      console.error(`  ${fmt(n)} titles: ${LABELS[mode]} ...`);
      const m = await measure(mode, n, dir);
      if (mode === 'floor') floors.set(n, m);
      rows.push(m);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(table(rows, floors));
  const writers = rows.filter((r) => r.mode === 'writer');
  if (writers.length >= 2) {
    const [small, large] = [writers[0], writers.at(-1)!];
    console.log(`\nwriter peak RSS ${fmt(large.titles)} vs ${fmt(small.titles)} titles: ${(large.maxRssMb / small.maxRssMb).toFixed(2)}x`);
  }
  if (existsSync(WORK) && readdirSync(WORK).length === 0) rmSync(WORK, { recursive: true });
}

await main();
