import { describe, expect, it } from 'vitest';
import { buildListingsReport, LISTINGS_ISSUE_CODES } from '../../../src/sandbox/listings-report.ts';
import { reportErrors } from '../../fixtures/amazon/listings/amazon-schemas.ts';

const US = 'ATVPDKIKX0DER';

/** A complete, valid book listing message; `attributes` replace or (with undefined) remove attributes. */
function book(messageId: number, attributes: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const base: Record<string, unknown> = {
    externally_assigned_product_identifier: [{ type: 'ean', value: '9781000000016', marketplace_id: US }],
    item_name: [{ value: 'A Book', language_tag: 'en_US', marketplace_id: US }],
    contributor: [{ value: 'Ann Author', role: [{ value: 'author' }], language_tag: 'en_US', marketplace_id: US }],
    product_description: [{ value: 'About it.', language_tag: 'en_US', marketplace_id: US }],
    main_product_image_locator: [{ media_location: 'https://cdn.example.com/c.jpg', marketplace_id: US }],
    list_price: [{ currency: 'USD', value_with_tax: 20, marketplace_id: US }],
    purchasable_offer: [{ currency: 'USD', our_price: [{ schedule: [{ value_with_tax: 20 }] }], marketplace_id: US }],
  };
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) delete base[name];
    else base[name] = value;
  }
  return { messageId, sku: `SKU-${messageId}`, operationType: 'UPDATE', productType: 'ABIS_BOOK', requirements: 'LISTING', attributes: base, ...extra };
}

function feed(messages: unknown[]) {
  return JSON.stringify({ header: { sellerId: 'A3NORTHWINDEXMPL', version: '2.0', issueLocale: 'en_US' }, messages });
}

describe('buildListingsReport (sandbox)', () => {
  it('accepts complete book listings and deletions with a valid, clean report', () => {
    const { report, fatal } = buildListingsReport(feed([book(1), { messageId: 2, sku: 'OLD', operationType: 'DELETE' }]), { feedId: '77' });
    expect(fatal).toBe(false);
    expect(reportErrors(report)).toEqual([]);
    expect(report).toEqual({
      header: { sellerId: 'A3NORTHWINDEXMPL', version: '2.0', feedId: '77' },
      issues: [],
      summary: { errors: 0, warnings: 0, messagesProcessed: 2, messagesAccepted: 2, messagesInvalid: 0 },
    });
  });

  it('reports what a book listing lacks, per message, with Amazon-style codes and attribute names', () => {
    const messages = [
      book(1, { item_name: undefined }),
      book(2, { externally_assigned_product_identifier: undefined }),
      book(3, { externally_assigned_product_identifier: [{ type: 'ean', value: '9781000000017', marketplace_id: US }] }),
      book(4, { purchasable_offer: [{ currency: 'USD', our_price: [], marketplace_id: US }] }),
      book(5, { list_price: undefined }),
      book(6, { contributor: undefined, purchasable_offer: undefined, list_price: undefined }),
    ];
    const { report, fatal } = buildListingsReport(feed(messages));
    expect(fatal).toBe(false);
    expect(reportErrors(report)).toEqual([]);
    expect(report.issues.map((i) => [i.messageId, i.severity, i.code, i.attributeName])).toEqual([
      [1, 'ERROR', LISTINGS_ISSUE_CODES.requiredMissing, 'item_name'],
      [2, 'ERROR', LISTINGS_ISSUE_CODES.requiredMissing, 'externally_assigned_product_identifier'],
      [3, 'ERROR', LISTINGS_ISSUE_CODES.invalidIsbn, 'externally_assigned_product_identifier'],
      [4, 'ERROR', LISTINGS_ISSUE_CODES.notEnoughValues, 'purchasable_offer.our_price'],
      [5, 'ERROR', LISTINGS_ISSUE_CODES.requiredMissing, 'list_price'],
      [6, 'WARNING', LISTINGS_ISSUE_CODES.noOffer, 'purchasable_offer'],
      [6, 'WARNING', LISTINGS_ISSUE_CODES.relevantIncomplete, 'contributor'],
    ]);
    expect(report.issues[2].message).toMatch(/last digit must be 6/);
    expect(report.summary).toEqual({ errors: 5, warnings: 2, messagesProcessed: 6, messagesAccepted: 1, messagesInvalid: 5 });
  });

  it('checks only what a PARTIAL_UPDATE carries', () => {
    const partial = { messageId: 1, sku: 'S', operationType: 'PARTIAL_UPDATE', productType: 'ABIS_BOOK', attributes: { list_price: [{ currency: 'USD', value_with_tax: 5 }] } };
    const { report } = buildListingsReport(feed([partial]));
    expect(report.issues).toEqual([]);
    expect(report.summary.messagesAccepted).toBe(1);
  });

  it('refuses a document that breaks the listings feed schema as a whole, naming the message at fault', () => {
    const broken = [book(1), { messageId: 2, sku: 'NO-ATTRS', operationType: 'UPDATE', productType: 'ABIS_BOOK' }];
    const { report, fatal } = buildListingsReport(feed(broken));
    expect(fatal).toBe(true);
    expect(reportErrors(report)).toEqual([]);
    expect(report.summary).toMatchObject({ messagesProcessed: 0, messagesAccepted: 0 });
    expect(report.issues.length).toBeGreaterThan(0);
    expect(report.issues.every((i) => i.code === LISTINGS_ISSUE_CODES.schemaViolation)).toBe(true);
    expect(report.issues.some((i) => i.messageId === 2 && i.sku === 'NO-ATTRS')).toBe(true);
  });

  it('refuses a document that is not JSON with a valid report', () => {
    const { report, fatal } = buildListingsReport('<?xml version="1.0"?><AmazonEnvelope/>', { feedId: '3' });
    expect(fatal).toBe(true);
    expect(reportErrors(report)).toEqual([]);
    expect(report.issues).toEqual([{ code: LISTINGS_ISSUE_CODES.notJson, severity: 'ERROR', message: expect.stringMatching(/not valid JSON/) }]);
    expect(report.header).toEqual({ sellerId: 'UNKNOWN', version: '2.0', feedId: '3' });
  });
});
