import { beforeAll, describe, expect, it } from 'vitest';
import type { Title } from '../../../src/catalog/title.ts';
import type { AttributeTable } from '../../../src/amazon/listings/attribute-table.ts';
import { onlyOfferDataChanged, skuFor, titleMessage, type ListingsMessageBody } from '../../../src/amazon/listings/message.ts';
import type { RenderContext } from '../../../src/amazon/listings/render.ts';
import { loadAttributeTable } from '../../../src/amazon/listings/table-file.ts';
import { marketplaceById } from '../../../src/amazon/regions.ts';
import type { ListingsSettings } from '../../../src/config/tenant.ts';
import { makeTitle } from '../../fixtures/onix/builders.ts';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
let table: AttributeTable;

beforeAll(async () => {
  table = await loadAttributeTable();
});

function context(settings: Partial<ListingsSettings> = {}, marketplaceIds = [US, CA]): RenderContext {
  return {
    table,
    settings: { languageTag: 'en_US', sku: '{isbn}', includeOffers: true, quantity: 7, ...settings },
    marketplaces: marketplaceIds.map((id) => marketplaceById(id)!),
  };
}

function values(message: ListingsMessageBody, attribute: string): Record<string, unknown>[] {
  return (message.attributes?.[attribute] ?? []) as Record<string, unknown>[];
}

describe('titleMessage', () => {
  it("tags text with a marketplace's own language tag where the tenant names one", () => {
    const message = titleMessage(makeTitle(1), context({ languageTags: { [CA]: 'en_CA' } }));
    expect(values(message, 'item_name').map((v) => [v.marketplace_id, v.language_tag])).toEqual([
      [US, 'en_US'],
      [CA, 'en_CA'],
    ]);
  });

  it('maps every part of a title to its ABIS_BOOK attribute, per marketplace, with the language tag', () => {
    const title = makeTitle(1);
    const message = titleMessage(title, context());
    expect(message).toMatchObject({ sku: title.isbn, operationType: 'UPDATE', productType: 'ABIS_BOOK', requirements: 'LISTING' });
    expect(values(message, 'externally_assigned_product_identifier')).toEqual([
      { type: 'ean', value: '9781000000016', marketplace_id: US },
      { type: 'ean', value: '9781000000016', marketplace_id: CA },
    ]);
    expect(values(message, 'item_name')[0]).toEqual({ value: 'The Example Book 1: A Novel', language_tag: 'en_US', marketplace_id: US });
    expect(values(message, 'contributor').filter((v) => v.marketplace_id === US)).toEqual([
      { value: 'Jane Example', role: [{ value: 'author' }], language_tag: 'en_US', marketplace_id: US },
      { value: 'John Translator', role: [{ value: 'translator' }], language_tag: 'en_US', marketplace_id: US },
    ]);
    expect(values(message, 'publisher')[0]).toMatchObject({ value: 'Example Press Ltd' });
    expect(values(message, 'language').filter((v) => v.marketplace_id === US).map((v) => [v.value, v.type])).toEqual([
      ['english', 'published'],
      ['french', 'original_language'],
    ]);
    expect(values(message, 'binding')[0]).toMatchObject({ value: 'paperback' });
    expect(values(message, 'publication_date')[0]).toEqual({ value: '2025-03-15', marketplace_id: US });
    expect(values(message, 'edition')[0]).toMatchObject({ value: 'Second edition' });
    expect(values(message, 'pages')[0]).toEqual({ value: 320, marketplace_id: US });
    expect(values(message, 'product_description')[0].value).toBe('A gripping example.\n\n\u2022 Point one');
    expect(values(message, 'generic_keyword')[0].value).toBe('literary fiction translation');
    expect(values(message, 'subject_code').filter((v) => v.marketplace_id === US).map((v) => v.value)).toEqual(['FIC019000', 'FIC000000']);
    expect(values(message, 'main_product_image_locator')[0]).toEqual({
      media_location: 'https://cdn.example.com/covers/9781000000016.jpg',
      marketplace_id: US,
    });
    expect(values(message, 'condition_type')).toHaveLength(2);
    expect(values(message, 'fulfillment_availability')).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }]);
  });

  it('takes each marketplace list price from the supply entry covering its country, in its currency', () => {
    const message = titleMessage(makeTitle(1), context());
    expect(values(message, 'list_price')).toEqual([
      { currency: 'USD', value_with_tax: 27.99, marketplace_id: US },
      { currency: 'CAD', value_with_tax: 34.99, marketplace_id: CA },
    ]);
    expect(values(message, 'purchasable_offer')).toEqual([
      { currency: 'USD', our_price: [{ schedule: [{ value_with_tax: 27.99 }] }], marketplace_id: US },
      { currency: 'CAD', our_price: [{ schedule: [{ value_with_tax: 34.99 }] }], marketplace_id: CA },
    ]);
  });

  it('uses a WORLD market, prefers the tax-inclusive RRP, and leaves out a marketplace with no price in its currency', () => {
    const title = makeTitle(2, {
      supply: [
        {
          market: 'world',
          countries: ['WORLD'],
          availability: 'available',
          prices: [
            { amount: 10, currency: 'GBP', type: 'rrp-excluding-tax' },
            { amount: 12, currency: 'GBP', type: 'rrp-including-tax' },
            { amount: 14.5, currency: 'EUR', type: 'rrp-including-tax', countries: ['FR'] },
          ],
        },
      ],
    });
    const message = titleMessage(title, context({}, ['A1F83G8C2ARO7P', 'A1PA6795UKMFR9']));
    expect(values(message, 'list_price')).toEqual([{ currency: 'GBP', value_with_tax: 12, marketplace_id: 'A1F83G8C2ARO7P' }]);
  });

  it('sends no offer attributes and asks for product-only requirements when offers are not included', () => {
    const message = titleMessage(makeTitle(1), context({ includeOffers: false }));
    expect(message.requirements).toBe('LISTING_PRODUCT_ONLY');
    for (const offerOnly of ['purchasable_offer', 'condition_type', 'fulfillment_availability']) {
      expect(message.attributes).not.toHaveProperty(offerOnly);
    }
    expect(message.attributes).toHaveProperty('list_price');
  });

  it('sends only the attributes the tenant names', () => {
    const message = titleMessage(makeTitle(1), context({ attributes: ['item_name', 'externally_assigned_product_identifier'] }));
    expect(Object.keys(message.attributes!)).toEqual(['externally_assigned_product_identifier', 'item_name']);
  });

  it('offers quantity 0 for a title that cannot be ordered', () => {
    const base = makeTitle(3);
    const title = { ...base, supply: base.supply.map((s) => ({ ...s, availability: 'out-of-stock' as const })) };
    expect(values(titleMessage(title, context()), 'fulfillment_availability')).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 0 }]);
  });

  it('leaves out values whose code the table does not map, and merges roles that map to the same value', () => {
    const title = makeTitle(4, {
      productForm: 'ZZ',
      contributors: [
        { roles: ['A01', 'A02'], name: 'Ann Both' },
        { roles: ['Z99'], name: 'Unknown Role' },
        { roles: ['E07'], corporateName: 'Harbour Audio Players' },
      ],
      asin: 'B0EXAMPLE1',
      title: { text: 'Caf\u00e9 & <Cr\u00e8me>' },
      descriptions: { long: '<p>Tom &amp; Jerry&#8217;s <em>caf\u00e9</em><br/>next line</p>' },
    });
    const message = titleMessage(title, context({}, [US]));
    expect(message.attributes).not.toHaveProperty('binding');
    expect(values(message, 'contributor').map((v) => [v.value, (v.role as { value: string }[])[0].value])).toEqual([
      ['Ann Both', 'author'],
      ['Harbour Audio Players', 'narrator'],
    ]);
    expect(values(message, 'merchant_suggested_asin')).toEqual([{ value: 'B0EXAMPLE1', marketplace_id: US }]);
    expect(values(message, 'item_name')[0].value).toBe('Caf\u00e9 & <Cr\u00e8me>');
    expect(values(message, 'product_description')[0].value).toBe('Tom & Jerry\u2019s caf\u00e9\nnext line');
  });

  it('applies the SKU template', () => {
    expect(skuFor('NW-{isbn}', '9781000000016')).toBe('NW-9781000000016');
    expect(titleMessage(makeTitle(1), context({ sku: 'NW-{isbn}' })).sku).toBe('NW-9781000000016');
  });
});

