import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { mapProduct, type ProductMapping } from '../../src/import/map-product.ts';
import { readOnixProducts } from '../../src/import/read-message.ts';
import { EXAMPLES, FIXTURES } from './paths.ts';


async function mapFile(file: string, supplier: { name: string; gln?: string }): Promise<ProductMapping[]> {
  const text = await readFile(file, 'utf8');
  const mapped: ProductMapping[] = [];
  for await (const product of readOnixProducts((async function* () { yield text; })(), file)) mapped.push(mapProduct(product, supplier));
  return mapped;
}

function titleOf(mapping: ProductMapping) {
  if (mapping.kind !== 'title') throw new Error(`skipped: ${mapping.reason}`);
  return mapping;
}

describe('mapProduct', () => {
  it('carries everything the title model holds from a rich ONIX 3.1 record', async () => {
    const [mapping] = await mapFile(`${EXAMPLES}rich-onix31.xml`, { name: 'Example Press Ltd' });
    const { title } = titleOf(mapping);
    expect(title).toMatchObject({
      isbn: '9780000000002',
      recordReference: 'com.example.press.9780000000002',
      productForm: 'BB',
      productFormDetails: ['B501'],
      title: { prefix: 'The', text: 'Example Book', subtitle: 'A Novel' },
      collection: { title: 'Example Series' },
      edition: { number: 2 },
      language: 'eng',
      originalLanguage: 'fre',
      pages: 320,
      subjects: { bisac: ['FIC019000'], thema: ['FBA'], keywords: ['literary fiction', 'translation', 'example'] },
      descriptions: { long: '<p>A <strong>gripping</strong> example.</p><ul><li>Point one</li></ul>', short: 'Short HTML blurb escaped in CDATA.' },
      cover: 'https://cdn.example.com/covers/9780000000002.jpg',
      measures: { height: { value: 234, unit: 'mm' }, width: { value: 156, unit: 'mm' }, weight: { value: 540, unit: 'gr' } },
      publisher: { name: 'Example Press Ltd', imprint: 'Example Imprint' },
      publishingStatus: 'active',
      publicationDate: '2025-03-15',
      salesRights: [{ type: 'exclusive', countries: ['GB', 'IE', 'US', 'CA'] }],
      related: [{ relation: 'electronic-version-available-as', isbn: '9780000000019' }],
    });
    expect(title.contributors).toEqual([
      { roles: ['A01'], name: 'Jane Example', namesBeforeKey: 'Jane', keyNames: 'Example', biography: 'Jane Example lives in a test fixture.', isni: '0000000121032683' },
      { roles: ['B06'], name: 'John Translator' },
    ]);
    expect(title.supply).toEqual([
      {
        market: 'US', countries: ['US'], availability: 'in-stock', supplier: { name: 'Example Distribution US', gln: '0012345000058' },
        prices: [{ amount: 27.99, currency: 'USD', type: 'rrp-excluding-tax', countries: ['US'] }],
      },
      {
        market: 'GB-IE', countries: ['GB', 'IE'], availability: 'available', supplier: { name: 'Example Distribution UK' },
        prices: [{ amount: 20, currency: 'GBP', type: 'rrp-including-tax', countries: ['GB'] }, { amount: 24.99, currency: 'EUR', type: 'rrp-including-tax', countries: ['IE'] }],
      },
    ]);
  });

  it('lists what the title cannot hold, by element path, with values and reasons', async () => {
    const [mapping] = await mapFile(`${EXAMPLES}rich-onix31.xml`, { name: 'Example Press Ltd' });
    const paths = titleOf(mapping).notCarried.map((n) => n.path);
    expect(paths).toEqual(expect.arrayContaining([
      'RecordSourceType', 'RecordSourceName', 'DescriptiveDetail/Contributor/PersonNameInverted', 'DescriptiveDetail/Subject/SubjectSchemeVersion',
      'DescriptiveDetail/Audience', 'PublishingDetail/CityOfPublication', 'PublishingDetail/ProductContact', 'PublishingDetail/CopyrightStatement',
      'PublishingDetail/SalesRights', 'ProductSupply/MarketPublishingDetail', 'ProductSupply/SupplyDetail/SupplyDate', 'ProductSupply/SupplyDetail/Stock', 'ProductSupply/SupplyDetail/Price/Tax',
    ]));
    const notCarried = titleOf(mapping).notCarried;
    expect(notCarried).toContainEqual({ path: 'PublishingDetail/SalesRights', reason: 'a territory that excludes countries or regions cannot be stated in a title file' });
    expect(notCarried).toContainEqual({ path: 'ProductSupply/SupplyDetail/Supplier/SupplierRole', value: '02', reason: 'a supplier named in a title file is sent with role 03 (distributor)' });
    // Carried elements are not listed: a GTIN-13 equal to the ISBN, the XHTML description, the prices themselves.
    expect(paths).not.toContain('ProductIdentifier');
    expect(paths).not.toContain('CollateralDetail/TextContent');
    expect(paths).not.toContain('ProductSupply/SupplyDetail/Price');
  });

  it('uses ONIX 3.0 header defaults, and leaves out what fails the title checks instead of the whole title', async () => {
    const [german, noIsbn] = await mapFile(`${FIXTURES}onix30-defaults.xml`, { name: 'Beispiel Verlag' });
    const { title, notCarried } = titleOf(german);
    expect(title.language).toBe('ger');
    expect(title.isbn).toBe('9783161484100');
    expect(title.collection).toEqual({ title: 'Beispielreihe', number: '4' });
    expect(title.contributors.map((c) => c.name)).toEqual(['Max Muster', 'Ute von Beispiel']);
    expect(title.durationMinutes).toBe(90);
    expect(title.descriptions.long).toBe('Erste Zeile zweite &amp; letzte Zeile');
    expect(title.cover).toBeUndefined();
    expect(title.supply).toEqual([
      { market: 'de', countries: ['DE', 'AT', 'CH'], availability: 'available', prices: [{ amount: 18, currency: 'EUR', type: 'rrp-including-tax' }] },
    ]);
    expect(notCarried).toEqual(expect.arrayContaining([
      { path: 'DescriptiveDetail/Contributor', reason: 'a contributor in a title file needs a name (PersonName, KeyNames or CorporateName)' },
      { path: 'CollateralDetail/SupportingResource', reason: 'the cover link of a title file must be an https URL' },
      { path: 'ProductSupply/SupplyDetail/Price', reason: 'PriceType 07 has no equivalent in the title model' },
      { path: 'ProductSupply', reason: 'a market is countries or WORLD in a title file; this one names other regions or excludes places' },
      { path: 'supply[0].prices[1]', reason: 'price must be more than 0, got 0: for a free title use unpriced: free instead of prices' },
    ]));
    expect(noIsbn).toMatchObject({ kind: 'skipped', recordReference: 'de.example.no-isbn', reason: expect.stringContaining('no ISBN-13') });
  });

  it('skips deletions and block updates with the reason', async () => {
    const mapped = await mapFile(`${EXAMPLES}delta-delete-blockupdate-onix31.xml`, { name: 'Example Press Distribution' });
    expect(mapped).toMatchObject([
      { kind: 'skipped', isbn: '9780000000002', reason: expect.stringContaining('deletion record (NotificationType 05)') },
      { kind: 'skipped', isbn: '9780000000019', reason: expect.stringContaining('block update (NotificationType 04)') },
    ]);
  });

  it("treats the tenant's own supplier as the default and any other as an override", async () => {
    const [own] = await mapFile(`${EXAMPLES}minimal-onix31.xml`, { name: 'Example Press Distribution' });
    const [other] = await mapFile(`${EXAMPLES}minimal-onix31.xml`, { name: 'Someone Else' });
    expect(titleOf(own).title.supply[0].supplier).toBeUndefined();
    expect(titleOf(other).title.supply[0].supplier).toEqual({ name: 'Example Press Distribution' });
    expect(titleOf(other).notCarried).toContainEqual(expect.objectContaining({ path: 'ProductSupply/SupplyDetail/Supplier/SupplierRole', value: '01' }));
  });
});
