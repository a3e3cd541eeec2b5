/**
 * Benchmark for the per-title trail on a long history: ten years of hourly feed records (87,600 by default) in
 * monthly files, over a real git repository whose catalog commits the records name. Every fourth hour a delta feed
 * carries the titles edited since the feed before (listed in its documents), each Sunday at 06:00 a full feed carries
 * them all, the other hours are skipped. One title is edited about every two months, another once.
 *
 *   npx tsx scripts/bench-title-trail.ts [--records 87600] [--titles 1000] [--runs 3] [--keep]
 *
 * --keep leaves the generated repository in place (its path is printed) for profiling.
 *
 * Prints the history's size, the time to read the whole history (`readHistory`), and the time of the trail of each
 * of the two titles (median of the runs).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Title } from '../src/catalog/title.ts';
import { readHistory } from '../src/feed/history.ts';
import { serializeRecord } from '../src/feed/history-format.ts';
import type { FeedRecord } from '../src/feed/record.ts';
import { titleTrail } from '../src/feed/title-trail.ts';
import { generatedIsbn, generateTitle, renderTitleFile } from './generate-catalog.ts';

const TENANT = 'bench';
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.test', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.test',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'gc.auto', GIT_CONFIG_VALUE_0: '0', GIT_CONFIG_KEY_1: 'maintenance.auto', GIT_CONFIG_VALUE_1: 'false',
};
const HOUR = 3_600_000;
const START = Date.UTC(2016, 11, 1);

const { values } = parseArgs({ options: { records: { type: 'string' }, titles: { type: 'string' }, runs: { type: 'string' }, keep: { type: 'boolean' } } });
const recordCount = Number(values.records ?? 87_600);
const titleCount = Number(values.titles ?? 1_000);
const runs = Number(values.runs ?? 3);

/** Deterministic pseudo-random numbers, so every run builds the same history. */
let seed = 42;
function random(): number {
  seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
  return seed / 2 ** 32;
}

const often = 7; // edited about every two months
const once = 11; // edited once, in the first year
const titles: Title[] = Array.from({ length: titleCount }, (_, i) => generateTitle(i));
const path = (i: number) => `catalog/${TENANT}/titles/${generatedIsbn(i)}.yaml`;

/** The git fast-import stream of the catalog's commits: the catalog, then one commit per delta feed. */
function fastImport(deltaEdits: number[][]): string {
  const parts: string[] = [];
  const blob = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const commit = (mark: number, time: number, message: string, files: number[]) => {
    parts.push(`commit refs/heads/main\nmark :${mark}\ncommitter bench <bench@example.test> ${Math.floor(time / 1000)} +0000\n${blob(message)}`);
    if (mark > 1) parts.push(`from :${mark - 1}\n`);
    for (const i of files) parts.push(`M 100644 inline ${path(i)}\n${blob(renderTitleFile(titles[i], 'yaml'))}`);
  };
  commit(1, START - HOUR, 'catalog', titles.map((_, i) => i));
  deltaEdits.forEach((edited, n) => {
    for (const i of edited) titles[i].supply[0].prices[0].amount = Math.round((titles[i].supply[0].prices[0].amount + 1) * 100) / 100;
    commit(n + 2, START + n * 4 * HOUR + HOUR, `Edit ${edited.length} titles`, edited);
  });
  return parts.join('') + 'done\n';
}

