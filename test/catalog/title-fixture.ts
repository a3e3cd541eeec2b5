/** A valid title for check tests to break one field at a time. */
import type { Title } from '../../src/catalog/title.ts';

export const VALID_ISBN = '9781917620017';

/** A fresh copy of a valid, fully filled title (each test may mutate its own copy). */
export function validTitle(): Title {
  return {
    isbn: VALID_ISBN,
    recordReference: VALID_ISBN,
    productForm: 'BB',
    productFormDetails: ['B501'],
    title: { prefix: 'The', text: 'Salt Road', subtitle: 'A Novel' },
    contributors: [
      { roles: ['A01'], name: 'Eleanor Penhallow', namesBeforeKey: 'Eleanor', keyNames: 'Penhallow', biography: '<p>Born in <em>Cornwall</em>.</p>' },
      { roles: ['B06'], name: 'Jonathan Ashby' },
    ],
    language: 'eng',
    originalLanguage: 'jpn',
    pages: 384,
    subjects: { bisac: ['FIC019000'], thema: ['FBA', '1DDU-GB-EC'], keywords: ['Cornwall'] },
    descriptions: { long: '<p>Cornwall, <strong>1871</strong>.</p><ul><li>One</li></ul>', short: 'Cornwall, 1871.' },
    measures: { height: { value: 234, unit: 'mm' }, weight: { value: 500, unit: 'gr' } },
    publisher: { name: 'Harbour Lane Press' },
    publishingStatus: 'active',
    publicationDate: '2025-04-10',
    salesRights: [{ type: 'exclusive', countries: ['GB', 'IE'] }, { type: 'non-exclusive', regions: ['WORLD'] }],
    related: [{ relation: 'alternative-format', isbn: '9781917620024' }],
    supply: [
      { market: 'gb', countries: ['GB'], availability: 'available', prices: [{ amount: 20, currency: 'GBP', type: 'rrp-including-tax' }] },
      { market: 'de', countries: ['DE', 'AT'], availability: 'available', onSaleDate: '2025-04-10', prices: [{ amount: 24, currency: 'EUR', type: 'rrp-including-tax', countries: ['DE'] }] },
    ],
  };
}
