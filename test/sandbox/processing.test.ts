import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { closeSandboxes, fixture, openSandbox } from './sandbox-client.ts';

afterEach(closeSandboxes);

const feedPath = (id: string) => `/feeds/2021-06-30/feeds/${id}`;

/** Submits `document`, moves the clock past processing and returns the finished feed and its report text. */
async function process(s: Awaited<ReturnType<typeof openSandbox>>, document: string | Buffer, contentType?: string, feedType?: string) {
  const feedId = await s.submit(document, contentType, feedType);
  s.clock.advance(60_000);
  const feed = (await s.call('GET', feedPath(feedId))).json;
  const report = feed.resultFeedDocumentId ? await s.downloadResult(feed.resultFeedDocumentId) : undefined;
  return { feed, report, text: report?.bytes.toString('utf8') ?? '' };
}

function results(xml: string) {
  return [...xml.matchAll(/<Result>([\s\S]*?)<\/Result>/g)].map(([, r]) => ({
    messageId: Number(/<MessageID>(\d+)</.exec(r)![1]),
    code: /<ResultCode>(\w+)</.exec(r)![1],
    messageCode: Number(/<ResultMessageCode>(\d+)</.exec(r)![1]),
    sku: /<SKU>([^<]+)</.exec(r)?.[1],
  }));
}

