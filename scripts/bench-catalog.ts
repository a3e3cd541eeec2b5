/**
 * Measures loadCatalog on generated catalogs: wall time, CPU time and peak RSS, each case in a fresh process (CPU time
 * includes starting the process and loading the modules, about half a second).
 *
 *   npx tsx scripts/bench-catalog.ts [--sizes 10000,100000] [--dir DIR] [--keep]
 *
 * Cases per size: YAML without cache; YAML filling the parse cache; YAML with a warm cache (git blob ids from a real
 * repository); JSON without cache.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../src/catalog/load.ts';
import { writeCatalog, type TitleFormat } from './generate-catalog.ts';

interface Measurement {
  titles: number;
  problems: number;
  seconds: number;
  /** User + system CPU time: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakRssMb: number;
}

const TENANT = 'bench';

/** Runs one load in this process and prints its measurement as JSON (the child side). */
async function measureHere(root: string, cacheDir: string | undefined): Promise<void> {
  const started = performance.now();
  const { titles, problems } = await loadCatalog(root, TENANT, { cacheDir });
  const result: Measurement = {
    titles: titles.length,
    problems: problems.length,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(result));
}

function measureInChild(root: string, cacheDir?: string): Measurement {
  const args = ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', '--root', root, ...(cacheDir ? ['--cache', cacheDir] : [])];
  const env = { ...process.env };
  delete env.ONIX_FEEDS_CACHE_DIR;
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 1 << 20 })) as Measurement;
}

function generate(dir: string, titles: number, format: TitleFormat, git: boolean): string {
  const root = join(dir, `${format}-${titles}`);
  writeCatalog({ out: root, tenant: TENANT, titles, format });
  if (git) {
    const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' };
    execFileSync('git', ['init', '-q', root], { env });
    execFileSync('git', ['-C', root, 'add', '-A'], { env });
    // No automatic gc: it would run in the background and race the clean-up of the folder.
    execFileSync('git', ['-C', root, '-c', 'gc.auto=0', '-c', 'maintenance.auto=false', 'commit', '-qm', 'catalog'], { env });
  }
  return root;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'boolean' },
      root: { type: 'string' },
      cache: { type: 'string' },
      sizes: { type: 'string', default: '10000,100000' },
      dir: { type: 'string' },
      keep: { type: 'boolean' },
    },
  });
  if (values.child) return measureHere(values.root!, values.cache);

  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'onix-feeds-bench-catalog-'));
  const rows: string[] = ['| titles | case | wall s | CPU s | peak RSS MB |', '|---:|---|---:|---:|---:|'];
  try {
    for (const size of values.sizes!.split(',').map(Number)) {
      const yamlRoot = generate(dir, size, 'yaml', true);
      const cacheDir = join(dir, `cache-${size}`);
      const cases: [string, () => Measurement][] = [
        ['YAML, no cache', () => measureInChild(yamlRoot)],
        ['YAML, filling the cache', () => measureInChild(yamlRoot, cacheDir)],
        ['YAML, warm cache', () => measureInChild(yamlRoot, cacheDir)],
        ['JSON, no cache', () => measureInChild(generate(dir, size, 'json', false))],
      ];
      for (const [name, run] of cases) {
        const m = run();
        if (m.titles !== size || m.problems !== 0) throw new Error(`${name}: loaded ${m.titles} of ${size} titles with ${m.problems} problems`);
        rows.push(`| ${size} | ${name} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${m.peakRssMb} |`);
        process.stderr.write(`${rows.at(-1)}\n`);
      }
    }
  } finally {
    if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
  process.stdout.write(`${rows.join('\n')}\n`);
}

await main();
