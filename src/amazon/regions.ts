/**
 * SP-API regions and Amazon marketplaces (sources: docs/sp-api-endpoints and docs/marketplace-ids, as summarised in
 * the reference notes on the Feeds API, section 3). A feed goes to its region's host and may only name that
 * region's marketplaces.
 */
import type { Region } from '../config/tenant.ts';

/** One SP-API region: its host and the AWS region SigV4 signs for. */
export interface RegionInfo {
  id: Region;
  /** Production SP-API host. */
  endpoint: string;
  /** Amazon's static sandbox host (canned answers only; the product's own sandbox is `src/sandbox/`). */
  sandboxEndpoint: string;
  /** AWS region, needed only when requests are SigV4-signed (optional since 2023-10-02). */
  awsRegion: string;
}

/** One Amazon marketplace and the region that serves it. */
export interface Marketplace {
  /** Amazon's marketplace id, e.g. ATVPDKIKX0DER. */
  id: string;
  /** ISO 3166-1 alpha-2 country code (GB for Amazon's "UK"). */
  countryCode: string;
  /** Storefront domain, e.g. amazon.co.uk. */
  domain: string;
  region: Region;
  /** ISO 4217 currency of the storefront. */
  currency: string;
  /** The storefront's default language tag for listings attributes, e.g. en_US, de_DE, ja_JP. */
  languageTag: string;
}

/** Login with Amazon token endpoint; Amazon's SDKs use this one host for every region. */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/** The three SP-API regions by name. */
export const REGIONS: Readonly<Record<Region, RegionInfo>> = {
  na: region('na', 'us-east-1'),
  eu: region('eu', 'eu-west-1'),
  fe: region('fe', 'us-west-2'),
};

/** Amazon's marketplaces with their ids (from Amazon's marketplace id table). */
export const MARKETPLACES: readonly Marketplace[] = [
  { id: 'A2EUQ1WTGCTBG2', countryCode: 'CA', domain: 'amazon.ca', region: 'na', currency: 'CAD', languageTag: 'en_CA' },
  { id: 'ATVPDKIKX0DER', countryCode: 'US', domain: 'amazon.com', region: 'na', currency: 'USD', languageTag: 'en_US' },
  { id: 'A1AM78C64UM0Y8', countryCode: 'MX', domain: 'amazon.com.mx', region: 'na', currency: 'MXN', languageTag: 'es_MX' },
  { id: 'A2Q3Y263D00KWC', countryCode: 'BR', domain: 'amazon.com.br', region: 'na', currency: 'BRL', languageTag: 'pt_BR' },
  { id: 'A28R8C7NBKEWEA', countryCode: 'IE', domain: 'amazon.ie', region: 'eu', currency: 'EUR', languageTag: 'en_IE' },
  { id: 'A1RKKUPIHCS9HS', countryCode: 'ES', domain: 'amazon.es', region: 'eu', currency: 'EUR', languageTag: 'es_ES' },
  { id: 'A1F83G8C2ARO7P', countryCode: 'GB', domain: 'amazon.co.uk', region: 'eu', currency: 'GBP', languageTag: 'en_GB' },
  { id: 'A13V1IB3VIYZZH', countryCode: 'FR', domain: 'amazon.fr', region: 'eu', currency: 'EUR', languageTag: 'fr_FR' },
  { id: 'AMEN7PMS3EDWL', countryCode: 'BE', domain: 'amazon.com.be', region: 'eu', currency: 'EUR', languageTag: 'fr_BE' },
  { id: 'A1805IZSGTT6HS', countryCode: 'NL', domain: 'amazon.nl', region: 'eu', currency: 'EUR', languageTag: 'nl_NL' },
  { id: 'A1PA6795UKMFR9', countryCode: 'DE', domain: 'amazon.de', region: 'eu', currency: 'EUR', languageTag: 'de_DE' },
  { id: 'APJ6JRA9NG5V4', countryCode: 'IT', domain: 'amazon.it', region: 'eu', currency: 'EUR', languageTag: 'it_IT' },
  { id: 'A2NODRKZP88ZB9', countryCode: 'SE', domain: 'amazon.se', region: 'eu', currency: 'SEK', languageTag: 'sv_SE' },
  { id: 'AE08WJ6YKNBMC', countryCode: 'ZA', domain: 'amazon.co.za', region: 'eu', currency: 'ZAR', languageTag: 'en_ZA' },
  { id: 'A1C3SOZRARQ6R3', countryCode: 'PL', domain: 'amazon.pl', region: 'eu', currency: 'PLN', languageTag: 'pl_PL' },
  { id: 'ARBP9OOSHTCHU', countryCode: 'EG', domain: 'amazon.eg', region: 'eu', currency: 'EGP', languageTag: 'ar_EG' },
  { id: 'A33AVAJ2PDY3EV', countryCode: 'TR', domain: 'amazon.com.tr', region: 'eu', currency: 'TRY', languageTag: 'tr_TR' },
  { id: 'A17E79C6D8DWNP', countryCode: 'SA', domain: 'amazon.sa', region: 'eu', currency: 'SAR', languageTag: 'ar_SA' },
  { id: 'A2VIGQ35RCS4UG', countryCode: 'AE', domain: 'amazon.ae', region: 'eu', currency: 'AED', languageTag: 'en_AE' },
  { id: 'A21TJRUUN4KGV', countryCode: 'IN', domain: 'amazon.in', region: 'eu', currency: 'INR', languageTag: 'en_IN' },
  { id: 'A19VAU5U5O7RUS', countryCode: 'SG', domain: 'amazon.sg', region: 'fe', currency: 'SGD', languageTag: 'en_SG' },
  { id: 'A39IBJ37TRP1C6', countryCode: 'AU', domain: 'amazon.com.au', region: 'fe', currency: 'AUD', languageTag: 'en_AU' },
  { id: 'A1VC38T7YXB528', countryCode: 'JP', domain: 'amazon.co.jp', region: 'fe', currency: 'JPY', languageTag: 'ja_JP' },
];

const BY_ID = new Map(MARKETPLACES.map((marketplace) => [marketplace.id, marketplace]));

/** The marketplace with this id, or undefined for an id Amazon does not use. */
export function marketplaceById(id: string): Marketplace | undefined {
  return BY_ID.get(id);
}

/** The region a marketplace belongs to, or undefined for an unknown id. */
export function marketplaceRegion(id: string): Region | undefined {
  return BY_ID.get(id)?.region;
}

function region(id: Region, awsRegion: string): RegionInfo {
  return {
    id,
    endpoint: `https://sellingpartnerapi-${id}.amazon.com`,
    sandboxEndpoint: `https://sandbox.sellingpartnerapi-${id}.amazon.com`,
    awsRegion,
  };
}
