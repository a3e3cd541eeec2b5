import { afterEach, describe, expect, it } from 'vitest';
import { closeSandboxes, fixture, openSandbox } from './sandbox-client.ts';

afterEach(closeSandboxes);

const DOCUMENTS = '/feeds/2021-06-30/documents';

async function newDocument(contentType = 'text/xml; charset=UTF-8') {
  const s = await openSandbox({ processingDelayMs: 0 });
  const created = await s.call('POST', DOCUMENTS, { contentType });
  return { ...s, url: created.json.url as string, feedDocumentId: created.json.feedDocumentId as string };
}

describe('pre-signed URLs', () => {
  it('look like S3 query-signed URLs on the sandbox host', async () => {
    const { url, sandbox } = await newDocument();
    const parsed = new URL(url);
    expect(parsed.origin).toBe(sandbox.endpoint);
    expect(parsed.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(parsed.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(parsed.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accept an upload with the declared Content-Type byte for byte', async () => {
    const { url, sandbox } = await newDocument();
    const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/xml; charset=UTF-8' }, body: 'x' });
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe('"9dd4e461268c8034f5c8564e155c67a6"');
    expect(sandbox.counts.upload).toBe(1);
  });

  it.each(['text/xml', 'text/xml; charset=utf-8', 'text/xml;charset=UTF-8', 'application/octet-stream'])(
    'refuse Content-Type %j (declared "text/xml; charset=UTF-8") with S3 SignatureDoesNotMatch',
    async (contentType) => {
      const { url } = await newDocument();
      const put = await fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: 'x' });
      expect(put.status).toBe(403);
      expect(put.headers.get('content-type')).toBe('application/xml');
      const body = await put.text();
      expect(body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated does not match/);
      expect(body).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId>/);
    },
  );

  it('refuse a tampered signature or expiry', async () => {
    const { url } = await newDocument();
    const longer = url.replace('X-Amz-Expires=300', 'X-Amz-Expires=30000');
    const put = await fetch(longer, { method: 'PUT', headers: { 'content-type': 'text/xml; charset=UTF-8' }, body: 'x' });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('expire after 5 minutes on the sandbox clock', async () => {
    const { url, clock } = await newDocument();
    clock.advance(299_000);
    const inTime = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/xml; charset=UTF-8' }, body: 'x' });
    expect(inTime.status).toBe(200);
    clock.advance(1_000);
    const late = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/xml; charset=UTF-8' }, body: 'x' });
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
  });

  it('serve result downloads only until they expire, and gzip-encoded on request', async () => {
    const { call, submit, clock } = await openSandbox({ processingDelayMs: 0 });
    const feedId = await submit(fixture('bad-products-onix31.xml'));
    const feed = (await call('GET', `/feeds/2021-06-30/feeds/${feedId}`)).json;
    const plain = (await call('GET', `${DOCUMENTS}/${feed.resultFeedDocumentId}`)).json;
    const encoded = (await call('GET', `${DOCUMENTS}/${feed.resultFeedDocumentId}?enableContentEncodingUrlHeader=true`)).json;
    const decoded = await fetch(encoded.url);
    expect(decoded.headers.get('content-encoding')).toBe('gzip');
    expect(await decoded.text()).toContain('<AmazonEnvelope');
    expect((await fetch(plain.url)).headers.get('content-encoding')).toBeNull();
    const stripped = new URL(encoded.url);
    stripped.searchParams.delete('response-content-encoding');
    expect((await fetch(stripped)).status).toBe(403);
    clock.advance(300_000);
    const late = await fetch(plain.url);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
  });

  it('answer NoSuchKey for a document that does not exist', async () => {
    const { sandbox } = await openSandbox();
    const response = await fetch(`${sandbox.endpoint}/s3/documents/nothing-here`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('<Code>NoSuchKey</Code>');
  });
});
