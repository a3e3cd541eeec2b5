/**
 * The title model: one book product as the publisher keeps it in `catalog/<tenant>/titles/<isbn13>.yaml|json`.
 *
 * This is the normalised, validated shape every other part (ONIX mapping, listings mapping, selection) works on.
 * The JSON Schema for the file is `config/title.schema.json`; keep the two in step.
 *
 * Coded values use friendly names where ONIX codes are digit strings (a YAML `04` would silently become the number 4),
 * and ONIX's own codes where they are letters (ProductForm `BB`, ContributorRole `A01`), which metadata teams know.
 * The friendly names are mapped to ONIX codes in `src/onix/codes.ts`.
 */

/** ONIX List 64, by name. */
export const PUBLISHING_STATUSES = [
  'cancelled',
  'forthcoming',
  'postponed-indefinitely',
  'active',
  'no-longer-our-product',
  'out-of-stock-indefinitely',
  'out-of-print',
  'inactive',
  'withdrawn-from-sale',
] as const;
export type PublishingStatus = (typeof PUBLISHING_STATUSES)[number];

/** ONIX List 65, by name. */
export const AVAILABILITIES = [
  'not-yet-available',
  'awaiting-stock',
  'available',
  'in-stock',
  'to-order',
  'print-on-demand',
  'temporarily-unavailable',
  'out-of-stock',
  'reprinting',
  'not-available',
  'replaced-by-new-product',
  'no-longer-supplied',
  'withdrawn-from-sale',
  'contact-supplier',
] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** ONIX List 58, by name (the price types a publisher sends to a retailer). */
export const PRICE_TYPES = ['rrp-excluding-tax', 'rrp-including-tax', 'agency-excluding-tax', 'agency-including-tax'] as const;
export type PriceType = (typeof PRICE_TYPES)[number];

/** ONIX List 57, by name: used instead of prices. */
export const UNPRICED_TYPES = ['free', 'price-to-be-announced', 'not-sold-separately', 'contact-supplier'] as const;
export type UnpricedType = (typeof UNPRICED_TYPES)[number];

/** ONIX List 46, by name. */
export const SALES_RIGHTS_TYPES = ['exclusive', 'non-exclusive', 'not-for-sale'] as const;
export type SalesRightsType = (typeof SALES_RIGHTS_TYPES)[number];

/** ONIX List 51, by name: the relations a title file can state to another product. */
export const RELATIONS = ['alternative-format', 'epublication-based-on', 'electronic-version-available-as', 'replaces', 'replaced-by'] as const;
export type Relation = (typeof RELATIONS)[number];

export const MEASURE_UNITS = ['mm', 'cm', 'in', 'gr', 'kg', 'oz', 'lb'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];

export interface Measure {
  value: number;
  unit: MeasureUnit;
}

export interface TitleName {
  /** Leading article kept apart for sorting ("The"); absent means NoPrefix. */
  prefix?: string;
  text: string;
  subtitle?: string;
}

export interface Contributor {
  /** ONIX List 17 codes, e.g. A01 author, B06 translator, E07 reader. */
  roles: string[];
  /** The name as printed (ONIX PersonName; Amazon requires it). Absent only with corporateName. */
  name?: string;
  namesBeforeKey?: string;
  keyNames?: string;
  corporateName?: string;
  /** Biography, XHTML subset like descriptions. */
  biography?: string;
  isni?: string;
}

export interface Price {
  amount: number;
  /** ISO 4217, upper case. */
  currency: string;
  type: PriceType;
  /** Countries (ISO 3166-1 alpha-2) the price applies in; absent means the whole market. */
  countries?: string[];
}

export interface Supply {
  /** MarketReference: a short, persistent label unique within the title, e.g. "us". */
  market: string;
  /** Countries of the market (ISO 3166-1 alpha-2) or the region WORLD. */
  countries: string[];
  availability: Availability;
  /** Overrides the tenant's default supplier. */
  supplier?: { name: string; gln?: string };
  /** On-sale date in this market, YYYY-MM-DD: sent as the sales embargo date (SupplyDateRole 02). */
  onSaleDate?: string;
  prices: Price[];
  /** Used when there are no prices. */
  unpriced?: UnpricedType;
}

export interface SalesRights {
  type: SalesRightsType;
  countries?: string[];
  regions?: string[];
}

export interface RelatedProduct {
  relation: Relation;
  isbn: string;
}

export interface Title {
  isbn: string;
  /** ONIX RecordReference; defaults to the ISBN (Amazon asks for at most 32 characters). */
  recordReference: string;
  /** Amazon's id for the product, when Amazon has assigned one (sent as a proprietary identifier). */
  asin?: string;
  /** ONIX List 150, e.g. BB hardback, BC paperback, ED digital download, AJ downloadable audio. */
  productForm: string;
  /** ONIX List 175, e.g. E101 EPUB, B102 trade paperback. */
  productFormDetails: string[];
  title: TitleName;
  collection?: { title: string; number?: string };
  /** Empty means NoContributor. */
  contributors: Contributor[];
  edition?: { number?: number; statement?: string };
  /** ISO 639-2/B code of the text, e.g. eng, fre, ger, jpn. */
  language: string;
  originalLanguage?: string;
  pages?: number;
  /** Running time of an audiobook. */
  durationMinutes?: number;
  subjects: {
    /** BISAC codes; the first is the main subject. */
    bisac: string[];
    /** Thema codes; the first is the main subject. */
    thema: string[];
    keywords: string[];
  };
  descriptions: {
    /** Long description, XHTML subset (p, br, em, strong, b, i, ul, ol, li). */
    long?: string;
    /** Plain text, at most 350 characters. */
    short?: string;
  };
  /** https URL of the front cover image. */
  cover?: string;
  measures: { height?: Measure; width?: Measure; thickness?: Measure; weight?: Measure };
  publisher: { name: string; imprint?: string };
  publishingStatus: PublishingStatus;
  /** YYYY-MM-DD. */
  publicationDate?: string;
  salesRights: SalesRights[];
  related: RelatedProduct[];
  supply: Supply[];
}

/** Where a title came from: needed for error messages and for git-based change detection. */
export interface TitleSource {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  format: 'yaml' | 'json';
}

export interface LoadedTitle {
  title: Title;
  source: TitleSource;
}
