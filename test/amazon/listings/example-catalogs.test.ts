import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildListingsDocuments } from '../../../src/amazon/listings/documents.ts';
import { marketplaceById } from '../../../src/amazon/regions.ts';
import { loadCatalog } from '../../../src/catalog/load.ts';
import type { Title } from '../../../src/catalog/title.ts';
import { loadTenant } from '../../../src/config/load.ts';
import type { TenantConfig } from '../../../src/config/tenant.ts';
import { buildListingsReport } from '../../../src/sandbox/listings-report.ts';
import { feedErrors, reportErrors } from '../../fixtures/amazon/listings/amazon-schemas.ts';
import { REPO_ROOT } from '../../helpers/temp-repo.ts';

type Value = Record<string, unknown>;
type Message = { sku: string; operationType: string; attributes: Record<string, Value[]> };

const outDirs: string[] = [];
afterAll(async () => {
  await Promise.all(outDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The example tenant as a listings tenant (harbour-lane delivers ONIX; its titles must map all the same). */
async function listingsTenant(id: string): Promise<TenantConfig> {
  const { config } = await loadTenant(REPO_ROOT, id);
  if (config.amazon.listings) return config;
  const listings = { sellerId: 'AHARBOURLANEXMP', languageTag: 'en_GB', sku: '{isbn}', includeOffers: true };
  return { ...config, amazon: { ...config.amazon, delivery: { ...config.amazon.delivery, format: 'listings' }, listings } };
}

describe.each(['northwind-books', 'harbour-lane'])('every example title of %s', (tenantId) => {
  it('becomes one complete, schema-valid listing that the sandbox accepts', async () => {
    const tenant = await listingsTenant(tenantId);
    const { titles, problems } = await loadCatalog(REPO_ROOT, tenantId);
    expect(problems).toEqual([]);
    expect(titles.length).toBeGreaterThanOrEqual(25);
    const outDir = await mkdtemp(path.join(os.tmpdir(), `listings-${tenantId}-`));
    outDirs.push(outDir);

    const result = await buildListingsDocuments({ tenant, titles, deletions: [], outDir, now: new Date('2026-11-28T12:00:00Z'), env: {} });
    expect(result.heldBack).toEqual([]);
    expect(result.written).toBe(titles.length);
    const messages: Message[] = [];
    for (const doc of result.documents) {
      const text = await readFile(doc.path, 'utf8');
      const json = JSON.parse(text);
      expect(feedErrors(json)).toEqual([]);
      messages.push(...json.messages);
      const { report } = buildListingsReport(text, { feedId: '1' });
      expect(reportErrors(report)).toEqual([]);
      expect(report.issues.filter((i) => i.severity === 'ERROR')).toEqual([]);
    }

    const marketplaces = tenant.amazon.marketplaceIds.map((id) => marketplaceById(id)!);
    for (const { title } of titles) {
      const message = messages.find((m) => m.sku === title.isbn);
      expect(message, title.isbn).toBeDefined();
      const { languageTag, languageTags = {} } = tenant.amazon.listings!;
      expectListing(title, message!, marketplaces.map((m) => m.id), (id) => languageTags[id] ?? languageTag);
      // Each list price is a price of the title in the marketplace's currency.
      for (const price of message!.attributes.list_price ?? []) {
        const marketplace = marketplaces.find((m) => m.id === price.marketplace_id)!;
        const offered = title.supply.flatMap((s) => s.prices).filter((p) => p.currency === marketplace.currency);
        expect(offered.map((p) => p.amount), `${title.isbn} ${marketplace.id}`).toContain(price.value_with_tax);
      }
    }
    // Priced titles get a list price: the examples price every active title in the tenant's currencies.
    const priced = messages.filter((m) => m.attributes.list_price);
    expect(priced.length).toBeGreaterThan(titles.length / 2);
  });
});

function expectListing(title: Title, message: Message, marketplaceIds: string[], languageTagOf: (marketplaceId: string) => string): void {
  const at = `${title.isbn}`;
  expect(message.operationType, at).toBe('UPDATE');
  const perMarketplace = (name: string) => marketplaceIds.map((id) => (message.attributes[name] ?? []).filter((v) => v.marketplace_id === id));
  for (const values of perMarketplace('externally_assigned_product_identifier')) expect(values, at).toEqual([expect.objectContaining({ type: 'ean', value: title.isbn })]);
  for (const [name] of perMarketplace('item_name')) {
    expect(name.language_tag, at).toBe(languageTagOf(String(name.marketplace_id)));
    expect(name.value, at).toContain(title.title.text);
    if (title.title.subtitle) expect(name.value, at).toContain(title.title.subtitle);
  }
  const contributorNames = (message.attributes.contributor ?? []).map((v) => v.value);
  for (const contributor of title.contributors) expect(contributorNames, at).toContain(contributor.name ?? contributor.corporateName);
  for (const required of ['publisher', 'language', 'binding', 'main_product_image_locator']) {
    expect(perMarketplace(required).every((values) => values.length > 0), `${at} ${required}`).toBe(true);
  }
  if (title.pages) expect(perMarketplace('pages')[0], at).toEqual([{ value: title.pages, marketplace_id: marketplaceIds[0] }]);
  if (title.publicationDate) expect(perMarketplace('publication_date')[0][0].value, at).toBe(title.publicationDate);
  if (title.descriptions.long || title.descriptions.short) {
    const description = String(perMarketplace('product_description')[0][0].value);
    expect(description, at).not.toMatch(/<\/?[a-z]+[^>]*>/);
  }
}
