/**
 * The parts of a title the attribute table can draw on. Each source turns a title into zero or more records of
 * named fields; the table's template for an attribute turns each record into one Amazon value. A source returning
 * no records means the attribute is left out for that title (or that marketplace).
 */
import type { Availability, PriceType, Supply, Title } from '../../catalog/title.ts';
import type { ListingsSettings } from '../../config/tenant.ts';
import type { Marketplace } from '../regions.ts';
import { xhtmlToText } from './plain-text.ts';

/** What the mapping needs of a marketplace. */
export type ListingsMarketplace = Pick<Marketplace, 'id' | 'countryCode' | 'currency'>;

export interface SourceContext {
  settings: ListingsSettings;
  /** Every marketplace the feed goes to. */
  marketplaces: ListingsMarketplace[];
  /** The marketplace a per-marketplace attribute is being made for. */
  marketplace?: ListingsMarketplace;
}

export type SourceRecord = Record<string, string | number>;
type Source = (title: Title, context: SourceContext) => SourceRecord[];

/** Availabilities under which a quantity is offered; anything else offers 0. */
const ORDERABLE: ReadonlySet<Availability> = new Set(['available', 'in-stock', 'to-order', 'print-on-demand']);

/** A consumer list price includes tax where there is VAT, so an including-tax RRP is the better match. */
const PRICE_PREFERENCE: PriceType[] = ['rrp-including-tax', 'rrp-excluding-tax', 'agency-including-tax', 'agency-excluding-tax'];

const SOURCES = {
  always: () => [{}],
  isbn: (title) => [{ isbn: title.isbn }],
  asin: (title) => (title.asin ? [{ asin: title.asin }] : []),
  title: (title) => [{ title: fullTitle(title) }],
  contributors: (title) =>
    title.contributors.flatMap((c) => {
      const name = c.name ?? c.corporateName;
      return name ? c.roles.map((role) => ({ name, role })) : [];
    }),
  publisher: (title) => [{ publisher: title.publisher.name, imprint: title.publisher.imprint ?? title.publisher.name }],
  language: (title) => [
    { language: title.language, type: 'published' },
    ...(title.originalLanguage && title.originalLanguage !== title.language
      ? [{ language: title.originalLanguage, type: 'original' }]
      : []),
  ],
  productForm: (title) => [{ form: title.productForm }],
  publicationDate: (title) => (title.publicationDate ? [{ date: title.publicationDate }] : []),
  edition: (title) => {
    const edition = title.edition?.statement ?? (title.edition?.number === undefined ? undefined : String(title.edition.number));
    return edition ? [{ edition }] : [];
  },
  pages: (title) => (title.pages ? [{ pages: title.pages }] : []),
  description: (title) => {
    const text = title.descriptions.long ? xhtmlToText(title.descriptions.long) : title.descriptions.short;
    return text ? [{ description: text }] : [];
  },
  keywords: (title) => (title.subjects.keywords.length > 0 ? [{ keywords: title.subjects.keywords.join(' ') }] : []),
  bisac: (title) => title.subjects.bisac.map((code) => ({ code })),
  thema: (title) => title.subjects.thema.map((code) => ({ code })),
  cover: (title) => (title.cover ? [{ url: title.cover }] : []),
  listPrice: (title, { marketplace }) => {
    const price = marketplace && listPriceFor(title, marketplace);
    return price ? [price] : [];
  },
  quantity: (title, { settings, marketplaces }) => {
    if (settings.quantity === undefined) return [];
    const supply = marketplaces.map((m) => supplyFor(title, m.countryCode)).find((s) => s !== undefined);
    if (!supply) return [];
    return [{ quantity: ORDERABLE.has(supply.availability) ? settings.quantity : 0 }];
  },
} satisfies Record<string, Source>;

/** The name of a source, as the attribute table writes it. */
export type SourceName = keyof typeof SOURCES;

/** Sources whose records differ per marketplace (the rest are made once per title and shared). */
export const MARKETPLACE_SOURCES: ReadonlySet<SourceName> = new Set(['listPrice']);

/** Every source name (the table's JSON Schema enumerates the same list; a test keeps them in step). */
export const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];

/** The records `source` yields for `title`. */
export function sourceRecords(source: SourceName, title: Title, context: SourceContext): SourceRecord[] {
  return (SOURCES[source] as Source)(title, context);
}

function fullTitle(title: Title): string {
  const main = title.title.prefix ? `${title.title.prefix} ${title.title.text}` : title.title.text;
  return title.title.subtitle ? `${main}: ${title.title.subtitle}` : main;
}

/** The supply entry whose market covers `country` (or the world). */
export function supplyFor(title: Title, country: string): Supply | undefined {
  return (
    title.supply.find((s) => s.countries.includes(country)) ?? title.supply.find((s) => s.countries.includes('WORLD'))
  );
}

/** The list price a marketplace shows: from the supply entry covering its country, in its currency. */
export function listPriceFor(title: Title, marketplace: ListingsMarketplace): { amount: number; currency: string } | undefined {
  const supply = supplyFor(title, marketplace.countryCode);
  if (!supply) return undefined;
  const candidates = supply.prices.filter(
    (p) => p.currency === marketplace.currency && (!p.countries || p.countries.includes(marketplace.countryCode)),
  );
  candidates.sort((a, b) => PRICE_PREFERENCE.indexOf(a.type) - PRICE_PREFERENCE.indexOf(b.type));
  const best = candidates[0];
  return best && { amount: best.amount, currency: best.currency };
}
