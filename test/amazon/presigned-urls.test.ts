/**
 * Uploads and downloads through pre-signed URLs: S3 refusals, Content-Type mismatch, expiry.
 * Driven through the client over loopback against the sandbox; every test also checks (in finish) that the client
 * kept to Amazon's model and that no secret or pre-signed URL reached a log line or error message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentTransferError } from '../../src/amazon/errors.ts';
import { failure, finish, type Harness, ONIX_CONTENT_TYPE, startHarness, submit, TWO_PRODUCTS } from './harness.ts';

let h: Harness;
afterEach(() => finish(h));

describe('pre-signed URLs', () => {
  it('S3 403 on upload: a clear error naming host and path only', async () => {
    h = await startHarness();
    const doc = await h.client.createFeedDocument(ONIX_CONTENT_TYPE);
    h.sandbox.admin.addFaults('upload:403');
    const error = (await failure(h, h.client.uploadDocument(doc.url, TWO_PRODUCTS, ONIX_CONTENT_TYPE))) as DocumentTransferError;
    expect(error).toBeInstanceOf(DocumentTransferError);
    expect(error).toMatchObject({ status: 403, s3Code: 'AccessDenied' });
    expect(error.message).toContain(`upload ${new URL(doc.url).host}${new URL(doc.url).pathname} refused: HTTP 403 AccessDenied`);
  });

  it('S3 500 and 503 are retried: the same bytes to the same URL', async () => {
    h = await startHarness();
    const doc = await h.client.createFeedDocument(ONIX_CONTENT_TYPE);
    h.sandbox.admin.addFaults('upload:500,upload:503');
    await h.client.uploadDocument(doc.url, TWO_PRODUCTS, ONIX_CONTENT_TYPE);
    expect(h.sandbox.counts.upload).toBe(3);
    h.sandbox.admin.addFaults('upload:503x4');
    const error = (await failure(h, h.client.uploadDocument(doc.url, TWO_PRODUCTS, ONIX_CONTENT_TYPE))) as DocumentTransferError;
    expect(error.message).toMatch(/^upload 127\.0\.0\.1:\d+\/s3\/documents\/[^?\s]+ failed after 4 attempts: HTTP 503$/);
  });

  it('a Content-Type other than the declared one: S3 SignatureDoesNotMatch, explained', async () => {
    h = await startHarness();
    const doc = await h.client.createFeedDocument(ONIX_CONTENT_TYPE);
    // Another process (a resumed run) does not know what was declared, so the request reaches S3.
    const resumed = h.newClient();
    const error = (await failure(h, resumed.uploadDocument(doc.url, TWO_PRODUCTS, 'text/xml'))) as DocumentTransferError;
    expect(error.s3Code).toBe('SignatureDoesNotMatch');
    expect(error.message).toMatch(/this upload sent 'text\/xml'\. The two must be byte-identical/);
    // The client that declared it stops the mismatch before sending anything.
    const local = await failure(h, h.client.uploadDocument(doc.url, TWO_PRODUCTS, 'text/xml;charset=utf-8'));
    expect(local.message).toMatch(/Content-Type 'text\/xml;charset=utf-8' differs from 'text\/xml; charset=UTF-8'/);
    expect(h.sandbox.counts.upload).toBe(1);
  });

  it('an expired upload URL: the error says to request a new one', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('urls:expired');
    const doc = await h.client.createFeedDocument(ONIX_CONTENT_TYPE);
    const error = (await failure(h, h.client.uploadDocument(doc.url, TWO_PRODUCTS, ONIX_CONTENT_TYPE))) as DocumentTransferError;
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/Request has expired\. Pre-signed URLs expire 5 minutes after they are issued/);
  });

  it('an expired download URL is renewed once with getFeedDocument', async () => {
    h = await startHarness();
    const feed = await h.client.pollFeed(await submit(h), { intervalMs: 60_000, timeoutMs: 3_600_000 });
    h.sandbox.admin.addFaults('urls:expired');
    const { report } = await h.client.getFeedResult(feed);
    expect(report?.messagesProcessed).toBe(2);
    expect(h.sandbox.counts.getFeedDocument).toBe(2);
    expect(h.sandbox.counts.download).toBe(2);
  });
});
