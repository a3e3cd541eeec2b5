import { describe, expect, it } from 'vitest';
import { LWA_TOKEN_URL, MARKETPLACES, marketplaceById, marketplaceRegion, REGIONS } from '../../src/amazon/regions.ts';

describe('regions and marketplaces', () => {
  it('knows the marketplace ids of the reference notes, each once, in its region', () => {
    expect(new Set(MARKETPLACES.map((m) => m.id)).size).toBe(MARKETPLACES.length);
    expect(MARKETPLACES.filter((m) => m.region === 'na').map((m) => m.countryCode)).toEqual(['CA', 'US', 'MX', 'BR']);
    expect(MARKETPLACES.filter((m) => m.region === 'fe').map((m) => m.countryCode)).toEqual(['SG', 'AU', 'JP']);
    expect(MARKETPLACES.filter((m) => m.region === 'eu')).toHaveLength(16);
    expect(marketplaceRegion('A1PA6795UKMFR9')).toBe('eu');
    expect(marketplaceRegion('ATVPDKIKX0DER')).toBe('na');
    expect(marketplaceRegion('NOPE')).toBeUndefined();
  });

  it('carries currency and default language tag per storefront', () => {
    expect(marketplaceById('A1F83G8C2ARO7P')).toMatchObject({ countryCode: 'GB', currency: 'GBP', languageTag: 'en_GB' });
    expect(marketplaceById('A1VC38T7YXB528')).toMatchObject({ countryCode: 'JP', currency: 'JPY', languageTag: 'ja_JP' });
    for (const m of MARKETPLACES) {
      expect(m.languageTag, m.id).toMatch(/^[a-z]{2}_[A-Z]{2}$/);
      expect(m.currency, m.id).toMatch(/^[A-Z]{3}$/);
    }
  });

  it('has the production hosts and AWS regions', () => {
    expect(REGIONS.eu).toEqual({
      id: 'eu',
      endpoint: 'https://sellingpartnerapi-eu.amazon.com',
      sandboxEndpoint: 'https://sandbox.sellingpartnerapi-eu.amazon.com',
      awsRegion: 'eu-west-1',
    });
    expect([REGIONS.na.awsRegion, REGIONS.fe.awsRegion]).toEqual(['us-east-1', 'us-west-2']);
    expect(LWA_TOKEN_URL).toBe('https://api.amazon.com/auth/o2/token');
  });
});
