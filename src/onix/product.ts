/**
 * Title -> `<Product>` in reference tags, in the XSD's element order. This is the hot path of every build, so it
 * concatenates template strings with one escape function instead of building a tree (see docs in issue 3:
 * xmlbuilder2 measured far too slow for 100k-title catalogs). Inputs are assumed to have passed `checkTitle`.
 *
 * Descriptions and biographies are the title model's XHTML subset (checked by `xhtmlProblem`): well-formed, no
 * attributes, no namespace. Copied verbatim into `<Text textformat="05">`, their elements take the message's default
 * namespace, which is what ONIX requires (XHTML in the ONIX namespace, not the W3C one).
 */
import type { Contributor, Measure, Price, SalesRights, Supply, Title, UnpricedType } from '../catalog/title.ts';
import {
  AVAILABILITY_CODES,
  MEASURE_TYPE_CODES,
  MEASURE_UNIT_CODES,
  NOTIFICATION,
  ON_SALE_SUPPLY_DATE_ROLE,
  PRICE_TYPE_CODES,
  PUBLISHING_STATUS_CODES,
  RELATION_CODES,
  SALES_RIGHTS_CODES,
  SUBJECT_SCHEME,
  UNPRICED_CODES,
} from './codes.ts';
import { onixDate } from './dates.ts';
import { escapeXml as x } from './escape.ts';
import type { OnixRelease } from './version.ts';

/** What a product needs from the tenant besides the title. */
export interface ProductContext {
  release: OnixRelease;
  /** Default supplier of every SupplyDetail, unless the market overrides it. */
  supplier: { name: string; gln?: string };
  /** Send forthcoming titles as NotificationType 02 instead of 03. */
  forthcomingAsAdvance: boolean;
}

/** The `<Product>` element for one title (a complete record, NotificationType 03 or 02). */
export function productXml(title: Title, ctx: ProductContext): string {
  const notification =
    ctx.forthcomingAsAdvance && title.publishingStatus === 'forthcoming' ? NOTIFICATION.advance : NOTIFICATION.confirmed;
  return (
    `<Product><RecordReference>${x(title.recordReference)}</RecordReference><NotificationType>${notification}</NotificationType>` +
    identifiersXml(title) +
    descriptiveDetailXml(title) +
    collateralDetailXml(title) +
    publishingDetailXml(title) +
    relatedMaterialXml(title) +
    productSupplyXml(title, ctx) +
    '</Product>\n'
  );
}

/** A NotificationType 05 record: withdraws a record that is no longer in the catalog. */
export function deletionXml(isbn: string, recordReference: string): string {
  return (
    `<Product><RecordReference>${x(recordReference)}</RecordReference><NotificationType>${NOTIFICATION.delete}</NotificationType>` +
    `<DeletionText>Removed from the publisher's catalog</DeletionText>` +
    `<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>${x(isbn)}</IDValue></ProductIdentifier></Product>\n`
  );
}

function identifiersXml(title: Title): string {
  const isbn = x(title.isbn);
  let s =
    `<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>${isbn}</IDValue></ProductIdentifier>` +
    `<ProductIdentifier><ProductIDType>03</ProductIDType><IDValue>${isbn}</IDValue></ProductIdentifier>`;
  if (title.asin) {
    s += `<ProductIdentifier><ProductIDType>01</ProductIDType><IDTypeName>ASIN</IDTypeName><IDValue>${x(title.asin)}</IDValue></ProductIdentifier>`;
  }
  return s;
}

function measureXml(type: keyof typeof MEASURE_TYPE_CODES, measure: Measure | undefined): string {
  if (!measure) return '';
  return `<Measure><MeasureType>${MEASURE_TYPE_CODES[type]}</MeasureType><Measurement>${measure.value}</Measurement><MeasureUnitCode>${MEASURE_UNIT_CODES[measure.unit]}</MeasureUnitCode></Measure>`;
}

function titleElementXml(level: '01' | '02', text: string, prefix?: string, subtitle?: string, partNumber?: string): string {
  let s = `<TitleElement><TitleElementLevel>${level}</TitleElementLevel>`;
  if (partNumber) s += `<PartNumber>${x(partNumber)}</PartNumber>`;
  s += prefix ? `<TitlePrefix>${x(prefix)}</TitlePrefix>` : '<NoPrefix/>';
  s += `<TitleWithoutPrefix>${x(text)}</TitleWithoutPrefix>`;
  if (subtitle) s += `<Subtitle>${x(subtitle)}</Subtitle>`;
  return s + '</TitleElement>';
}

