import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendRecords, readHistory } from '/work/main/src/feed/history.ts';
import { selectTitles } from '/work/main/src/feed/select.ts';
import { loadCatalog } from '/work/main/src/catalog/load.ts';
import { Git } from '/work/main/src/feed/git.ts';
import { generatedIsbn, writeCatalog } from '/work/main/scripts/generate-catalog.ts';
const root = '/tmp/bench100k', T = 'bench', size = 100000;
const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@x', GIT_CONFIG_GLOBAL: '/dev/null' };
const git = (...a: string[]) => execFileSync('git', a, { cwd: root, env, maxBuffer: 1 << 30 }).toString().trim();
if (!existsSync(root)) {
  writeCatalog({ out: root, tenant: T, titles: size, format: 'yaml' });
  git('init', '-q', '-b', 'main'); git('add', '-A'); git('commit', '-q', '-m', 'c');
  const base = git('rev-parse', 'HEAD');
  await appendRecords(root, T, [{ id: 'b', tenant: T, trigger: 'schedule', titlesMode: 'changed', kind: 'full', format: 'onix', status: 'done', catalogCommit: base, counts: { sent: size, deleted: 0, heldBack: 0 }, documents: [], attempts: 1, startedAt: new Date(0).toISOString() }]);
  for (let i = 0; i < 100; i++) { const p = join(root, 'catalog', T, 'titles', `${generatedIsbn(i * 1000)}.yaml`); writeFileSync(p, readFileSync(p, 'utf8').replace(/^(publisher:\n\s+name: .*)$/m, '$1 (revised)')); }
  git('add', '-A'); git('commit', '-q', '-m', 'e');
}
let t = performance.now();
const lap = (l: string) => { const n = performance.now(); console.log(l, (n - t).toFixed(0), 'ms'); t = n; };
const h = await readHistory(root, T); lap('readHistory');
const g = new Git(root, env);
await g.headCommit(); lap('head');
const base = h[0].catalogCommit;
await g.hasCommit(base); lap('hasCommit');
await g.isShallow(); lap('isShallow');
const d = await g.diffNameStatus(base, 'HEAD', `catalog/${T}/titles/`); lap(`diff ${d.length}`);
const sel = await selectTitles({ root, tenant: T, mode: 'changed', history: h, env }); lap('selectTitles total');
const cat = await loadCatalog(root, T, { isbns: new Set(sel.isbns) }); lap(`loadCatalog ${cat.titles.length}`);
