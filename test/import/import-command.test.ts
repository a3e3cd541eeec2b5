/**
 * `onix-feeds import` end to end through the CLI, on temporary repositories: what it writes, what it reports, and
 * that bad input and --dry-run change nothing.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { createTempRepo, REPO_ROOT, type TempRepo } from '../helpers/temp-repo.ts';
import { snapshotTree } from '../helpers/tree-snapshot.ts';
import { EXAMPLES, FIXTURES } from './paths.ts';

const TITLES = 'catalog/harbour-lane/titles';
let repo: TempRepo;

afterEach(() => repo?.cleanup());

async function harbourLane(): Promise<TempRepo> {
  repo = await createTempRepo({ files: { 'config/tenants/harbour-lane.yaml': await readFile(path.join(REPO_ROOT, 'config/tenants/harbour-lane.yaml')) } });
  return repo;
}

const importCli = (...args: string[]) => runCli(['import', ...args, '--tenant', 'harbour-lane', '--root', repo.root]);

describe('onix-feeds import', () => {
  it('writes one YAML title file per product and reports what was not carried over', async () => {
    await harbourLane();
    const result = await importCli(path.join(EXAMPLES, 'rich-onix31.xml'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`9780000000002 (product 1, line 13): ${TITLES}/9780000000002.yaml created\n  not carried over:\n`);
    expect(result.stdout).toContain('    PublishingDetail/CityOfPublication: 1 (London)\n');
    expect(result.stdout).toContain('    DescriptiveDetail/Subject/SubjectSchemeVersion: 2 (2024, 1.6)\n');
    expect(result.stdout).toContain('1 product: 1 created, 0 updated, 0 unchanged, 0 skipped\n');
    expect(result.stdout).toContain('  ProductSupply/SupplyDetail/Price/Tax: 1, 2\n');
    const text = await readFile(path.join(repo.root, TITLES, '9780000000002.yaml'), 'utf8');
    expect(text.startsWith('# yaml-language-server: $schema=../../../config/title.schema.json\nisbn: \'9780000000002\'\n')).toBe(true);
    const validate = await runCli(['validate', '--root', repo.root]);
    expect(validate.stdout).toBe('1 tenant, 1 title: no problems\n');
    // The staging folder moved into place: nothing else is left beside the titles.
    expect(await readdir(path.join(repo.root, 'catalog/harbour-lane'))).toEqual(['titles']);
  });

  it('reports skipped products with the reason', async () => {
    await harbourLane();
    const result = await importCli(path.join(EXAMPLES, 'delta-delete-blockupdate-onix31.xml'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('9780000000002 (product 1, line 7): skipped: deletion record (NotificationType 05)');
    expect(result.stdout).toContain('9780000000019 (product 2, line 16): skipped: block update (NotificationType 04)');
    expect(result.stdout).toContain('2 products: 0 created, 0 updated, 0 unchanged, 2 skipped\n');
  });

  it('refuses a second product with the ISBN or record reference of an earlier one', async () => {
    await harbourLane();
    const [head, product] = (await readFile(path.join(EXAMPLES, 'minimal-onix31.xml'), 'utf8')).split(/(?=<Product>)/);
    const body = product.replace('</ONIXMessage>', '');
    const sameReference = body.replace('<IDValue>9780000000002</IDValue>', '<IDValue>9780000000019</IDValue>');
    await repo.write('export.xml', `${head}${body}${body}${sameReference}</ONIXMessage>\n`);
    const result = await importCli('export.xml');
    expect(result.stdout).toContain('9780000000002 (product 2, line 107): skipped: ISBN 9780000000002 was already imported from product 1');
    expect(result.stdout).toContain('9780000000019 (product 3, line 203): skipped: RecordReference com.example.press.9780000000002 is already used by 9780000000002');
    expect(result.stdout).toContain('3 products: 1 created, 0 updated, 0 unchanged, 2 skipped');
  });

  it('reads gzip and writes JSON when asked', async () => {
    await harbourLane();
    await repo.write('export.xml.gz', gzipSync(await readFile(path.join(EXAMPLES, 'minimal-onix31-short.xml'))));
    const result = await importCli('export.xml.gz', '--format', 'json');
    expect(result.code).toBe(0);
    const file = JSON.parse(await readFile(path.join(repo.root, TITLES, '9780000000002.json'), 'utf8'));
    expect(file).toMatchObject({ $schema: '../../../config/title.schema.json', isbn: '9780000000002', title: { text: 'A Minimal Book' } });
  });

  it('leaves existing title files alone without --update, and says what changed with it', async () => {
    await harbourLane();
    await importCli(path.join(EXAMPLES, 'minimal-onix31.xml'));
    const first = await readFile(path.join(repo.root, TITLES, '9780000000002.yaml'), 'utf8');

    const again = await importCli(path.join(EXAMPLES, 'rich-onix31.xml'));
    expect(again.stdout).toContain(`skipped: ${TITLES}/9780000000002.yaml already exists; run with --update to update it`);
    expect(await readFile(path.join(repo.root, TITLES, '9780000000002.yaml'), 'utf8')).toBe(first);

    const same = await importCli(path.join(EXAMPLES, 'minimal-onix31.xml'), '--update');
    expect(same.stdout).toContain('0 created, 0 updated, 1 unchanged, 0 skipped');

    const updated = await importCli(path.join(EXAMPLES, 'rich-onix31.xml'), '--update');
    expect(updated.stdout).toContain(`${TITLES}/9780000000002.yaml updated (changed: productForm, productFormDetails, title, collection, contributors, edition, originalLanguage, pages, subjects, descriptions, cover, measures, salesRights, related, supply)`);
    expect(await readFile(path.join(repo.root, TITLES, '9780000000002.yaml'), 'utf8')).toContain('productForm: BB\n');
  });

  it('updates an existing JSON title file as JSON, whatever --format says', async () => {
    await harbourLane();
    await importCli(path.join(EXAMPLES, 'minimal-onix31.xml'), '--format', 'json');
    const updated = await importCli(path.join(EXAMPLES, 'rich-onix31.xml'), '--update');
    expect(updated.stdout).toContain(`${TITLES}/9780000000002.json updated`);
    expect(await readdir(path.join(repo.root, TITLES))).toEqual(['9780000000002.json']);
    expect(JSON.parse(await readFile(path.join(repo.root, TITLES, '9780000000002.json'), 'utf8'))).toMatchObject({ productForm: 'BB' });
  });

  it('--dry-run reports and writes nothing', async () => {
    await harbourLane();
    const before = await snapshotTree(repo.root);
    const result = await importCli(path.join(EXAMPLES, 'rich-onix31.xml'), '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would be created');
    expect(result.stdout).toContain('(dry run: nothing written)');
    expect(await snapshotTree(repo.root)).toEqual(before);
  });

  it('refuses a truncated file with its line and writes nothing, even after good products', async () => {
    await harbourLane();
    const products = (await readFile(path.join(EXAMPLES, 'rich-onix31.xml'), 'utf8')).split('<Product>');
    // Three complete products, then a fourth cut off in the middle.
    const body = [1, 2, 3].map((n) => `<Product>${products[1].replace(/9780000000002/g, ['9780000000019', '9780000000026', '9780000000033'][n - 1])}`).join('');
    const text = `${products[0]}${body.replace(/<\/ONIXMessage>\s*$/, '')}<Product>${products[1].slice(0, 400)}`;
    await repo.write('export.xml', text.replace(/<\/ONIXMessage>/g, ''));
    const before = await snapshotTree(repo.root);
    const result = await importCli('export.xml');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^export\.xml:\d+:\d+: the file ends before <\/ONIXMessage>: it is truncated; the last complete product ends on line \d+\nnothing was imported\.\n$/);
    expect(await snapshotTree(repo.root)).toEqual(before);
  });

  it('refuses ONIX 2.1 and files that are not ONIX, changing nothing', async () => {
    await harbourLane();
    await repo.write('old.xml', await readFile(path.join(FIXTURES, 'onix21.xml')));
    await repo.write('notes.txt', 'ISBN,Title\n9780000000002,A Minimal Book\n');
    const before = await snapshotTree(repo.root);
    const old = await importCli('old.xml');
    expect(old.code).toBe(1);
    expect(old.stderr).toContain('old.xml:3:13: this is an ONIX 2.1 message; onix-feeds imports ONIX 3.x');
    const notes = await importCli('notes.txt');
    expect(notes.stderr).toContain("notes.txt:1:1: not XML: the file starts with 'ISBN,Title");
    expect(await snapshotTree(repo.root)).toEqual(before);
  });

  it('explains usage errors', async () => {
    await harbourLane();
    expect((await runCli(['import', '--tenant', 'harbour-lane', '--root', repo.root])).stderr).toContain('give the ONIX file to import');
    expect((await runCli(['import', 'x.xml', '--root', repo.root])).stderr).toContain('--tenant is required');
    const format = await importCli(path.join(EXAMPLES, 'rich-onix31.xml'), '--format', 'xml');
    expect(format).toMatchObject({ code: 2, stderr: expect.stringContaining("--format must be yaml or json, got 'xml'") });
    expect((await importCli('missing.xml')).stderr).toContain('missing.xml is not a file');
    await writeFile(path.join(repo.root, 'config/tenants/harbour-lane.yaml'), 'name: [unclosed\n');
    expect((await importCli(path.join(EXAMPLES, 'rich-onix31.xml'))).code).toBe(1);
  });
});
