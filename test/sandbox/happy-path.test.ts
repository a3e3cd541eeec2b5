import { afterEach, describe, expect, it } from 'vitest';
import { closeSandboxes, fixture, openSandbox } from './sandbox-client.ts';

afterEach(closeSandboxes);

describe('sandbox happy path', () => {
  it('takes a document from token to DONE and serves a gzip report computed from the upload', async () => {
    const log: string[] = [];
    const { sandbox, clock, call, submit, downloadResult } = await openSandbox({ processingDelayMs: 30_000, log: (line) => log.push(line) });
    const feedId = await submit(fixture('bad-products-onix31.xml'));
    expect((await call('GET', `/feeds/2021-06-30/feeds/${feedId}`)).json.processingStatus).toBe('IN_QUEUE');
    clock.advance(30_000);
    expect((await call('GET', `/feeds/2021-06-30/feeds/${feedId}`)).json.processingStatus).toBe('IN_PROGRESS');
    clock.advance(30_000);
    const done = await call('GET', `/feeds/2021-06-30/feeds/${feedId}`);
    expect(done.json).toMatchObject({ feedId, processingStatus: 'DONE', feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'] });
    expect(done.json.processingEndTime).toBe('2026-03-01T09:01:00.000Z');
    const { document, response, bytes } = await downloadResult(done.json.resultFeedDocumentId);
    expect(document.compressionAlgorithm).toBe('GZIP');
    expect(response.headers.get('content-type')).toBe('text/xml; charset=UTF-8');
    const report = bytes.toString('utf8');
    expect(report).toContain('<MessageType>ProcessingReport</MessageType>');
    expect(report).toContain(`<DocumentTransactionID>${feedId}</DocumentTransactionID>`);
    expect(report).toMatch(/<MessagesProcessed>5<\/MessagesProcessed>\s*<MessagesSuccessful>2<\/MessagesSuccessful>\s*<MessagesWithError>3<\/MessagesWithError>\s*<MessagesWithWarning>1<\/MessagesWithWarning>/);
    expect(report).toContain("'Café Society' has no price and no UnpricedItemType");
    expect(sandbox.counts).toMatchObject({ token: 1, createFeedDocument: 1, upload: 1, createFeed: 1, getFeed: 3, getFeedDocument: 1, download: 1 });
    expect(sandbox.violations).toEqual([]);
    expect(log).toContain(`GET /feeds/2021-06-30/feeds/${feedId} -> 200`);
    expect(log.join('\n')).not.toMatch(/X-Amz-Signature|Atza\||Atzr\||client-secret/);
  });
});