function build(root: string): { files: number; bytes: number; largest: number } {
  const deltas = Math.ceil(recordCount / 4);
  const edits = Array.from({ length: deltas }, (_, n) => {
    const edited = new Set(Array.from({ length: 1 + Math.floor(random() * 5) }, () => Math.floor(random() * titleCount)));
    edited.delete(once);
    if (n % 360 === 0) edited.add(often);
    else edited.delete(often);
    if (n === 100) edited.add(once);
    return [...edited].sort((a, b) => a - b);
  });
  execFileSync('git', ['init', '-q', '-b', 'main', root], { env });
  const marks = join(root, '.git', 'marks');
  execFileSync('git', ['fast-import', '--quiet', `--export-marks=${marks}`], { cwd: root, env, input: fastImport(edits), maxBuffer: 1 << 30 });
  const commitOf = new Map(readFileSync(marks, 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([m, c]) => [Number(m.slice(1)), c]));
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: root, env });

  const byMonth = new Map<string, string[]>();
  let lastSuccess = commitOf.get(1)!;
  for (let h = 0; h < recordCount; h++) {
    const at = new Date(START + h * HOUR);
    const startedAt = at.toISOString();
    const base = { id: `${startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${TENANT}`, tenant: TENANT, trigger: 'schedule' as const, slot: startedAt, titlesMode: 'changed' as const, format: 'onix' as const, attempts: 1, startedAt };
    const doc = (n: number, products: number) => ({ fileName: `${TENANT}_onix31_amazon_${n}.xml`, bytes: products * 4000, sha256: 'f'.repeat(64), products, contentType: 'text/xml; charset=UTF-8', feedDocumentId: `amzn1.tortuga.4.na.${n}`, feedId: String(50_000 + h), processingStatus: 'DONE' as const });
    let record: FeedRecord;
    const delta = h % 4 === 0 ? edits[h / 4] : undefined;
    const current = commitOf.get(Math.floor(h / 4) + 2) ?? lastSuccess;
    if (at.getUTCDay() === 0 && at.getUTCHours() === 6) {
      record = { ...base, kind: 'full', status: 'done', reason: `Amazon accepted ${titleCount} products`, selection: 'Weekly full feed', catalogCommit: lastSuccess, counts: { sent: titleCount, deleted: 0, heldBack: 0 }, documents: [{ ...doc(h, titleCount), report: { messagesProcessed: titleCount, messagesAccepted: titleCount, messagesInvalid: 0, errors: 0, warnings: 0, issues: [] } }], finishedAt: new Date(at.getTime() + 20 * 60_000).toISOString() };
    } else if (delta) {
      const failing = delta.filter(() => random() < 0.05);
      const issues = failing.map((i) => ({ code: '8560', severity: 'ERROR' as const, message: 'Price is not valid for the territory', messageId: delta.indexOf(i) + 1, isbn: generatedIsbn(i) }));
      record = {
        ...base, kind: 'delta', status: issues.length ? 'done_with_errors' : 'done', reason: `Amazon accepted ${delta.length - issues.length} products`, selection: `${delta.length} changed since ${lastSuccess.slice(0, 12)}`,
        catalogCommit: current, baseCommit: lastSuccess, counts: { sent: delta.length, deleted: 0, heldBack: 0 },
        documents: [{ ...doc(h, delta.length), statusTimeline: [{ status: 'IN_QUEUE', at: startedAt }, { status: 'DONE', at: new Date(at.getTime() + 6 * 60_000).toISOString() }], report: { messagesProcessed: delta.length, messagesAccepted: delta.length - issues.length, messagesInvalid: issues.length, errors: issues.length, warnings: 0, issues }, isbns: delta.map(generatedIsbn) }],
        finishedAt: new Date(at.getTime() + 7 * 60_000).toISOString(),
      };
      lastSuccess = current;
    } else {
      record = { ...base, kind: 'delta', status: 'skipped', reason: 'No changes - feed skipped', selection: `0 changed, 0 deleted since ${lastSuccess.slice(0, 12)}`, catalogCommit: lastSuccess, baseCommit: lastSuccess, counts: { sent: 0, deleted: 0, heldBack: 0 }, documents: [], finishedAt: startedAt };
    }
    const month = startedAt.slice(0, 7);
    if (!byMonth.has(month)) byMonth.set(month, []);
    byMonth.get(month)!.push(serializeRecord(record));
  }
  // The layout the history writer's rotation leaves: one file per earlier month, the newest month in amazon.jsonl.
  const dir = join(root, 'catalog', TENANT, 'feeds');
  mkdirSync(dir, { recursive: true });
  const months = [...byMonth.keys()].sort();
  for (const month of months) {
    const name = month === months.at(-1) ? 'amazon.jsonl' : `amazon-${month}.jsonl`;
    writeFileSync(join(dir, name), byMonth.get(month)!.join('\n') + '\n');
  }
  const sizes = readdirSync(dir).map((n) => statSync(join(dir, n)).size);
  return { files: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0), largest: Math.max(...sizes) };
}

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]);
}

const root = mkdtempSync(join(tmpdir(), 'bench-title-trail-'));
try {
  const started = performance.now();
  const size = build(root);
  console.log(`history: ${recordCount.toLocaleString('en-US')} records in ${size.files} files, ${(size.bytes / 1e6).toFixed(1)} MB (largest file ${(size.largest / 1e6).toFixed(2)} MB); catalog ${titleCount} titles; built in ${Math.round(performance.now() - started)} ms`);
  const all = await median(() => readHistory(root, TENANT));
  console.log(`readHistory (every record parsed): ${all} ms`);
  for (const [name, index] of [['often edited', often], ['edited once', once]] as const) {
    const trail = await titleTrail({ root, tenant: TENANT, isbn: generatedIsbn(index), env });
    const ms = await median(() => titleTrail({ root, tenant: TENANT, isbn: generatedIsbn(index), env }));
    console.log(`trail of the ${name} title: ${ms} ms (${trail.feeds.length} feeds carried it, ${trail.feeds.filter((f) => f.changes.commits.length).length} with changes; state ${trail.state})`);
  }
} finally {
  if (values.keep) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
