import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { appendRecords } from '../../src/feed/history.ts';
import type { FeedRecord } from '../../src/feed/record.ts';
import { validateOnixText } from '../../src/onix/xsd.ts';
import { parseOnix } from '../fixtures/onix/parse.ts';
import { generatedIsbn, generateTitle, renderTitleFile, writeCatalog } from '../../scripts/generate-catalog.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'onix-cmd-'));
  writeCatalog({ out: root, tenant: 'bench', titles: 12, format: 'yaml' });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: root, env: {} });
  return { code, out, err };
}

describe('onix-feeds build', () => {
  it('writes valid documents, prints their paths, then the build report', async () => {
    const { code, out } = await run('build', '--tenant', 'bench');
    expect(code).toBe(0);
    const [first, ...report] = out.trimEnd().split('\n');
    expect(path.dirname(first)).toBe(path.join(root, 'out', 'bench'));
    expect(path.basename(first)).toMatch(/^bench_onix31_amazon_\d{8}_\d{6}\.xml$/);
    const xml = await readFile(first, 'utf8');
    expect(await validateOnixText(xml, '3.1')).toEqual([]);
    expect(report[0]).toBe('build report: bench, ONIX 3.1 (titles all - full feed)');
    expect(report[1]).toBe('  products written: 12, deletions: 0, held back: 0');
    expect(report[2]).toContain(`${path.basename(first)}: 12 products, ${Buffer.byteLength(xml).toLocaleString('en-US')} bytes, sha256 `);
    expect(report.at(-1)).toMatch(/^ {2}time: \d+\.\d\d s$/);
  });

  it('splits by the tenant maxFeedBytes and reports a held-back title with its file and reason', async () => {
    writeCatalog({ out: root, tenant: 'bench', titles: 40, format: 'yaml' });
    const tenantFile = path.join(root, 'config/tenants/bench.yaml');
    const config = await readFile(tenantFile, 'utf8');
    await writeFile(tenantFile, config.replace('    format: onix', '    format: onix\n    maxFeedBytes: 65536'));
    const huge = generateTitle(3);
    huge.descriptions.long = `<p>${'long words '.repeat(7000)}</p>`;
    await writeFile(path.join(root, `catalog/bench/titles/${huge.isbn}.yaml`), renderTitleFile(huge, 'yaml'));
    const { code, out } = await run('build', '--tenant', 'bench', '--out', 'feeds');
    expect(code).toBe(0);
    expect(out).toContain('products written: 39, deletions: 0, held back: 1');
    expect(out).toContain(`    catalog/bench/titles/${huge.isbn}.yaml: the ONIX record is`);
    const files = (await readdir(path.join(root, 'feeds'))).sort();
    expect(files.length).toBeGreaterThan(2);
    expect(files.every((f) => /^bench_onix31_amazon_\d{8}_\d{6}_part\d+\.xml$/.test(f))).toBe(true);
  });

  it('supports --titles changed through the git delta: first run is a full feed', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'catalog');
    const { code, out } = await run('build', '--tenant', 'bench', '--titles', 'changed');
    expect(code).toBe(0);
    expect(out).toContain('No earlier successful feed - full feed');
    expect(out).toContain('products written: 12');
  });

  it('--titles changed after a successful feed sends the changed titles and deletes the removed ones', async () => {
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root }).toString().trim();
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'catalog');
    const base = git('rev-parse', 'HEAD');
    const record: FeedRecord = {
      id: '20260101T060000Z-bench', tenant: 'bench', trigger: 'schedule', titlesMode: 'changed', kind: 'full', format: 'onix', status: 'done',
      catalogCommit: base, counts: { sent: 12, deleted: 0, heldBack: 0 }, documents: [], attempts: 1, startedAt: '2026-01-01T06:00:00Z',
    };
    await appendRecords(root, 'bench', [record]);
    const changed = generateTitle(4);
    changed.title.subtitle = 'A Revised Edition';
    await writeFile(path.join(root, `catalog/bench/titles/${changed.isbn}.yaml`), renderTitleFile(changed, 'yaml'));
    await rm(path.join(root, `catalog/bench/titles/${generatedIsbn(7)}.yaml`));
    git('add', '-A');
    git('commit', '-qm', 'edit one title, remove another');
    const { code, out } = await run('build', '--tenant', 'bench', '--titles', 'changed');
    expect(code).toBe(0);
    expect(out).toContain(`(1 changed, 1 deleted since ${base.slice(0, 12)})`);
    expect(out).toContain('products written: 1, deletions: 1, held back: 0');
    const message = parseOnix(await readFile(out.split('\n')[0], 'utf8'));
    expect(message.header.get('MessageNumber')).toEqual(['2']);
    const products = message.products;
    expect(products.map((p) => [p.value('ProductIdentifier/IDValue'), p.value('NotificationType')])).toEqual([
      [changed.isbn, '03'],
      [generatedIsbn(7), '05'],
    ]);
    expect(products[0].value('DescriptiveDetail/TitleDetail/TitleElement/Subtitle')).toBe('A Revised Edition');
  });

  it('numbers the message on from the highest MessageNumber in the history, not from the count of records', async () => {
    const document = (fileName: string, messageNumber: number) => ({ fileName, bytes: 1, sha256: '0'.repeat(64), products: 6, contentType: 'text/xml; charset=UTF-8', messageNumber });
    const splitFeed: FeedRecord = {
      id: '20260101T060000Z-bench', tenant: 'bench', trigger: 'schedule', titlesMode: 'all', kind: 'full', format: 'onix', status: 'done',
      catalogCommit: 'c'.repeat(40), counts: { sent: 12, deleted: 0, heldBack: 0 }, attempts: 1, startedAt: '2026-01-01T06:00:00Z',
      documents: [document('a_part1.xml', 4), document('a_part2.xml', 5)],
    };
    await appendRecords(root, 'bench', [splitFeed]);
    const { code, out } = await run('build', '--tenant', 'bench');
    expect(code).toBe(0);
    expect(parseOnix(await readFile(out.split('\n')[0], 'utf8')).header.get('MessageNumber')).toEqual(['6']);
  });

  it('fails with exit 2 on bad usage and 1 on an unknown tenant, writing nothing', async () => {
    expect((await run('build')).code).toBe(2);
    const bad = await run('build', '--tenant', 'bench', '--titles', 'some');
    expect(bad).toMatchObject({ code: 2, err: expect.stringContaining("--titles must be all or changed, got 'some'") });
    const unknown = await run('build', '--tenant', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('config/tenants/nobody.yaml');
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });
});
