/**
 * The DOM reference of the ONIX build benchmark: the same products built as one xmlbuilder2 tree each and serialised.
 * (Folded in from the former `scripts/bench-onix.ts`.)
 */
import { fragment } from 'xmlbuilder2';
import type { Title } from '../../src/catalog/title.ts';
import {
  AVAILABILITY_CODES,
  MEASURE_TYPE_CODES,
  PRICE_TYPE_CODES,
  PUBLISHING_STATUS_CODES,
  RELATION_CODES,
  SALES_RIGHTS_CODES,
} from '../../src/onix/codes.ts';
import { BENCH_ONIX_TENANT } from './onix-input.ts';

type XMLBuilder = ReturnType<typeof fragment>;

function leaf(parent: XMLBuilder, name: string, text: string | number): void {
  parent.ele(name).txt(String(text));
}

function domTerritory(parent: XMLBuilder, places: string[]): void {
  const territory = parent.ele('Territory');
  const countries = places.filter((p) => p.length === 2).join(' ');
  const regions = places.filter((p) => p.length !== 2).join(' ');
  if (countries) leaf(territory, 'CountriesIncluded', countries);
  if (regions) leaf(territory, 'RegionsIncluded', regions);
}

/** One product as an xmlbuilder2 tree, serialised. */
export function domProduct(t: Title): string {
  const doc = fragment();
  const p = doc.ele('Product');
  leaf(p, 'RecordReference', t.recordReference);
  leaf(p, 'NotificationType', '03');
  for (const type of ['15', '03']) {
    const id = p.ele('ProductIdentifier');
    leaf(id, 'ProductIDType', type);
    leaf(id, 'IDValue', t.isbn);
  }
  const d = p.ele('DescriptiveDetail');
  leaf(d, 'ProductComposition', '00');
  leaf(d, 'ProductForm', t.productForm);
  for (const detail of t.productFormDetails) leaf(d, 'ProductFormDetail', detail);
  for (const k of ['height', 'width', 'thickness', 'weight'] as const) {
    const v = t.measures[k];
    if (!v) continue;
    const m = d.ele('Measure');
    leaf(m, 'MeasureType', MEASURE_TYPE_CODES[k]);
    leaf(m, 'Measurement', v.value);
    leaf(m, 'MeasureUnitCode', v.unit);
  }
  if (t.collection) {
    const te = d.ele('Collection').ele('CollectionType').txt('10').up().ele('TitleDetail').ele('TitleType').txt('01').up().ele('TitleElement');
    leaf(te, 'TitleElementLevel', '02');
    if (t.collection.number) leaf(te, 'PartNumber', t.collection.number);
    te.ele('NoPrefix');
    leaf(te, 'TitleWithoutPrefix', t.collection.title);
  }
  const te = d.ele('TitleDetail').ele('TitleType').txt('01').up().ele('TitleElement');
  leaf(te, 'TitleElementLevel', '01');
  if (t.title.prefix) leaf(te, 'TitlePrefix', t.title.prefix);
  else te.ele('NoPrefix');
  leaf(te, 'TitleWithoutPrefix', t.title.text);
  if (t.title.subtitle) leaf(te, 'Subtitle', t.title.subtitle);
  if (t.contributors.length === 0) d.ele('NoContributor');
  t.contributors.forEach((c, i) => {
    const e = d.ele('Contributor');
    leaf(e, 'SequenceNumber', i + 1);
    for (const role of c.roles) leaf(e, 'ContributorRole', role);
    if (c.name) {
      leaf(e, 'PersonName', c.name);
      if (c.keyNames) {
        if (c.namesBeforeKey) leaf(e, 'NamesBeforeKey', c.namesBeforeKey);
        leaf(e, 'KeyNames', c.keyNames);
      }
    } else if (c.corporateName) leaf(e, 'CorporateName', c.corporateName);
    if (c.biography) e.ele('BiographicalNote', { textformat: '05' }).import(fragment(c.biography));
  });
  const lang = d.ele('Language');
  leaf(lang, 'LanguageRole', '01');
  leaf(lang, 'LanguageCode', t.language);
  if (t.originalLanguage) {
    const orig = d.ele('Language');
    leaf(orig, 'LanguageRole', '02');
    leaf(orig, 'LanguageCode', t.originalLanguage);
  }
  for (const [type, value, unit] of [['00', t.pages, '03'], ['09', t.durationMinutes, '05']] as const) {
    if (value === undefined) continue;
    const x = d.ele('Extent');
    leaf(x, 'ExtentType', type);
    leaf(x, 'ExtentValue', value);
    leaf(x, 'ExtentUnit', unit);
  }
  for (const [scheme, codes] of [['10', t.subjects.bisac], ['93', t.subjects.thema]] as const) {
    codes.forEach((code, i) => {
      const s = d.ele('Subject');
      if (i === 0) s.ele('MainSubject');
      leaf(s, 'SubjectSchemeIdentifier', scheme);
      leaf(s, 'SubjectCode', code);
    });
  }
  if (t.subjects.keywords.length) {
    const s = d.ele('Subject');
    leaf(s, 'SubjectSchemeIdentifier', '20');
    leaf(s, 'SubjectHeadingText', t.subjects.keywords.join(';'));
  }
  const cd = p.ele('CollateralDetail');
  if (t.descriptions.long) {
    const tc = cd.ele('TextContent');
    leaf(tc, 'TextType', '03');
    leaf(tc, 'ContentAudience', '00');
    tc.ele('Text', { textformat: '05' }).import(fragment(t.descriptions.long));
  }
  if (t.descriptions.short) {
    const tc = cd.ele('TextContent');
    leaf(tc, 'TextType', '02');
    leaf(tc, 'ContentAudience', '00');
    tc.ele('Text', { textformat: '06' }).txt(t.descriptions.short);
  }
  if (t.cover) {
    const r = cd.ele('SupportingResource');
    leaf(r, 'ResourceContentType', '01');
    leaf(r, 'ContentAudience', '00');
    leaf(r, 'ResourceMode', '03');
    const v = r.ele('ResourceVersion');
    leaf(v, 'ResourceForm', '02');
    leaf(v, 'ResourceLink', t.cover);
  }
  const pd = p.ele('PublishingDetail');
  if (t.publisher.imprint) leaf(pd.ele('Imprint'), 'ImprintName', t.publisher.imprint);
  const pub = pd.ele('Publisher');
  leaf(pub, 'PublishingRole', '01');
  leaf(pub, 'PublisherName', t.publisher.name);
  leaf(pd, 'PublishingStatus', PUBLISHING_STATUS_CODES[t.publishingStatus]);
  if (t.publicationDate) {
    const date = pd.ele('PublishingDate');
    leaf(date, 'PublishingDateRole', '01');
    leaf(date, 'Date', t.publicationDate.replaceAll('-', ''));
  }
  for (const r of t.salesRights) {
    const sr = pd.ele('SalesRights');
    leaf(sr, 'SalesRightsType', SALES_RIGHTS_CODES[r.type]);
    domTerritory(sr, [...(r.countries ?? []), ...(r.regions ?? [])]);
  }
  if (t.related.length) {
    const rm = p.ele('RelatedMaterial');
    for (const r of t.related) {
      const rp = rm.ele('RelatedProduct');
      leaf(rp, 'ProductRelationCode', RELATION_CODES[r.relation]);
      const id = rp.ele('ProductIdentifier');
      leaf(id, 'ProductIDType', '15');
      leaf(id, 'IDValue', r.isbn);
    }
  }
  for (const s of t.supply) {
    const ps = p.ele('ProductSupply');
    leaf(ps, 'MarketReference', s.market);
    domTerritory(ps.ele('Market'), s.countries);
    const sd = ps.ele('SupplyDetail');
    const supplier = sd.ele('Supplier');
    leaf(supplier, 'SupplierRole', '01');
    leaf(supplier, 'SupplierName', BENCH_ONIX_TENANT.supplier.name);
    leaf(sd, 'ProductAvailability', AVAILABILITY_CODES[s.availability]);
    for (const price of s.prices) {
      const pr = sd.ele('Price');
      leaf(pr, 'PriceType', PRICE_TYPE_CODES[price.type]);
      leaf(pr, 'PriceAmount', price.amount.toFixed(2));
      leaf(pr, 'CurrencyCode', price.currency);
    }
  }
  return doc.end() + '\n';
}
