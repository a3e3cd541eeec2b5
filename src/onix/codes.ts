/**
 * The friendly names of the title model (`src/catalog/title.ts`) mapped to ONIX code list values.
 * Tables are typed `Record<Name, code>` so that a name added to the model without a code fails the type check.
 */
import type {
  Availability,
  MeasureUnit,
  PriceType,
  PublishingStatus,
  Relation,
  SalesRightsType,
  UnpricedType,
} from '../catalog/title.ts';

/** ONIX List 64: publishing status. */
export const PUBLISHING_STATUS_CODES: Record<PublishingStatus, string> = {
  cancelled: '01',
  forthcoming: '02',
  'postponed-indefinitely': '03',
  active: '04',
  'no-longer-our-product': '05',
  'out-of-stock-indefinitely': '06',
  'out-of-print': '07',
  inactive: '08',
  'withdrawn-from-sale': '11',
};

/** ONIX List 65: product availability. */
export const AVAILABILITY_CODES: Record<Availability, string> = {
  'not-yet-available': '10',
  'awaiting-stock': '11',
  available: '20',
  'in-stock': '21',
  'to-order': '22',
  'print-on-demand': '23',
  'temporarily-unavailable': '30',
  'out-of-stock': '31',
  reprinting: '32',
  'not-available': '40',
  'replaced-by-new-product': '41',
  'no-longer-supplied': '43',
  'withdrawn-from-sale': '46',
  'contact-supplier': '99',
};

/** ONIX List 58: price type. */
export const PRICE_TYPE_CODES: Record<PriceType, string> = {
  'rrp-excluding-tax': '01',
  'rrp-including-tax': '02',
  'agency-excluding-tax': '41',
  'agency-including-tax': '42',
};

/** ONIX List 57: unpriced item type. */
export const UNPRICED_CODES: Record<UnpricedType, string> = {
  free: '01',
  'price-to-be-announced': '02',
  'not-sold-separately': '03',
  'contact-supplier': '04',
};

/** ONIX List 46: sales rights type. */
export const SALES_RIGHTS_CODES: Record<SalesRightsType, string> = {
  exclusive: '01',
  'non-exclusive': '02',
  'not-for-sale': '03',
};

/** ONIX List 51: product relation code. */
export const RELATION_CODES: Record<Relation, string> = {
  replaces: '03',
  'replaced-by': '05',
  'alternative-format': '06',
  'epublication-based-on': '13',
  'electronic-version-available-as': '27',
};

/**
 * ONIX List 166: the supply date a title's `onSaleDate` is sent as. Retailers read the on-sale date as the sales
 * embargo date (02: retail sales and fulfilment of pre-orders allowed from), not 08 (expected stock date).
 */
export const ON_SALE_SUPPLY_DATE_ROLE = '02';

/** ONIX List 48: measure type, by the key of `Title.measures`. */
export const MEASURE_TYPE_CODES = { height: '01', width: '02', thickness: '03', weight: '08' } as const;

/** ONIX List 50: measure unit; the model's unit names are the ONIX codes themselves. */
export const MEASURE_UNIT_CODES: Record<MeasureUnit, string> = {
  mm: 'mm',
  cm: 'cm',
  in: 'in',
  gr: 'gr',
  kg: 'kg',
  oz: 'oz',
  lb: 'lb',
};

/** ONIX List 1: notification types this writer emits. */
export const NOTIFICATION = { advance: '02', confirmed: '03', delete: '05' } as const;

/** ONIX List 27: subject schemes this writer emits (Thema qualifiers use 94-99, see product.ts). */
export const SUBJECT_SCHEME = { bisac: '10', keywords: '20', thema: '93' } as const;