function contributorXml(c: Contributor, sequence: number): string {
  let s = `<Contributor><SequenceNumber>${sequence}</SequenceNumber>`;
  for (const role of c.roles) s += `<ContributorRole>${x(role)}</ContributorRole>`;
  if (c.isni) s += `<NameIdentifier><NameIDType>16</NameIDType><IDValue>${x(c.isni)}</IDValue></NameIdentifier>`;
  if (c.name) {
    s += `<PersonName>${x(c.name)}</PersonName>`;
    if (c.keyNames) {
      if (c.namesBeforeKey) s += `<NamesBeforeKey>${x(c.namesBeforeKey)}</NamesBeforeKey>`;
      s += `<KeyNames>${x(c.keyNames)}</KeyNames>`;
    }
  } else if (c.corporateName) {
    s += `<CorporateName>${x(c.corporateName)}</CorporateName>`;
  }
  if (c.biography) s += `<BiographicalNote textformat="05">${c.biography}</BiographicalNote>`;
  return s + '</Contributor>';
}

function subjectXml(scheme: string, code: string, main: boolean): string {
  return `<Subject>${main ? '<MainSubject/>' : ''}<SubjectSchemeIdentifier>${scheme}</SubjectSchemeIdentifier><SubjectCode>${x(code)}</SubjectCode></Subject>`;
}

/**
 * Thema qualifiers have their own schemes (List 27): a leading 1-6 means place (94), language (95), time period (96),
 * educational purpose (97), interest age (98) or style (99); subject categories (letters) are 93.
 */
function themaScheme(code: string): string {
  const digit = code.charCodeAt(0) - 48;
  return digit >= 1 && digit <= 6 ? String(93 + digit) : SUBJECT_SCHEME.thema;
}

function descriptiveDetailXml(t: Title): string {
  let s = `<DescriptiveDetail><ProductComposition>00</ProductComposition><ProductForm>${x(t.productForm)}</ProductForm>`;
  for (const detail of t.productFormDetails) s += `<ProductFormDetail>${x(detail)}</ProductFormDetail>`;
  s +=
    measureXml('height', t.measures.height) +
    measureXml('width', t.measures.width) +
    measureXml('thickness', t.measures.thickness) +
    measureXml('weight', t.measures.weight);
  if (t.collection) {
    s += `<Collection><CollectionType>10</CollectionType><TitleDetail><TitleType>01</TitleType>${titleElementXml('02', t.collection.title, undefined, undefined, t.collection.number)}</TitleDetail></Collection>`;
  }
  s += `<TitleDetail><TitleType>01</TitleType>${titleElementXml('01', t.title.text, t.title.prefix, t.title.subtitle)}</TitleDetail>`;
  if (t.contributors.length === 0) s += '<NoContributor/>';
  for (let i = 0; i < t.contributors.length; i++) s += contributorXml(t.contributors[i], i + 1);
  if (t.edition?.number !== undefined) s += `<EditionNumber>${t.edition.number}</EditionNumber>`;
  if (t.edition?.statement) s += `<EditionStatement>${x(t.edition.statement)}</EditionStatement>`;
  s += `<Language><LanguageRole>01</LanguageRole><LanguageCode>${x(t.language)}</LanguageCode></Language>`;
  if (t.originalLanguage) {
    s += `<Language><LanguageRole>02</LanguageRole><LanguageCode>${x(t.originalLanguage)}</LanguageCode></Language>`;
  }
  if (t.pages !== undefined) s += `<Extent><ExtentType>00</ExtentType><ExtentValue>${t.pages}</ExtentValue><ExtentUnit>03</ExtentUnit></Extent>`;
  if (t.durationMinutes !== undefined) {
    s += `<Extent><ExtentType>09</ExtentType><ExtentValue>${t.durationMinutes}</ExtentValue><ExtentUnit>05</ExtentUnit></Extent>`;
  }
  const { bisac, thema, keywords } = t.subjects;
  for (let i = 0; i < bisac.length; i++) s += subjectXml(SUBJECT_SCHEME.bisac, bisac[i], i === 0);
  let themaMain = true;
  for (const code of thema) {
    const scheme = themaScheme(code);
    s += subjectXml(scheme, code, themaMain && scheme === SUBJECT_SCHEME.thema);
    if (scheme === SUBJECT_SCHEME.thema) themaMain = false;
  }
  if (keywords.length > 0) {
    s += `<Subject><SubjectSchemeIdentifier>${SUBJECT_SCHEME.keywords}</SubjectSchemeIdentifier><SubjectHeadingText>${x(keywords.join(';'))}</SubjectHeadingText></Subject>`;
  }
  return s + '</DescriptiveDetail>';
}

function collateralDetailXml(t: Title): string {
  const { long, short } = t.descriptions;
  if (!long && !short && !t.cover) return '';
  let s = '<CollateralDetail>';
  if (long) {
    s += `<TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience><Text textformat="05">${long}</Text></TextContent>`;
  }
  if (short) {
    s += `<TextContent><TextType>02</TextType><ContentAudience>00</ContentAudience><Text textformat="06">${x(short)}</Text></TextContent>`;
  }
  if (t.cover) {
    s +=
      '<SupportingResource><ResourceContentType>01</ResourceContentType><ContentAudience>00</ContentAudience><ResourceMode>03</ResourceMode>' +
      `<ResourceVersion><ResourceForm>02</ResourceForm><ResourceLink>${x(t.cover)}</ResourceLink></ResourceVersion></SupportingResource>`;
  }
  return s + '</CollateralDetail>';
}

