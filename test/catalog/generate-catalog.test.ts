import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTitle, writeCatalog } from '../../scripts/generate-catalog.ts';
import { checkTitle } from '../../src/catalog/checks.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { loadTenant } from '../../src/config/load.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

describe('generate-catalog', () => {
  it('generates valid titles deterministically, different per seed', () => {
    for (let i = 0; i < 200; i++) expect(checkTitle(generateTitle(i, 7), `${generateTitle(i, 7).isbn}.yaml`)).toEqual([]);
    expect(generateTitle(42, 3)).toEqual(generateTitle(42, 3));
    expect(generateTitle(42, 3)).not.toEqual(generateTitle(42, 4));
    expect(generateTitle(42, 3).isbn).toBe(generateTitle(42, 4).isbn);
  });

  it.each(['yaml', 'json'] as const)('writes a %s catalog that loads clean, files of realistic size', async (format) => {
    repo = await createTempRepo();
    const dir = writeCatalog({ out: repo.root, tenant: 'bench', titles: 40, format, seed: 5 });
    const names = await readdir(dir);
    expect(names).toHaveLength(40);
    const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(dir, name))).size));
    const average = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(average).toBeGreaterThan(1000);
    expect(average).toBeLessThan(3000);
    const { titles, problems } = await loadCatalog(repo.root, 'bench');
    expect(problems).toEqual([]);
    expect(titles.map((t) => t.title)).toEqual(Array.from({ length: 40 }, (_, i) => generateTitle(i, 5)));
    expect(await readFile(path.join(repo.root, 'config/tenants/bench.yaml'), 'utf8')).toMatch(/^schedule:/m);
    expect((await loadTenant(repo.root, 'bench')).config.id).toBe('bench');
  });
});
