/**
 * Every tenant in this repository (config/tenants + catalog/<tenant>/titles) built to ONIX, checked against the
 * official XSD as whole files, and read back: the key values of each product must equal the title files'.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { loadTenant } from '../../src/config/load.ts';
import { buildOnix } from '../../src/onix/build.ts';
import { onixDate } from '../../src/onix/dates.ts';
import { validateOnixText } from '../../src/onix/xsd.ts';
import { parseOnix } from '../fixtures/onix/parse.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tenants = readdirSync(path.join(ROOT, 'config/tenants'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .filter((id) => existsSync(path.join(ROOT, 'catalog', id, 'titles')));

describe('example tenants', () => {
  it('finds the example catalogs (an empty list would make the checks below vacuous)', () => {
    expect(tenants.length).toBeGreaterThan(0);
  });

  it.each(tenants)('%s: every title becomes a valid ONIX product with the values of its file', async (id) => {
    const { config } = await loadTenant(ROOT, id);
    const catalog = await loadCatalog(ROOT, id);
    expect(catalog.problems).toEqual([]);
    const outDir = await mkdtemp(path.join(os.tmpdir(), `onix-example-${id}-`));
    try {
      const result = await buildOnix({ tenant: config, titles: catalog.titles, deletions: [], now: new Date('2026-03-01T06:00:00Z'), messageNumber: 1, outDir });
      expect(result.heldBack).toEqual([]);
      expect(result.written).toBe(catalog.titles.length);
      const products = [];
      for (const doc of result.documents) {
        const xml = await readFile(doc.path, 'utf8');
        expect(await validateOnixText(xml, config.onix.version)).toEqual([]);
        products.push(...parseOnix(xml).products);
      }
      const titles = [...catalog.titles].map((t) => t.title).sort((a, b) => a.isbn.localeCompare(b.isbn));
      products.forEach((p, i) => {
        const t = titles[i];
        expect(p.value('ProductIdentifier/IDValue')).toBe(t.isbn);
        expect(p.value('RecordReference')).toBe(t.recordReference);
        expect(p.value('DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix')).toBe(t.title.text);
        expect(p.values('DescriptiveDetail/TitleDetail/TitleElement/TitlePrefix')).toEqual(t.title.prefix ? [t.title.prefix] : []);
        expect(p.values('DescriptiveDetail/Contributor/PersonName')).toEqual(t.contributors.filter((c) => c.name).map((c) => c.name));
        expect(p.values('DescriptiveDetail/Language/LanguageCode')[0]).toBe(t.language);
        expect(p.values('PublishingDetail/PublishingDate/Date')).toEqual(t.publicationDate ? [onixDate(t.publicationDate)] : []);
        expect(p.values('ProductSupply/SupplyDetail/Price/PriceAmount')).toEqual(t.supply.flatMap((s) => s.prices.map((x) => x.amount.toFixed(2))));
        expect(p.values('ProductSupply/SupplyDetail/Price/CurrencyCode')).toEqual(t.supply.flatMap((s) => s.prices.map((x) => x.currency)));
        // The on-sale date is the sales embargo date (List 166 code 02), the date retailers read as "on sale from".
        expect(p.values('ProductSupply/SupplyDetail/SupplyDate/SupplyDateRole')).toEqual(t.supply.flatMap((s) => (s.onSaleDate ? ['02'] : [])));
        expect(p.values('ProductSupply/SupplyDetail/SupplyDate/Date')).toEqual(t.supply.flatMap((s) => (s.onSaleDate ? [onixDate(s.onSaleDate)] : [])));
      });
      expect(products).toHaveLength(titles.length);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