describe('feed processing', () => {
  it('moves IN_QUEUE -> IN_PROGRESS -> DONE when the clock passes each state delay', async () => {
    const s = await openSandbox({ delays: { inQueueMs: 5_000, inProgressMs: 20_000 } });
    const feedId = await s.submit(fixture('bad-products-onix31.xml'));
    const status = async () => (await s.call('GET', feedPath(feedId))).json;
    s.clock.advance(4_999);
    expect(await status()).not.toHaveProperty('processingStartTime');
    s.clock.advance(1);
    expect(await status()).toMatchObject({ processingStatus: 'IN_PROGRESS', processingStartTime: '2026-03-01T09:00:05.000Z' });
    s.clock.advance(19_999);
    expect((await status()).processingStatus).toBe('IN_PROGRESS');
    s.clock.advance(1);
    expect(await status()).toMatchObject({ processingStatus: 'DONE', processingEndTime: '2026-03-01T09:00:25.000Z', resultFeedDocumentId: expect.any(String) });
  });

  it('reports each product a retailer would reject, by position and ISBN', async () => {
    const { text } = await process(await openSandbox(), fixture('bad-products-onix31.xml'));
    expect(results(text)).toEqual([
      { messageId: 2, code: 'Error', messageCode: 8106, sku: '9780000000019' },
      { messageId: 3, code: 'Error', messageCode: 8104, sku: '9780000000011' },
      { messageId: 4, code: 'Error', messageCode: 8102, sku: '9780000000026' },
      { messageId: 4, code: 'Error', messageCode: 8105, sku: '9780000000026' },
      { messageId: 5, code: 'Warning', messageCode: 8108, sku: '9780000000033' },
    ]);
    expect(text).toContain('ISBN 9780000000011 has a wrong check digit: the last digit must be 9');
    expect(text).toContain('RecordReference is 39 characters; at most 32 are accepted');
    expect(text).toContain('is a delete (NotificationType 05) of a record that was never received');
    expect(text).toMatch(/<StatusCode>Complete<\/StatusCode>/);
  });

  it('remembers accepted records, so a later delete of one is not a warning', async () => {
    const s = await openSandbox();
    await process(s, fixture('bad-products-onix31.xml'));
    const deletion = `<?xml version="1.0"?><ONIXMessage release="3.1" xmlns="http://ns.editeur.org/onix/3.1/reference"><Header/>
      <Product><RecordReference>9780000000002</RecordReference><NotificationType>05</NotificationType></Product>
      <Product><RecordReference>9780000000019</RecordReference><NotificationType>05</NotificationType></Product></ONIXMessage>`;
    const { text } = await process(s, deletion);
    expect(results(text)).toEqual([{ messageId: 2, code: 'Warning', messageCode: 8108, sku: undefined }]);
    expect(text).toMatch(/<MessagesProcessed>2<\/MessagesProcessed>\s*<MessagesSuccessful>2<\/MessagesSuccessful>\s*<MessagesWithError>0<\/MessagesWithError>\s*<MessagesWithWarning>1<\/MessagesWithWarning>/);
  });

  it('applies feeds in the order they were submitted, whichever one the client asks about first', async () => {
    const s = await openSandbox();
    const add = await s.submit(fixture('bad-products-onix31.xml'));
    const remove = await s.submit(`<ONIXMessage release="3.1"><Header/><Product><RecordReference>9780000000002</RecordReference><NotificationType>05</NotificationType></Product></ONIXMessage>`);
    s.clock.advance(60_000);
    const removed = (await s.call('GET', feedPath(remove))).json;
    expect((await s.downloadResult(removed.resultFeedDocumentId)).bytes.toString()).toMatch(/<MessagesWithWarning>0<\/MessagesWithWarning>/);
    expect((await s.call('GET', feedPath(add))).json.processingStatus).toBe('DONE');
  });

  it('reads ONIX 3.0 with short tags, and refuses a zero price', async () => {
    const { feed, text } = await process(await openSandbox(), fixture('short-tags-onix30.xml'));
    expect(feed.processingStatus).toBe('DONE');
    expect(results(text)).toEqual([{ messageId: 1, code: 'Error', messageCode: 8107, sku: '9780000000002' }]);
  });

  it('gzips result documents and can encode them as windows-1252, declaring the charset', async () => {
    const { report, text } = await process(await openSandbox({ resultCharset: 'windows-1252' }), fixture('bad-products-onix31.xml'));
    expect(report!.document.compressionAlgorithm).toBe('GZIP');
    expect(report!.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(report!.response.headers.get('content-type')).toBe('text/xml; charset=windows-1252');
    expect(report!.bytes.includes(Buffer.from('Caf\xe9 Society', 'latin1'))).toBe(true);
    expect(text).toContain('Caf\ufffd Society');
    expect(new TextDecoder('windows-1252').decode(report!.bytes)).toContain('<?xml version="1.0" encoding="windows-1252"?>');
  });

  it('ends FATAL with a report when the document is not parseable', async () => {
    const { feed, text } = await process(await openSandbox(), '<ONIXMessage release="3.1"><Product></ONIXMessage>');
    expect(feed.processingStatus).toBe('FATAL');
    expect(results(text)).toEqual([{ messageId: 0, code: 'Error', messageCode: 5001, sku: undefined }]);
    expect(text).toContain('The document could not be read as ONIX: XML parsing fatal error');
    expect(text).toMatch(/<MessagesProcessed>0<\/MessagesProcessed>\s*<MessagesSuccessful>0<\/MessagesSuccessful>\s*<MessagesWithError>0<\/MessagesWithError>/);
  });

  it('ends FATAL when the document is XML but not ONIX, or not in its declared charset', async () => {
    const notOnix = await process(await openSandbox(), '<AmazonEnvelope/>');
    expect(notOnix.text).toContain('root element is &lt;AmazonEnvelope&gt;, not an ONIX &lt;ONIXMessage&gt;');
    const latin1 = await process(await openSandbox(), Buffer.from('<ONIXMessage release="3.1">Caf\xe9</ONIXMessage>', 'latin1'));
    expect(latin1.feed.processingStatus).toBe('FATAL');
    expect(latin1.text).toContain('The document is not valid UTF-8 as its Content-Type');
  });

  it('ends FATAL with a reason for feed types it does not process', async () => {
    const { feed, text } = await process(await openSandbox(), 'a\tb', 'text/tab-separated-values; charset=UTF-8', 'POST_FLAT_FILE_BOOKLOADER_DATA');
    expect(feed.processingStatus).toBe('FATAL');
    expect(text).toContain('<ResultMessageCode>5002</ResultMessageCode>');
    expect(text).toContain('Feed type POST_FLAT_FILE_BOOKLOADER_DATA is not supported by this sandbox');
  });

  it('ends FATAL when createFeed came before the upload', async () => {
    const s = await openSandbox();
    const created = await s.call('POST', '/feeds/2021-06-30/documents', { contentType: 'text/xml; charset=UTF-8' });
    const feedId = (await s.call('POST', '/feeds/2021-06-30/feeds', { feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: created.json.feedDocumentId })).json.feedId;
    s.clock.advance(60_000);
    const feed = (await s.call('GET', feedPath(feedId))).json;
    expect(feed.processingStatus).toBe('FATAL');
    const report = await s.downloadResult(feed.resultFeedDocumentId);
    expect(report.bytes.toString()).toContain('The input feed document was never uploaded');
  });

  it('answers JSON_LISTINGS_FEED uploads with the JSON listings report, gzip and UTF-8', async () => {
    const example = readFileSync(new URL('../../schemas/sp-api/listings-feed-schema-v2.example.json', import.meta.url));
    const { feed, report, text } = await process(await openSandbox(), example, 'application/json; charset=UTF-8', 'JSON_LISTINGS_FEED');
    expect(feed.processingStatus).toBe('DONE');
    expect(report!.response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const json = JSON.parse(text);
    expect(json.header).toMatchObject({ version: '2.0', feedId: feed.feedId });
    expect(json.summary.messagesProcessed).toBe(JSON.parse(example.toString()).messages.length);
  });

  it('ends a JSON_LISTINGS_FEED FATAL, with the listings report, when the document is not JSON', async () => {
    const { feed, text } = await process(await openSandbox(), '<not-json/>', 'application/json', 'JSON_LISTINGS_FEED');
    expect(feed.processingStatus).toBe('FATAL');
    expect(JSON.parse(text).issues[0].message).toContain('not valid JSON');
  });
});
