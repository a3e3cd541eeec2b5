import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildListingsDocuments } from '../../../src/amazon/listings/documents.ts';
import { ListingsReportError, parseListingsReport } from '../../../src/amazon/listings/report.ts';
import { withIsbns } from '../../../src/feed/outcome.ts';
import { buildListingsReport } from '../../../src/sandbox/listings-report.ts';
import { makeListingsTenant } from '../../fixtures/amazon/listings/tenant.ts';
import { loaded, makeTitle, testIsbn } from '../../fixtures/onix/builders.ts';

const AMAZON_EXAMPLE = new URL('../../../schemas/sp-api/listings-feed-processing-report-schema-v2.example.json', import.meta.url);

describe('parseListingsReport', () => {
  it("reads Amazon's example report: summary counts, and each issue with message id, SKU, code, severity, attribute", async () => {
    const report = parseListingsReport(await readFile(AMAZON_EXAMPLE, 'utf8'));
    expect(report).toMatchObject({ messagesProcessed: 4, messagesAccepted: 2, messagesInvalid: 2, errors: 3, warnings: 0 });
    expect(report.issues.slice(0, 3)).toEqual([
      { code: '90220', severity: 'ERROR', message: "'[batteries_required]' is required but not supplied.", messageId: 4, sku: 'My-SKU-B' },
      { code: '90220', severity: 'ERROR', message: "'[supplier_declared_dg_hz_regulation]' is required but not supplied.", messageId: 4, sku: 'My-SKU-B' },
      {
        code: '99022',
        severity: 'ERROR',
        message: "The field '\"prices\"' for the attribute 'purchasable_offer.our_price' does not have enough values. The required minimum is '1' value(s).",
        messageId: 5,
        sku: 'My-SKU-C',
        attribute: 'purchasable_offer.our_price',
      },
    ]);
    // The per-item issues (includedData) follow, with the item's SKU and every attribute they name.
    expect(report.issues.slice(3)).toEqual([
      expect.objectContaining({ code: '18448', severity: 'WARNING', sku: 'My-SKU-B', attribute: 'item_diameter, item_dimensions, item_weight, theme' }),
      expect.objectContaining({ code: '18027', severity: 'WARNING', sku: 'My-SKU-B' }),
    ]);
  });

  it('gives each issue its ISBN, from the SKU or from the message id', () => {
    const report = parseListingsReport(
      JSON.stringify({
        header: { sellerId: 'A1', version: '2.0', feedId: '9' },
        issues: [
          { messageId: 1, sku: 'NW-9781000000016', code: '90220', severity: 'ERROR', message: 'x' },
          { messageId: 2, code: '90220', severity: 'ERROR', message: 'y' },
          { code: '88001', severity: 'ERROR', message: 'feed-level' },
        ],
        summary: { errors: 3, warnings: 0, messagesProcessed: 2, messagesAccepted: 0, messagesInvalid: 2 },
      }),
    );
    const skuToIsbn = { 'NW-9781000000016': '9781000000016', 'NW-9781000000023': '9781000000023' };
    const resolved = withIsbns(report, { skuToIsbn, isbns: ['9781000000016', '9781000000023'] });
    expect(resolved.issues.map((i) => i.isbn)).toEqual(['9781000000016', '9781000000023', undefined]);
  });

  it('refuses text that is not a listings report, saying what was expected', () => {
    expect(() => parseListingsReport('<AmazonEnvelope/>')).toThrow(ListingsReportError);
    expect(() => parseListingsReport('{"summary":{}}')).toThrow(/expected listings-feed-processing-report v2/);
  });
});

describe('a listings feed with problems, end to end through the sandbox report', () => {
  it('lands every issue with the ISBN of the title it is about', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'listings-report-'));
    try {
      // A tenant that (wrongly) sends no item_name and no list_price: every listing lacks what a book needs.
      const tenant = makeListingsTenant(
        { sku: 'NW-{isbn}', attributes: ['externally_assigned_product_identifier', 'purchasable_offer', 'condition_type'] },
        { marketplaceIds: ['ATVPDKIKX0DER'] },
      );
      const titles = [makeTitle(1), makeTitle(2)].map(loaded);
      const built = await buildListingsDocuments({
        tenant,
        titles,
        deletions: [{ isbn: testIsbn(3), recordReference: testIsbn(3) }],
        outDir,
        now: new Date('2026-11-28T21:00:00Z'),
        env: {},
      });
      const [doc] = built.documents;
      const sandbox = buildListingsReport(await readFile(doc.path, 'utf8'), { feedId: '5001' });
      const report = withIsbns(parseListingsReport(JSON.stringify(sandbox.report)), doc);
      expect(report).toMatchObject({ messagesProcessed: 3, messagesAccepted: 1, messagesInvalid: 2 });
      const errors = report.issues.filter((i) => i.severity === 'ERROR');
      expect(errors.map((i) => [i.isbn, i.sku, i.code, i.attribute])).toEqual([
        [testIsbn(1), `NW-${testIsbn(1)}`, '90220', 'item_name'],
        [testIsbn(1), `NW-${testIsbn(1)}`, '90220', 'list_price'],
        [testIsbn(2), `NW-${testIsbn(2)}`, '90220', 'item_name'],
        [testIsbn(2), `NW-${testIsbn(2)}`, '90220', 'list_price'],
      ]);
      expect(report.issues.every((i) => i.isbn !== undefined)).toBe(true);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
