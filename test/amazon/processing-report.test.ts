import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeDocument, DocumentDecodingError } from '../../src/amazon/document-decoding.ts';
import { fatalWithoutReport, parseProcessingReport, ReportFormatError } from '../../src/amazon/processing-report.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/amazon/${name}`, import.meta.url));

describe('parseProcessingReport: XML ProcessingReport', () => {
  it('reads the summary counts and every Result with code, severity, message and SKU', () => {
    const report = parseProcessingReport(fixture('processing-report-errors.xml').toString('utf8'));
    expect(report).toEqual({
      messagesProcessed: 7,
      messagesAccepted: 1,
      messagesInvalid: 6,
      // Two Error rows, but the summary says six messages failed: the count is not lowered to the rows shown.
      errors: 6,
      warnings: 1,
      issues: [
        {
          code: '6024',
          severity: 'ERROR',
          message: 'Seller is not authorized to list products by this brand name in this product line or category.',
          messageId: 1,
          sku: '9780000000002',
        },
        {
          code: '5000',
          severity: 'WARNING',
          message: "The update for Sku '9781234567897' was skipped because it is identical to the update in feed '123'.",
          messageId: 4,
          sku: '9781234567897',
        },
        {
          code: '5001',
          severity: 'ERROR',
          message: 'XML Parsing Fatal Error at Line 1, Column 1: Content is not allowed in trailing section.',
          messageId: 5,
        },
      ],
    });
  });

  it('counts rows when there are more rows than summary counts, and copes with a byte-order mark', () => {
    const xml = `\uFEFF<AmazonEnvelope><MessageType>ProcessingReport</MessageType><Message><ProcessingReport>
      <ProcessingSummary><MessagesProcessed>2</MessagesProcessed><MessagesSuccessful>1</MessagesSuccessful>
      <MessagesWithError>1</MessagesWithError><MessagesWithWarning>0</MessagesWithWarning></ProcessingSummary>
      <Result><MessageID>2</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>8541</ResultMessageCode><ResultDescription>a</ResultDescription></Result>
      <Result><MessageID>2</MessageID><ResultCode>Error</ResultCode><ResultMessageCode>8542</ResultMessageCode><ResultDescription>b</ResultDescription></Result>
      </ProcessingReport></Message></AmazonEnvelope>`;
    const report = parseProcessingReport(xml);
    expect(report.errors).toBe(2);
    expect(report.messagesInvalid).toBe(1);
    expect(report.issues.map((i) => i.code)).toEqual(['8541', '8542']);
  });

  it('refuses an envelope of another message type, a foreign root and broken XML, saying what it expected', () => {
    expect(() => parseProcessingReport('<AmazonEnvelope><MessageType>Product</MessageType></AmazonEnvelope>')).toThrow(
      /MessageType is 'Product', expected 'ProcessingReport'/,
    );
    expect(() => parseProcessingReport('<ONIXMessage release="3.1"/>')).toThrow(/root element is <ONIXMessage>, expected <AmazonEnvelope>/);
    expect(() => parseProcessingReport('<AmazonEnvelope><MessageType>ProcessingReport</MessageType>')).toThrow(ReportFormatError);
    expect(() =>
      parseProcessingReport(
        '<AmazonEnvelope><MessageType>ProcessingReport</MessageType><ProcessingSummary><MessagesProcessed>x</MessagesProcessed></ProcessingSummary></AmazonEnvelope>',
      ),
    ).toThrow(/line 1: <MessagesProcessed> must be a whole number, got 'x'/);
    expect(() => parseProcessingReport('Feed Processing Summary:\n\tNumber of records processed\t\t2')).toThrow(
      /neither an XML ProcessingReport nor a JSON listings report/,
    );
  });
});

describe('parseProcessingReport: JSON listings report', () => {
  it('hands JSON to the listings parser (Amazon example report)', () => {
    const text = readFileSync(new URL('../../schemas/sp-api/listings-feed-processing-report-schema-v2.example.json', import.meta.url), 'utf8');
    const report = parseProcessingReport(text);
    expect(report).toMatchObject({ messagesProcessed: 4, messagesAccepted: 2, messagesInvalid: 2 });
    expect(report.issues.map((i) => i.code)).toContain('90220');
  });
});

describe('fatalWithoutReport', () => {
  it('records a FATAL feed without a result document as one error naming the feed', () => {
    const report = fatalWithoutReport('50123018');
    expect(report.errors).toBe(1);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code: 'FATAL', severity: 'ERROR' });
    expect(report.issues[0].message).toMatch(/50123018.*without a processing report/);
  });
});

describe('decodeDocument', () => {
  it('gunzips GZIP documents and decodes windows-1252 as declared (not as UTF-8 or Latin-1)', () => {
    const bytes = fixture('report-windows-1252.xml');
    const text = decodeDocument({ body: gzipSync(bytes), compressionAlgorithm: 'GZIP', contentType: 'text/xml; charset=windows-1252' });
    const report = parseProcessingReport(text);
    expect(report.issues[0].message).toBe('Titel \u201eDie Bücher der Straße\u201c fehlt – Preis in € erforderlich');
  });

  it('decodes Shift_JIS under its windows-31j label, as Amazon declares it for Japan', () => {
    const text = decodeDocument({ body: fixture('report-shift_jis.xml'), contentType: 'text/xml;charset="windows-31j"' });
    expect(parseProcessingReport(text).issues[0]).toMatchObject({ severity: 'WARNING', message: '書籍のタイトルが長すぎます', sku: '9784000000003' });
  });

  it('without a declared charset, uses the XML declaration', () => {
    expect(decodeDocument({ body: fixture('report-windows-1252.xml'), contentType: 'text/xml' })).toContain('Straße');
  });

  it('does not gunzip twice when the bytes arrive already inflated', () => {
    expect(decodeDocument({ body: Buffer.from('{"a":1}'), compressionAlgorithm: 'GZIP', contentType: 'application/json' })).toBe('{"a":1}');
  });

  it('says which charset it cannot decode, and when GZIP data is corrupt', () => {
    expect(() => decodeDocument({ body: Buffer.from('x'), contentType: 'text/plain; charset=x-klingon' })).toThrow(/charset 'x-klingon'/);
    const corrupt = Buffer.concat([gzipSync('hello').subarray(0, 12), Buffer.from('garbage')]);
    expect(() => decodeDocument({ body: corrupt, compressionAlgorithm: 'GZIP' })).toThrow(DocumentDecodingError);
  });
});
