/**
 * Benchmark for invariant 8 ("cost grows with the change, not the catalog"): a 100-title delta run (select by git
 * diff, load the changed titles, build and validate the ONIX) in catalogs of different sizes, as `send --dry-run`
 * does it. Each catalog is generated into a temp git repository with a recorded success at its first commit.
 *
 *   npx tsx scripts/bench-delta.ts [--sizes 100,10000,100000] [--changed 100]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { appendRecords } from '../src/feed/history.ts';
import { sendFeed } from '../src/feed/send.ts';
import { generatedIsbn, writeCatalog } from './generate-catalog.ts';

const TENANT = 'bench';
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.test', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.test',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  // No background gc/maintenance writing into .git while the folder is removed.
  GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'gc.auto', GIT_CONFIG_VALUE_0: '0', GIT_CONFIG_KEY_1: 'maintenance.auto', GIT_CONFIG_VALUE_1: 'false',
};
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, maxBuffer: 1 << 30 }).toString().trim();

async function measure(size: number, changed: number): Promise<{ size: number; changed: number; ms: number; products: number }> {
  const root = mkdtempSync(join(tmpdir(), 'bench-delta-'));
  try {
    writeCatalog({ out: root, tenant: TENANT, titles: size, format: 'yaml' });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'catalog');
    const base = git(root, 'rev-parse', 'HEAD');
    await appendRecords(root, TENANT, [{
      id: 'base', tenant: TENANT, trigger: 'schedule', titlesMode: 'changed', kind: 'full', format: 'onix', status: 'done',
      catalogCommit: base, counts: { sent: size, deleted: 0, heldBack: 0 }, documents: [], attempts: 1, startedAt: new Date(0).toISOString(),
    }]);
    for (let i = 0; i < changed; i++) {
      // Spread the changes over the catalog; a changed publisher name is a real change of the record.
      const path = join(root, 'catalog', TENANT, 'titles', `${generatedIsbn(Math.floor((i * size) / changed))}.yaml`);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/^(publisher:\n\s+name: .*)$/m, '$1 (revised)'));
    }
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'edits');
    const started = performance.now();
    const result = await sendFeed({
      root, tenant: TENANT, trigger: 'schedule', dryRun: true, commit: false, outDir: join(root, 'out'), env,
      connect: () => { throw new Error('a dry run does not connect'); }, now: () => new Date(), sleep: async () => undefined,
    });
    const ms = performance.now() - started;
    return { size, changed, ms, products: result.documents.reduce((n, d) => n + d.products, 0) };
  } finally {
    rmSync(root, { recursive: true, force: true, maxRetries: 5 });
  }
}

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100,10000,100000' }, changed: { type: 'string', default: '100' } } });
const changed = Number(values.changed);
// Warm-up: the first build in a process compiles the XSD, which is no part of the delta's cost.
await measure(10, 1);
const rows = [];
for (const size of values.sizes!.split(',').map(Number)) {
  const row = await measure(size, Math.min(changed, size));
  rows.push(row);
  process.stdout.write(`catalog ${String(row.size).padStart(7)} titles, delta of ${row.changed}: ${row.ms.toFixed(0).padStart(6)} ms (${row.products} products built)\n`);
}
const [smallest, largest] = [rows[0], rows[rows.length - 1]];
process.stdout.write(`ratio largest/smallest catalog: ${(largest.ms / smallest.ms).toFixed(2)}x\n`);
