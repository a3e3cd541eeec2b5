/**
 * One title (or one deletion) as a JSON_LISTINGS_FEED message, without its messageId (which is its position in
 * the document it lands in).
 */
import type { Title } from '../../catalog/title.ts';
import { renderAttributes, type ListingsAttributes, type RenderContext } from './render.ts';

export type OperationType = 'UPDATE' | 'PARTIAL_UPDATE' | 'DELETE';

/** A listings message as Amazon's schema (listings-feed-schema-v2) describes it, minus messageId. */
export interface ListingsMessageBody {
  sku: string;
  operationType: OperationType;
  productType?: string;
  requirements?: 'LISTING' | 'LISTING_PRODUCT_ONLY';
  attributes?: ListingsAttributes;
}

/** Thrown when a title yields no attribute at all (e.g. `amazon.listings.attributes` names none that apply). */
export class EmptyListingError extends Error {
  override name = 'EmptyListingError';
}

/** The SKU for an ISBN: the tenant's template with `{isbn}` replaced (default template: the ISBN itself). */
export function skuFor(template: string, isbn: string): string {
  return template.replaceAll('{isbn}', isbn);
}

/**
 * The message for a live title. With the title as it was at the last successful feed (`previous`), a title whose
 * only change is offer data (prices, availability) is sent as a PARTIAL_UPDATE of the offer attributes; otherwise an
 * UPDATE carries every attribute (Amazon replaces the listing's attributes with exactly those sent).
 */
export function titleMessage(title: Title, context: RenderContext, previous?: Title): ListingsMessageBody {
  const sku = skuFor(context.settings.sku, title.isbn);
  const productType = context.table.productType;
  if (previous && onlyOfferDataChanged(previous, title)) {
    const attributes = renderAttributes(title, context, 'offer');
    if (Object.keys(attributes).length > 0) return { sku, operationType: 'PARTIAL_UPDATE', productType, attributes };
  }
  const attributes = renderAttributes(title, context);
  if (Object.keys(attributes).length === 0) {
    throw new EmptyListingError(`no listings attribute applies to ${title.isbn}; check amazon.listings.attributes and the attribute table`);
  }
  const requirements = context.settings.includeOffers ? 'LISTING' : 'LISTING_PRODUCT_ONLY';
  return { sku, operationType: 'UPDATE', productType, requirements, attributes };
}

/** The message that removes a listing. */
export function deletionMessage(skuTemplate: string, isbn: string): ListingsMessageBody {
  return { sku: skuFor(skuTemplate, isbn), operationType: 'DELETE' };
}

/** True when the two versions differ, and only in prices, availability or on-sale dates of their supply entries. */
export function onlyOfferDataChanged(previous: Title, current: Title): boolean {
  const before = canonicalJson(previous);
  const after = canonicalJson(current);
  return before !== after && canonicalJson(withoutOfferData(previous)) === canonicalJson(withoutOfferData(current));
}

function withoutOfferData(title: Title): Title {
  return {
    ...title,
    supply: title.supply.map(({ prices: _p, availability: _a, unpriced: _u, onSaleDate: _d, ...rest }) => rest) as Title['supply'],
  };
}

/** JSON with object keys sorted, so two loads of the same title compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
