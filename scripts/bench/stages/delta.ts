/**
 * Stage "delta" (invariant 8): a dry run of `send` carrying the titles changed since the last successful feed (real
 * commits in a real repository), against the full build of the same catalog by the same command.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendRecords } from '../../../src/feed/history.ts';
import { generatedIsbn } from '../../generate-catalog.ts';
import { BENCH_TENANT } from '../data.ts';
import { cloneRepo, commitAll, git } from '../git.ts';
import { atMost, compareWith, inChild, measureCases } from '../measure.ts';
import type { Stage, StageContext } from '../types.ts';

const STAGE = 'delta';

/** Goal of issue 8: a delta costs at most this share of the full build... */
export const DELTA_MAX_SHARE = 0.05;
/** ...of a catalog this large; in a smaller one the fixed costs (process, git, XSD set-up) weigh more. */
const DELTA_GOAL_CATALOG = 100_000;

/**
 * A clone of the committed catalog with a successful feed recorded at its first commit and then `changed` title files
 * edited (spread over the catalog) in a later commit.
 */
async function deltaRepo(ctx: StageContext, size: number, changed: number): Promise<string> {
  const root = join(ctx.work, 'repo');
  cloneRepo(ctx.data.catalog(size, 'yaml'), root);
  const base = git(root, ['rev-parse', 'HEAD']);
  await appendRecords(root, BENCH_TENANT, [{
    id: 'base', tenant: BENCH_TENANT, trigger: 'schedule', titlesMode: 'changed', kind: 'full', format: 'onix', status: 'done',
    catalogCommit: base, counts: { sent: size, deleted: 0, heldBack: 0 }, documents: [], attempts: 1, startedAt: new Date(0).toISOString(),
  }]);
  commitAll(root, 'feed history');
  for (let i = 0; i < changed; i++) {
    const path = join(root, 'catalog', BENCH_TENANT, 'titles', `${generatedIsbn(Math.floor((i * size) / changed))}.yaml`);
    // A revised publisher name is a real change of the record.
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^(publisher:\n\s+name: .*)$/m, '$1 (revised)'));
  }
  commitAll(root, `edit ${changed} titles`);
  return root;
}

/** The delta stage, over the largest catalog size. */
export const deltaStage: Stage = {
  name: 'delta',
  async run(ctx) {
    const size = Math.max(...ctx.sizes);
    const changed = Math.min(ctx.deltaChanged, size);
    const root = await deltaRepo(ctx, size, changed);
    const args = { root, tenant: BENCH_TENANT, outDir: join(ctx.work, 'out') };
    const label = (work: string) => ({ stage: STAGE, work, size, unit: 'titles' as const });
    const [full, delta] = await measureCases([
      { label: label('send --dry-run, all titles (full build)'), run: () => inChild('feed', 'dryRun', { ...args, titles: 'all' }) },
      { label: label(`send --dry-run, ${changed} changed titles (git diff)`), run: () => inChild('feed', 'dryRun', { ...args, titles: 'changed' }) },
    ], ctx.reps, ctx.log);
    if (delta.items !== changed) throw new Error(`the delta carried ${delta.items} products, expected the ${changed} changed titles`);
    compareWith(delta, full);
    if (size >= DELTA_GOAL_CATALOG) delta.goals.push(atMost(`<= ${DELTA_MAX_SHARE * 100}% of full`, delta.ratio, DELTA_MAX_SHARE));
    else delta.note = `goal (<= ${DELTA_MAX_SHARE * 100}% of full) is set for ${DELTA_GOAL_CATALOG.toLocaleString('en-US')} titles: not judged here`;
    return [full, delta];
  },
};
