import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OnixHeaderError } from '../../src/onix/batch-validate.ts';
import { buildOnix, NothingValidError, TitleOrderError, type OnixBuildOptions } from '../../src/onix/build.ts';
import { validateOnixText } from '../../src/onix/xsd.ts';
import { loaded, makeTenant, makeTitle, testIsbn } from '../fixtures/onix/builders.ts';
import { parseOnix } from '../fixtures/onix/parse.ts';

let outDir: string;
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'onix-build-'));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

const NOW = new Date('2026-01-02T03:04:05Z');

function options(overrides: Partial<OnixBuildOptions> = {}): OnixBuildOptions {
  return { tenant: makeTenant(), titles: [], deletions: [], now: NOW, messageNumber: 42, outDir, ...overrides };
}

async function text(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

describe('buildOnix', () => {
  it('writes one message that the official 3.1 XSD accepts, named after tenant and UTC time', async () => {
    const titles = [3, 1, 2].map((n) => loaded(makeTitle(n)));
    const result = await buildOnix(options({ titles }));
    expect(result.heldBack).toEqual([]);
    expect(result.written).toBe(3);
    expect(result.documents).toHaveLength(1);
    const [doc] = result.documents;
    expect(doc.fileName).toBe('example-press_onix31_amazon_20260102_030405.xml');
    expect(doc.isbns).toEqual([testIsbn(1), testIsbn(2), testIsbn(3)]);
    const xml = await text(doc.path);
    expect(await validateOnixText(xml, '3.1')).toEqual([]);
    const message = parseOnix(xml);
    expect(message.release).toBe('3.1');
    expect(message.namespace).toBe('http://ns.editeur.org/onix/3.1/reference');
    expect(message.header.get('SentDateTime')).toEqual(['20260102T030405Z']);
    expect(message.header.get('MessageNumber')).toEqual(['42']);
    expect(message.header.get('Sender/SenderIdentifier/IDValue')).toEqual(['5012345678900']);
    expect([...message.header.keys()].some((k) => k.startsWith('Default'))).toBe(false);
    expect(xml).not.toContain('TitleText');
  });

  it('reports the sha256 and byte size of the file it wrote', async () => {
    const result = await buildOnix(options({ titles: [loaded(makeTitle(1))] }));
    const bytes = await readFile(result.documents[0].path);
    expect(result.documents[0].bytes).toBe(bytes.length);
    expect(result.documents[0].sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('maps every key value so that it reads back unchanged, including &, <, accents and CJK', async () => {
    const tricky = makeTitle(7, {
      title: { text: 'Fish & Chips <and> "More"', subtitle: 'Crème brûlée à la française' },
      contributors: [
        { roles: ['A01', 'A12'], name: '村上 春樹', namesBeforeKey: '春樹', keyNames: '村上' },
        { roles: ['B06'], corporateName: 'Ünïcode & Söhne GmbH' },
      ],
      descriptions: { long: '<p>Tom &amp; Jerry say 1 &lt; 2 &amp; 3 &gt; 2 — 東京 &#233;</p>', short: 'Short & <sweet>' },
      subjects: { bisac: ['FIC019000'], thema: ['1DDU-GB-EC', 'FBA', 'DNT', '3MN'], keywords: ['tea & cake', 'café'] },
      asin: 'B000TEST01',
    });
    const result = await buildOnix(options({ titles: [loaded(tricky)] }));
    const xml = await text(result.documents[0].path);
    expect(await validateOnixText(xml, '3.1')).toEqual([]);
    const [p] = parseOnix(xml).products;
    expect(p.value('RecordReference')).toBe(tricky.isbn);
    expect(p.value('NotificationType')).toBe('03');
    expect(p.values('ProductIdentifier/IDValue')).toEqual([tricky.isbn, tricky.isbn, 'B000TEST01']);
    expect(p.values('ProductIdentifier/IDTypeName')).toEqual(['ASIN']);
    expect(p.value('DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix')).toBe('Fish & Chips <and> "More"');
    expect(p.values('DescriptiveDetail/TitleDetail/TitleElement/TitlePrefix')).toEqual([]);
    expect(p.value('DescriptiveDetail/TitleDetail/TitleElement/Subtitle')).toBe('Crème brûlée à la française');
    expect(p.values('DescriptiveDetail/Contributor/PersonName')).toEqual(['村上 春樹']);
    expect(p.values('DescriptiveDetail/Contributor/KeyNames')).toEqual(['村上']);
    expect(p.values('DescriptiveDetail/Contributor/CorporateName')).toEqual(['Ünïcode & Söhne GmbH']);
    expect(p.values('DescriptiveDetail/Contributor/ContributorRole')).toEqual(['A01', 'A12', 'B06']);
    expect(p.values('DescriptiveDetail/Contributor/SequenceNumber')).toEqual(['1', '2']);
    expect(p.values('CollateralDetail/TextContent/Text')).toEqual(['Tom & Jerry say 1 < 2 & 3 > 2 — 東京 é', 'Short & <sweet>']);
    expect(p.values('DescriptiveDetail/Subject/SubjectHeadingText')).toEqual(['tea & cake;café']);
    expect(p.values('DescriptiveDetail/Subject/SubjectCode')).toEqual(['FIC019000', '1DDU-GB-EC', 'FBA', 'DNT', '3MN']);
    expect(p.values('DescriptiveDetail/Subject/SubjectSchemeIdentifier')).toEqual(['10', '94', '93', '93', '96', '20']);
    // MainSubject on the first BISAC and the first Thema subject category (not on a qualifier).
    expect(xml).toContain('<Subject><MainSubject/><SubjectSchemeIdentifier>93</SubjectSchemeIdentifier><SubjectCode>FBA</SubjectCode>');
    expect(p.values('DescriptiveDetail/Subject/MainSubject')).toHaveLength(2);
    expect(p.value('PublishingDetail/PublishingDate/Date')).toBe('20250315');
    expect(p.value('PublishingDetail/PublishingStatus')).toBe('04');
    expect(p.values('ProductSupply/MarketReference')).toEqual(['us', 'ca']);
    expect(p.values('ProductSupply/SupplyDetail/Price/PriceAmount')).toEqual(['27.99', '34.99']);
    expect(p.values('ProductSupply/SupplyDetail/Price/CurrencyCode')).toEqual(['USD', 'CAD']);
    expect(p.values('ProductSupply/SupplyDetail/Price/PriceType')).toEqual(['01', '01']);
    expect(p.values('ProductSupply/SupplyDetail/SupplyDate/Date')).toEqual(['20250301']);
    expect(p.values('ProductSupply/SupplyDetail/Supplier/SupplierName')).toEqual(['Example Press Distribution', 'Example Distribution CA']);
    expect(p.values('ProductSupply/SupplyDetail/ProductAvailability')).toEqual(['20', '21']);
    expect(p.values('RelatedMaterial/RelatedProduct/ProductRelationCode')).toEqual(['27']);
  });

  it('writes forthcoming titles as advance notices (02) when the tenant asks for it', async () => {
    const title = makeTitle(1, { publishingStatus: 'forthcoming', publicationDate: '2027-05-01' });
    const plain = await buildOnix(options({ titles: [loaded(title)] }));
    expect(parseOnix(await text(plain.documents[0].path)).products[0].value('NotificationType')).toBe('03');
    await rm(plain.documents[0].path);
    const advance = await buildOnix(options({ titles: [loaded(title)], tenant: makeTenant({ onix: { forthcomingAsAdvance: true } }) }));
    const [p] = parseOnix(await text(advance.documents[0].path)).products;
    expect(p.value('NotificationType')).toBe('02');
    expect(p.value('PublishingDetail/PublishingStatus')).toBe('02');
  });

  it('writes unpriced markets, NoContributor, NoPrefix and audiobook duration in a valid message', async () => {
    const title = makeTitle(1, {
      title: { text: 'Untitled Voices' },
      descriptions: { long: 'Plain text, no markup.' },
      contributors: [],
      productForm: 'AJ',
      productFormDetails: [],
      pages: undefined,
      durationMinutes: 615,
      supply: [{ market: 'world', countries: ['WORLD'], availability: 'available', prices: [], unpriced: 'free' }],
    });
    const result = await buildOnix(options({ titles: [loaded(title)] }));
    const xml = await text(result.documents[0].path);
    expect(await validateOnixText(xml, '3.1')).toEqual([]);
    const [p] = parseOnix(xml).products;
    expect(p.values('DescriptiveDetail/NoContributor')).toEqual(['']);
    expect(p.values('CollateralDetail/TextContent/Text')).toEqual(['Plain text, no markup.']);
    expect(p.values('DescriptiveDetail/TitleDetail/TitleElement/NoPrefix')).toEqual(['']);
    expect(p.values('DescriptiveDetail/Extent/ExtentType')).toEqual(['09']);
    expect(p.values('DescriptiveDetail/Extent/ExtentUnit')).toEqual(['05']);
    expect(p.value('ProductSupply/SupplyDetail/UnpricedItemType')).toBe('01');
    expect(p.value('ProductSupply/Market/Territory/RegionsIncluded')).toBe('WORLD');
  });

  it('writes deletions as NotificationType 05 records with DeletionText, in ISBN order with the titles', async () => {
    const deletion = { isbn: testIsbn(2), recordReference: `ref-${testIsbn(2)}` };
    const result = await buildOnix(options({ titles: [loaded(makeTitle(3)), loaded(makeTitle(1))], deletions: [deletion] }));
    expect(result.written).toBe(2);
    expect(result.deleted).toBe(1);
    const xml = await text(result.documents[0].path);
    expect(await validateOnixText(xml, '3.1')).toEqual([]);
    const products = parseOnix(xml).products;
    expect(products.map((p) => p.value('NotificationType'))).toEqual(['03', '05', '03']);
    expect(products[1].value('RecordReference')).toBe(deletion.recordReference);
    expect(products[1].value('ProductIdentifier/IDValue')).toBe(deletion.isbn);
    expect(products[1].value('DeletionText')).toBeTruthy();
    expect(products[1].values('DescriptiveDetail/ProductForm')).toEqual([]);
  });

  it('streams titles from an async iterable in ISBN order, merging deletions, like an array', async () => {
    async function* stream() {
      for (const n of [1, 3, 4]) yield loaded(makeTitle(n));
    }
    const deletions = [{ isbn: testIsbn(5), recordReference: testIsbn(5) }, { isbn: testIsbn(2), recordReference: testIsbn(2) }];
    const streamed = await buildOnix(options({ titles: stream(), deletions, outDir: path.join(outDir, 's') }));
    const fromArray = await buildOnix(options({ titles: [4, 1, 3].map((n) => loaded(makeTitle(n))), deletions, outDir: path.join(outDir, 'a') }));
    expect(streamed.documents[0].isbns).toEqual([1, 2, 3, 4, 5].map(testIsbn));
    expect(streamed.documents[0].sha256).toBe(fromArray.documents[0].sha256);
  });

  it('refuses a streamed source out of ISBN order and leaves no file behind', async () => {
    function* stream() {
      for (const n of [1, 3, 2]) yield loaded(makeTitle(n));
    }
    await expect(buildOnix(options({ titles: stream() }))).rejects.toThrow(TitleOrderError);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('writes a deletions-only message when no title changed', async () => {
    const result = await buildOnix(options({ deletions: [{ isbn: testIsbn(5), recordReference: testIsbn(5) }] }));
    expect(result.documents).toHaveLength(1);
    expect(result.written).toBe(0);
    expect(await validateOnixText(await text(result.documents[0].path), '3.1')).toEqual([]);
  });

  it('writes no document at all when there is nothing to send', async () => {
    const result = await buildOnix(options());
    expect(result.documents).toEqual([]);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('splits into complete, valid documents none of which is over maxFeedBytes', async () => {
    const titles = Array.from({ length: 12 }, (_, i) => loaded(makeTitle(i + 1)));
    const maxFeedBytes = 12_000;
    const result = await buildOnix(options({ titles, tenant: makeTenant({ maxFeedBytes }) }));
    expect(result.documents.length).toBeGreaterThan(2);
    expect(result.documents.map((d) => d.fileName)).toEqual(
      result.documents.map((_, i) => `example-press_onix31_amazon_20260102_030405_part${i + 1}.xml`),
    );
    expect(result.documents.flatMap((d) => d.isbns)).toEqual(titles.map((t) => t.title.isbn));
    for (const doc of result.documents) {
      const bytes = await readFile(doc.path);
      expect(bytes.length).toBe(doc.bytes);
      expect(bytes.length).toBeLessThanOrEqual(maxFeedBytes);
      const xml = bytes.toString('utf8');
      expect(await validateOnixText(xml, '3.1')).toEqual([]);
      expect(parseOnix(xml).products).toHaveLength(doc.products);
    }
    expect((await readdir(outDir)).sort()).toEqual(result.documents.map((d) => d.fileName).sort());
  });

  it('numbers each part of a split feed on from the given MessageNumber', async () => {
    const titles = Array.from({ length: 12 }, (_, i) => loaded(makeTitle(i + 1)));
    const result = await buildOnix(options({ titles, tenant: makeTenant({ maxFeedBytes: 12_000 }), messageNumber: 9 }));
    expect(result.documents.length).toBeGreaterThan(2);
    const numbers = result.documents.map((_, i) => 9 + i);
    expect(result.documents.map((d) => d.messageNumber)).toEqual(numbers);
    const inFiles = await Promise.all(result.documents.map(async (d) => Number(/<MessageNumber>(\d+)<\/MessageNumber>/.exec(await readFile(d.path, 'utf8'))![1])));
    expect(inFiles).toEqual(numbers);
  });

  it('holds back a title too large for any document and sends the rest', async () => {
    const huge = makeTitle(2, { descriptions: { long: `<p>${'word '.repeat(3000)}</p>` } });
    const result = await buildOnix(options({ titles: [loaded(makeTitle(1)), loaded(huge)], tenant: makeTenant({ maxFeedBytes: 12_000 }) }));
    expect(result.written).toBe(1);
    expect(result.heldBack).toEqual([{ isbn: huge.isbn, path: `catalog/example/titles/${huge.isbn}.yaml`, reason: expect.stringContaining('maxFeedBytes of 12000') }]);
  });

  it('writes ONIX 3.0 that the official 3.0 XSD accepts, without 3.1-only elements', async () => {
    const tenant = makeTenant({ onix: { version: '3.0' } });
    const result = await buildOnix(options({ tenant, titles: [loaded(makeTitle(1)), loaded(makeTitle(2))] }));
    expect(result.heldBack).toEqual([]);
    const [doc] = result.documents;
    expect(doc.fileName).toBe('example-press_onix30_amazon_20260102_030405.xml');
    const xml = await text(doc.path);
    expect(await validateOnixText(xml, '3.0')).toEqual([]);
    expect(await validateOnixText(xml, '3.1')).not.toEqual([]);
    const message = parseOnix(xml);
    expect(message.release).toBe('3.0');
    expect(message.namespace).toBe('http://ns.editeur.org/onix/3.0/reference');
    expect(xml).not.toContain('MarketReference');
  });

  it('is deterministic: same input, same bytes; another time changes only SentDateTime and the name', async () => {
    const titles = Array.from({ length: 5 }, (_, i) => loaded(makeTitle(5 - i)));
    const a = await buildOnix(options({ titles, outDir: path.join(outDir, 'a') }));
    const b = await buildOnix(options({ titles: [...titles].reverse(), outDir: path.join(outDir, 'b') }));
    expect(b.documents[0].sha256).toBe(a.documents[0].sha256);
    const later = await buildOnix(options({ titles, outDir: path.join(outDir, 'c'), now: new Date('2026-06-30T23:59:58Z') }));
    expect(later.documents[0].fileName).toBe('example-press_onix31_amazon_20260630_235958.xml');
    const withoutTime = (xml: string) => xml.replace(/<SentDateTime>\d{8}T\d{6}Z<\/SentDateTime>/, '');
    expect(withoutTime(await text(later.documents[0].path))).toBe(withoutTime(await text(a.documents[0].path)));
    expect(later.documents[0].sha256).not.toBe(a.documents[0].sha256);
  });

  it('fails clearly, writing nothing, when no title is valid', async () => {
    const bad = [makeTitle(1, { publicationDate: '2025-02-30' }), makeTitle(2, { productForm: 'QQ' })];
    const error = await buildOnix(options({ titles: bad.map(loaded) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NothingValidError);
    expect((error as Error).message).toContain(`catalog/example/titles/${bad[0].isbn}.yaml: publicationDate '2025-02-30' is not a real date`);
    expect((error as Error).message).toContain('ProductForm');
    expect(await readdir(outDir)).toEqual([]);
  });

  it('refuses a header the schema rejects, naming the tenant config', async () => {
    const tenant = makeTenant();
    tenant.sender = { ...tenant.sender, name: '' };
    await expect(buildOnix(options({ tenant, titles: [loaded(makeTitle(1))] }))).rejects.toThrow(OnixHeaderError);
    expect(await readdir(outDir)).toEqual([]);
  });
});
