import { describe, expect, it } from 'vitest';
import { shortTagMap } from '../../src/import/tag-names.ts';

describe('shortTagMap', () => {
  it.each(['3.1', '3.0'] as const)('ONIX %s: pairs short tags with reference names from the XSDs', (version) => {
    const map = shortTagMap(version);
    expect(map.get('ONIXmessage')).toBe('ONIXMessage');
    expect(map.get('product')).toBe('Product');
    expect(map.get('productsupply')).toBe('ProductSupply');
    expect(map.get('b012')).toBe('ProductForm');
    expect(map.get('b244')).toBe('IDValue');
    expect(map.get('x409')).toBe('TitleElementLevel');
    expect(map.get('j151')).toBe('PriceAmount');
    expect(map.get('d104')).toBe('Text');
    // Every reference name appears once: the pairing is one to one.
    expect(new Set(map.values()).size).toBe(map.size);
  });

  it('knows the elements each release has on its own', () => {
    expect(shortTagMap('3.1').get('x580')).toBe('AffiliationIDType');
    expect(shortTagMap('3.0').has('x580')).toBe(false);
    expect(shortTagMap('3.0').get('b052')).toBe('ConferenceName');
  });
});
