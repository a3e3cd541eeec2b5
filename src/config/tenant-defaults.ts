/**
 * From a tenant file that passed the schema to the normalised `TenantConfig`: every default filled in, so the rest of
 * the product never has to know which keys a publisher may leave out. The schema's `default`s document the same
 * values for editors; a test keeps the two in step.
 */
import type { DeliveryFormat, ListingsSettings, OnixVersion, Region, Schedule, TenantConfig } from './tenant.ts';
import { withoutUndefined } from './without-undefined.ts';

/** Defaults of optional keys, as the schema's `default` annotations state them. */
export const TENANT_DEFAULTS = {
  maxFeedBytes: 10 * 1024 * 1024,
  intervalSeconds: 30,
  timeoutMinutes: 10,
  sku: '{isbn}',
  includeOffers: false,
  onixVersion: '3.1' as OnixVersion,
  forthcomingAsAdvance: false,
  timezone: 'UTC',
  titles: 'changed' as Schedule['titles'],
};

/** Feed type by delivery format when the file names none. */
export const DEFAULT_FEED_TYPES: Readonly<Record<DeliveryFormat, string>> = {
  onix: 'POST_PRODUCT_DATA',
  listings: 'JSON_LISTINGS_FEED',
};

/** The shape of `config/tenants/<id>.yaml` after the schema check (optional keys may be absent). */
export interface TenantFile {
  name?: string;
  sender: { name: string; gln?: string; contact?: string; email: string };
  supplier?: { name: string; gln?: string };
  amazon: {
    region: Region;
    marketplaceIds: string[];
    delivery: { format: DeliveryFormat; feedType?: string; maxFeedBytes?: number };
    polling?: { intervalSeconds?: number; timeoutMinutes?: number };
    listings?: Partial<ListingsSettings> & { languageTag: string };
  };
  onix?: { version?: OnixVersion; forthcomingAsAdvance?: boolean };
  schedule: { frequency: Schedule['frequency']; hour?: number; dayOfWeek?: number; timezone?: string; titles?: Schedule['titles'] };
}

/** Fills in every default. `file` must have passed the tenant schema and the checks beyond it. */
export function normaliseTenant(id: string, file: TenantFile): TenantConfig {
  const { sender, amazon, schedule } = file;
  const d = TENANT_DEFAULTS;
  return {
    id,
    name: file.name ?? sender.name,
    sender: withoutUndefined({ name: sender.name, gln: sender.gln, contact: sender.contact, email: sender.email }),
    // The sender supplies its own books unless the file says otherwise.
    supplier: withoutUndefined({ name: file.supplier?.name ?? sender.name, gln: file.supplier ? file.supplier.gln : sender.gln }),
    amazon: withoutUndefined({
      region: amazon.region,
      marketplaceIds: [...amazon.marketplaceIds],
      delivery: {
        format: amazon.delivery.format,
        feedType: amazon.delivery.feedType ?? DEFAULT_FEED_TYPES[amazon.delivery.format],
        maxFeedBytes: amazon.delivery.maxFeedBytes ?? d.maxFeedBytes,
      },
      polling: {
        intervalSeconds: amazon.polling?.intervalSeconds ?? d.intervalSeconds,
        timeoutMinutes: amazon.polling?.timeoutMinutes ?? d.timeoutMinutes,
      },
      listings: amazon.listings && normaliseListings(amazon.listings),
    }),
    onix: {
      version: file.onix?.version ?? d.onixVersion,
      forthcomingAsAdvance: file.onix?.forthcomingAsAdvance ?? d.forthcomingAsAdvance,
    },
    schedule: withoutUndefined({
      frequency: schedule.frequency,
      // A disabled schedule never fires, so its hour is never read.
      hour: schedule.hour ?? 0,
      dayOfWeek: schedule.dayOfWeek,
      timezone: schedule.timezone ?? d.timezone,
      titles: schedule.titles ?? d.titles,
    }),
  };
}

function normaliseListings(listings: NonNullable<TenantFile['amazon']['listings']>): ListingsSettings {
  return withoutUndefined({
    sellerId: listings.sellerId,
    languageTag: listings.languageTag,
    languageTags: listings.languageTags && { ...listings.languageTags },
    sku: listings.sku ?? TENANT_DEFAULTS.sku,
    includeOffers: listings.includeOffers ?? TENANT_DEFAULTS.includeOffers,
    quantity: listings.quantity,
    attributes: listings.attributes && [...listings.attributes],
  });
}