describe('PARTIAL_UPDATE', () => {
  const previous = makeTitle(5);
  const repriced: Title = {
    ...previous,
    supply: [{ ...previous.supply[0], prices: [{ amount: 19.99, currency: 'USD', type: 'rrp-excluding-tax' }], availability: 'reprinting' }, previous.supply[1]],
  };

  it('sends only the offer attributes when only prices or availability changed', () => {
    const message = titleMessage(repriced, context(), previous);
    expect(message.operationType).toBe('PARTIAL_UPDATE');
    expect(message).not.toHaveProperty('requirements');
    expect(Object.keys(message.attributes!).sort()).toEqual(['condition_type', 'fulfillment_availability', 'list_price', 'purchasable_offer']);
    expect(values(message, 'list_price')[0]).toEqual({ currency: 'USD', value_with_tax: 19.99, marketplace_id: US });
    expect(values(message, 'fulfillment_availability')).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 0 }]);
  });

  it('sends a full UPDATE when anything besides offer data changed, or nothing did', () => {
    expect(titleMessage({ ...repriced, pages: 400 }, context(), previous).operationType).toBe('UPDATE');
    expect(titleMessage(previous, context(), previous).operationType).toBe('UPDATE');
    expect(titleMessage(repriced, context()).operationType).toBe('UPDATE');
  });

  it('compares titles whatever the key order they were loaded in', () => {
    const reordered = Object.fromEntries(Object.entries(previous).reverse()) as unknown as Title;
    expect(onlyOfferDataChanged(reordered, repriced)).toBe(true);
    expect(onlyOfferDataChanged(reordered, previous)).toBe(false);
  });

  it('falls back to UPDATE when the tenant sends no offer attribute at all', () => {
    const message = titleMessage(repriced, context({ attributes: ['item_name'] }), previous);
    expect(message.operationType).toBe('UPDATE');
    expect(Object.keys(message.attributes!)).toEqual(['item_name']);
  });
});