/** Two-letter codes are countries (ISO 3166-1); anything else (WORLD, ECZ, GB-EWS) is an ONIX region (List 49). */
function territoryXml(places: readonly string[]): string {
  let countries = '';
  let regions = '';
  for (const place of places) {
    if (place.length === 2) countries += (countries ? ' ' : '') + place;
    else regions += (regions ? ' ' : '') + place;
  }
  return (
    '<Territory>' +
    (countries ? `<CountriesIncluded>${x(countries)}</CountriesIncluded>` : '') +
    (regions ? `<RegionsIncluded>${x(regions)}</RegionsIncluded>` : '') +
    '</Territory>'
  );
}

function salesRightsXml(rights: SalesRights): string {
  const places = [...(rights.countries ?? []), ...(rights.regions ?? [])];
  return `<SalesRights><SalesRightsType>${SALES_RIGHTS_CODES[rights.type]}</SalesRightsType>${territoryXml(places.length > 0 ? places : ['WORLD'])}</SalesRights>`;
}

function publishingDetailXml(t: Title): string {
  let s = '<PublishingDetail>';
  if (t.publisher.imprint) s += `<Imprint><ImprintName>${x(t.publisher.imprint)}</ImprintName></Imprint>`;
  s += `<Publisher><PublishingRole>01</PublishingRole><PublisherName>${x(t.publisher.name)}</PublisherName></Publisher>`;
  s += `<PublishingStatus>${PUBLISHING_STATUS_CODES[t.publishingStatus]}</PublishingStatus>`;
  if (t.publicationDate) {
    s += `<PublishingDate><PublishingDateRole>01</PublishingDateRole><Date>${onixDate(t.publicationDate)}</Date></PublishingDate>`;
  }
  for (const rights of t.salesRights) s += salesRightsXml(rights);
  return s + '</PublishingDetail>';
}

function relatedMaterialXml(t: Title): string {
  if (t.related.length === 0) return '';
  let s = '<RelatedMaterial>';
  for (const r of t.related) {
    s += `<RelatedProduct><ProductRelationCode>${RELATION_CODES[r.relation]}</ProductRelationCode><ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>${x(r.isbn)}</IDValue></ProductIdentifier></RelatedProduct>`;
  }
  return s + '</RelatedMaterial>';
}

/** Format of every PriceAmount: two decimals, never exponent notation. */
export function priceAmount(amount: number): string {
  return amount.toFixed(2);
}

function priceXml(p: Price): string {
  return (
    `<Price><PriceType>${PRICE_TYPE_CODES[p.type]}</PriceType><PriceAmount>${priceAmount(p.amount)}</PriceAmount><CurrencyCode>${x(p.currency)}</CurrencyCode>` +
    (p.countries && p.countries.length > 0 ? territoryXml(p.countries) : '') +
    '</Price>'
  );
}

function supplyXml(supply: Supply, ctx: ProductContext): string {
  const supplier = supply.supplier ?? ctx.supplier;
  // 01 publisher to resellers for the tenant itself; a named override is a distributor acting for it.
  const role = supply.supplier ? '03' : '01';
  let s = '<ProductSupply>';
  if (ctx.release.marketReference) s += `<MarketReference>${x(supply.market)}</MarketReference>`;
  s += `<Market>${territoryXml(supply.countries)}</Market><SupplyDetail><Supplier><SupplierRole>${role}</SupplierRole>`;
  if (supplier.gln) s += `<SupplierIdentifier><SupplierIDType>06</SupplierIDType><IDValue>${x(supplier.gln)}</IDValue></SupplierIdentifier>`;
  s += `<SupplierName>${x(supplier.name)}</SupplierName></Supplier><ProductAvailability>${AVAILABILITY_CODES[supply.availability]}</ProductAvailability>`;
  if (supply.onSaleDate) s += `<SupplyDate><SupplyDateRole>${ON_SALE_SUPPLY_DATE_ROLE}</SupplyDateRole><Date>${onixDate(supply.onSaleDate)}</Date></SupplyDate>`;
  if (supply.prices.length > 0) for (const price of supply.prices) s += priceXml(price);
  // checkTitle holds back a market with neither prices nor `unpriced`.
  else s += `<UnpricedItemType>${UNPRICED_CODES[supply.unpriced as UnpricedType]}</UnpricedItemType>`;
  return s + '</SupplyDetail></ProductSupply>';
}

function productSupplyXml(t: Title, ctx: ProductContext): string {
  let s = '';
  for (const supply of t.supply) s += supplyXml(supply, ctx);
  return s;
}
