/**
 * The tenant model: one publisher's channel settings and feed schedule, from `config/tenants/<tenant>.yaml`.
 *
 * This is the normalised shape (defaults filled in) the rest of the product works on. The JSON Schema for the file is
 * `config/tenant.schema.json`; keep the two in step.
 */

/** A tenant id: the config file's name, lower case letters, digits and `-`, 2 to 63 characters. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Amazon's SP-API regions: North America, Europe, Far East. */
export type Region = 'na' | 'eu' | 'fe';
/** What is sent: ONIX documents, or JSON listings feeds translated from the titles. */
export type DeliveryFormat = 'onix' | 'listings';
/** The ONIX release documents are written in. */
export type OnixVersion = '3.1' | '3.0';
/** How often the tenant's feed runs. */
export type Frequency = 'disabled' | 'daily' | 'weekly';
/** Which titles a run sends: all of them, or only those changed since the last successful feed. */
export type TitlesMode = 'all' | 'changed';

/** When a tenant's feed runs and what it carries. */
export interface Schedule {
  frequency: Frequency;
  /** 0-23, in `timezone`. */
  hour: number;
  /** 0-6, Sunday = 0; set only for weekly. */
  dayOfWeek?: number;
  /** IANA zone; default UTC. */
  timezone: string;
  titles: TitlesMode;
}

/** Settings for `format: listings` (JSON_LISTINGS_FEED). */
export interface ListingsSettings {
  /** Seller (merchant) id the listings feed header carries; falls back to AMAZON_SELLER_ID. */
  sellerId?: string;
  /** Language tag for text attributes, e.g. en_US. */
  languageTag: string;
  /** Language tag per marketplace id where it differs from `languageTag` (e.g. en_CA for amazon.ca). */
  languageTags?: Record<string, string>;
  /** SKU template; `{isbn}` is replaced by the ISBN-13. Default "{isbn}". */
  sku: string;
  /** Send list prices (and quantity) as offer data. */
  includeOffers: boolean;
  /** Quantity to offer when includeOffers is set and the title is available; absent: no quantity sent. */
  quantity?: number;
  /** Attribute names to send; absent: all that the mapping table knows. */
  attributes?: string[];
}

/** One tenant's settings, defaults filled in. */
export interface TenantConfig {
  /** The file name without `.yaml`. */
  id: string;
  /** Display name (defaults to the sender name). */
  name: string;
  sender: { name: string; gln?: string; contact?: string; email: string };
  /** Default Supplier of every SupplyDetail (defaults to the sender name). */
  supplier: { name: string; gln?: string };
  amazon: {
    region: Region;
    marketplaceIds: string[];
    delivery: {
      format: DeliveryFormat;
      /** Default POST_PRODUCT_DATA for onix, JSON_LISTINGS_FEED for listings. */
      feedType: string;
      /** Largest document to upload; default 10 MiB (Amazon's guidance). */
      maxFeedBytes: number;
    };
    polling: { intervalSeconds: number; timeoutMinutes: number };
    listings?: ListingsSettings;
  };
  onix: {
    version: OnixVersion;
    /** Send forthcoming titles as NotificationType 02 (advance notice) instead of 03. */
    forthcomingAsAdvance: boolean;
  };
  schedule: Schedule;
}

/** A tenant config and the file it came from. */
export interface LoadedTenant {
  config: TenantConfig;
  /** Path relative to the repository root. */
  path: string;
}
