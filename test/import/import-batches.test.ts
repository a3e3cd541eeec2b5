/**
 * `importOnix` on a message long enough for several batches, with a parser thread allowed (batches go to it once it
 * has loaded; product-pool.test.ts covers the thread itself): the same files, report lines and exact error positions
 * as without threads and as the sequential reader.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { completeIsbn13 } from '../../src/catalog/isbn.ts';
import { loadTenant } from '../../src/config/load.ts';
import { InvalidInputError } from '../../src/config/problem.ts';
import { importOnix } from '../../src/import/import-onix.ts';
import type { ProductOutcome } from '../../src/import/import-report.ts';
import { readInputText } from '../../src/import/input-text.ts';
import { readOnixProducts } from '../../src/import/read-message.ts';
import { createTempRepo, REPO_ROOT, type TempRepo } from '../helpers/temp-repo.ts';
import { snapshotTree } from '../helpers/tree-snapshot.ts';
import { EXAMPLES } from './paths.ts';

const repos: TempRepo[] = [];
afterEach(async () => {
  for (const repo of repos.splice(0)) await repo.cleanup();
});

/** Lines of one product of minimal-onix31.xml, which starts on line 11. */
const PRODUCT_LINES = 96;
const PRODUCTS = 150;
/** The ISBN of the product at 0-based position `i`. */
const isbn = (i: number): string => completeIsbn13(`978100000${String(i).padStart(3, '0')}`);

/** A message of 150 products: the minimal example with ISBN n, then the first product again (same ISBN and reference). */
async function longMessage(): Promise<string> {
  const [head, product] = (await readFile(path.join(EXAMPLES, 'minimal-onix31.xml'), 'utf8')).split(/(?=  <Product>)/);
  const body = product.replace('</ONIXMessage>', '');
  const products = Array.from({ length: PRODUCTS - 1 }, (_, i) => body.replace(/9780000000002/g, isbn(i)));
  return `${head}${products.join('')}${products[0]}</ONIXMessage>\n`;
}

async function harbourLane(files: Record<string, string> = {}): Promise<TempRepo> {
  const repo = await createTempRepo({ files: { 'config/tenants/harbour-lane.yaml': await readFile(path.join(REPO_ROOT, 'config/tenants/harbour-lane.yaml'), 'utf8'), ...files } });
  repos.push(repo);
  return repo;
}

async function run(repo: TempRepo, threads: number): Promise<ProductOutcome[]> {
  const { config: tenant } = await loadTenant(repo.root, 'harbour-lane');
  const outcomes: ProductOutcome[] = [];
  await importOnix({ file: path.join(repo.root, 'export.xml'), fileLabel: 'export.xml', root: repo.root, tenant, format: 'yaml', update: false, dryRun: false, threads, onProduct: (o) => void outcomes.push(o) });
  return outcomes;
}

/** File name -> text of every file in the tenant's catalog folder (anything left beside the titles folder fails). */
async function titleFiles(repo: TempRepo): Promise<Record<string, string>> {
  expect(await readdir(path.join(repo.root, 'catalog/harbour-lane'))).toEqual(['titles']);
  const dir = path.join(repo.root, 'catalog/harbour-lane/titles');
  const names = await readdir(dir);
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')])));
}

async function faultOf(promise: Promise<unknown>): Promise<InvalidInputError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidInputError);
  return error as InvalidInputError;
}

describe('importOnix in batches', () => {
  it('writes the same files and reports the same outcomes, in message order, as on one thread', async () => {
    const text = await longMessage();
    const threaded = await harbourLane({ 'export.xml': text });
    const single = await harbourLane({ 'export.xml': text });
    const outcomes = await run(threaded, 1);
    expect(outcomes.map((o) => o.index)).toEqual(Array.from({ length: PRODUCTS }, (_, i) => i + 1));
    expect(outcomes[0]).toMatchObject({ line: 11, status: 'created', path: `catalog/harbour-lane/titles/${isbn(0)}.yaml` });
    expect(outcomes[99]).toMatchObject({ line: 11 + 99 * PRODUCT_LINES, status: 'created' });
    expect(outcomes[PRODUCTS - 1]).toMatchObject({
      line: 11 + (PRODUCTS - 1) * PRODUCT_LINES,
      status: 'skipped',
      reason: expect.stringContaining(`ISBN ${isbn(0)} was already imported from product 1`),
    });
    expect(await run(single, 0)).toEqual(outcomes);
    const files = await titleFiles(threaded);
    expect(Object.keys(files)).toHaveLength(PRODUCTS - 1);
    expect(files[`${isbn(7)}.yaml`]).toContain(`isbn: '${isbn(7)}'\n`);
    expect(await titleFiles(single)).toEqual(files);
  });

  it('names the first fault exactly as the sequential reader does, and writes nothing', async () => {
    const text = await longMessage();
    // Product 120's first end tag does not match; or the file stops short inside product 140.
    let at = 0;
    for (let n = 0; n < 120; n++) at = text.indexOf('<Product>', at + 1);
    const wrong = text.indexOf('</RecordReference>', at);
    const broken = `${text.slice(0, wrong)}</RecordReferenc>${text.slice(wrong + '</RecordReference>'.length)}`;
    const cut = text.slice(0, text.indexOf(isbn(139)) + 400);
    for (const [input, line] of [
      [broken, broken.slice(0, broken.indexOf('</RecordReferenc>')).split('\n').length],
      [cut, cut.split('\n').length],
    ] as const) {
      const repo = await harbourLane({ 'export.xml': input });
      const before = await snapshotTree(repo.root);
      const fault = await faultOf(run(repo, 1));
      expect(fault.problems[0].line).toBe(line);
      const sequential = await faultOf((async () => {
        for await (const product of readOnixProducts(readInputText(path.join(repo.root, 'export.xml')), 'export.xml')) void product;
      })());
      expect(fault.problems).toEqual(sequential.problems);
      expect(await snapshotTree(repo.root)).toEqual(before);
    }
  });
});
