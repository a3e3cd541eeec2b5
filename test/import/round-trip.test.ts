/**
 * The importer checked against the writer from the other direction: every example tenant built to ONIX, imported
 * into an empty tenant and built again gives the same ONIX apart from the header time; and the ONIX examples of the
 * reference notes import into title files that load without a problem.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { loadTenant } from '../../src/config/load.ts';
import type { OnixVersion, TenantConfig } from '../../src/config/tenant.ts';
import { importOnix } from '../../src/import/import-onix.ts';
import type { ProductOutcome } from '../../src/import/import-report.ts';
import { buildOnix } from '../../src/onix/build.ts';
import { createTempRepo, REPO_ROOT, type TempRepo } from '../helpers/temp-repo.ts';
import { EXAMPLES } from './paths.ts';

const tenants = readdirSync(path.join(REPO_ROOT, 'config/tenants'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .filter((id) => existsSync(path.join(REPO_ROOT, 'catalog', id, 'titles')));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function emptyTenantRepo(id: string): Promise<TempRepo> {
  const repo = await createTempRepo({ files: { [`config/tenants/${id}.yaml`]: await readFile(path.join(REPO_ROOT, 'config/tenants', `${id}.yaml`)) } });
  cleanups.push(() => repo.cleanup());
  return repo;
}

/** Builds the tenant's catalog under `root` into one ONIX text without its SentDateTime. */
async function built(root: string, tenant: TenantConfig, now: Date): Promise<{ text: string; paths: string[]; products: number }> {
  const catalog = await loadCatalog(root, tenant.id);
  expect(catalog.problems).toEqual([]);
  const outDir = await tempDir('onix-import-rt-');
  const result = await buildOnix({ tenant, titles: catalog.titles, deletions: [], now, messageNumber: 1, outDir, validateXsd: false });
  expect(result.heldBack).toEqual([]);
  let text = '';
  for (const doc of result.documents) text += (await readFile(doc.path, 'utf8')).replace(/<SentDateTime>[^<]*<\/SentDateTime>/, '');
  return { text, paths: result.documents.map((d) => d.path), products: result.written };
}

describe('round trip: build -> import -> build', () => {
  it('has example tenants to check', () => {
    expect(tenants.length).toBeGreaterThan(0);
  });

  const cases = tenants.flatMap((id) => (['3.1', '3.0'] as OnixVersion[]).map((version) => [id, version] as const));
  it.each(cases)('%s as ONIX %s gives the same ONIX again, apart from the header time', async (id, version) => {
    const loaded = (await loadTenant(REPO_ROOT, id)).config;
    const tenant: TenantConfig = { ...loaded, onix: { ...loaded.onix, version } };
    const first = await built(REPO_ROOT, tenant, new Date('2026-03-01T06:00:00Z'));
    expect(first.products).toBeGreaterThan(0);

    const repo = await emptyTenantRepo(id);
    const outcomes: ProductOutcome[] = [];
    for (const file of first.paths) {
      await importOnix({ file, root: repo.root, tenant, format: 'yaml', update: false, dryRun: false, onProduct: (o) => void outcomes.push(o) });
    }
    expect(outcomes.filter((o) => o.status !== 'created')).toEqual([]);
    expect(outcomes.flatMap((o) => o.notCarried)).toEqual([]);
    expect(outcomes).toHaveLength(first.products);

    const second = await built(repo.root, tenant, new Date('2026-03-02T07:30:00Z'));
    expect(second.text).toBe(first.text);
  });
});

describe('the ONIX examples of the reference notes', () => {
  it.each([
    ['minimal-onix31.xml', 1],
    ['minimal-onix31-short.xml', 1],
    ['rich-onix31.xml', 1],
    ['delta-delete-blockupdate-onix31.xml', 0],
    ['noproduct-onix31.xml', 0],
  ])('%s imports into %i valid title file(s)', async (name, expected) => {
    const repo = await emptyTenantRepo('harbour-lane');
    const { config } = await loadTenant(repo.root, 'harbour-lane');
    for (const format of ['yaml', 'json'] as const) {
      const tenant = { ...config, id: `examples-${format}` };
      const summary = await importOnix({ file: path.join(EXAMPLES, name), root: repo.root, tenant, format, update: false, dryRun: false });
      expect(summary.created).toBe(expected);
      const catalog = await loadCatalog(repo.root, tenant.id);
      expect(catalog.problems).toEqual([]);
      expect(catalog.titles).toHaveLength(expected);
      expect(catalog.titles.every((t) => t.source.format === format)).toBe(true);
    }
  });
});
