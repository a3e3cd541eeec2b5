/**
 * Amazon removed the XML and flat-file listings feed types on 2025-07-31 (deprecated 2024-03-18): a feed of such a
 * type is accepted by createFeed and then ends FATAL. The sandbox still processes them, so only a run against Amazon
 * is warned. The send is not refused: an operator may have an agreement or a proxy that still takes them.
 */
import type { TenantConfig } from '../config/tenant.ts';

/** Feed types Amazon no longer processes (developer-docs changelog, "Deprecation of Feeds API support for XML and Flat File Listings Feeds"). */
export const REMOVED_FEED_TYPES: ReadonlySet<string> = new Set([
  'POST_PRODUCT_DATA',
  'POST_PRODUCT_OVERRIDES_DATA',
  'POST_PRODUCT_PRICING_DATA',
  'POST_PRODUCT_IMAGE_DATA',
  'POST_PRODUCT_RELATIONSHIP_DATA',
  'POST_INVENTORY_AVAILABILITY_DATA',
  'POST_FLAT_FILE_LISTINGS_DATA',
  'POST_FLAT_FILE_INVLOADER_DATA',
  'POST_FLAT_FILE_PRICEANDQUANTITYONLY_UPDATE_DATA',
  'POST_FLAT_FILE_BOOKLOADER_DATA',
  'POST_UIEE_BOOKLOADER_DATA',
]);

/** The warning for a tenant whose feed type Amazon removed, or undefined when its feed type is current. */
export function removedFeedTypeWarning(tenant: TenantConfig): string | undefined {
  const { feedType, format } = tenant.amazon.delivery;
  if (!REMOVED_FEED_TYPES.has(feedType)) return undefined;
  return (
    `Amazon removed the ${feedType} feed type on 2025-07-31: createFeed still accepts it, but Amazon ends such feeds FATAL. ` +
    `Set amazon.delivery.format: listings in config/tenants/${tenant.id}.yaml to send JSON_LISTINGS_FEED` +
    (format === 'onix' ? ' (the ONIX message of the same titles is still built and kept as the record of what was sent)' : '') +
    '.'
  );
}
