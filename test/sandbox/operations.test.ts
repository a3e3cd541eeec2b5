import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterEach, describe, expect, it } from 'vitest';
import { virtualClock } from '../helpers/virtual-clock.ts';
import { closeSandboxes, fixture, openSandbox } from './sandbox-client.ts';

afterEach(closeSandboxes);

type ErrorList = { errors: { code: string; message: string; details: string }[] };

const FEEDS = '/feeds/2021-06-30/feeds';
const DOCUMENTS = '/feeds/2021-06-30/documents';

describe('Feeds operations: status codes, bodies and headers from the model', () => {
  it('answers createFeedDocument 201, createFeed 202, getFeed/getFeedDocument 200 with the rate-limit header', async () => {
    const { call, sandbox } = await openSandbox();
    const document = await call('POST', DOCUMENTS, { contentType: 'text/xml; charset=UTF-8' });
    expect(document.status).toBe(201);
    expect(Object.keys(document.json).sort()).toEqual(['feedDocumentId', 'url']);
    expect(document.headers.get('x-amzn-ratelimit-limit')).toBe('0.5');
    expect(document.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);

    const feed = await call('POST', FEEDS, { feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: document.json.feedDocumentId, feedOptions: { note: 'x' } });
    expect(feed.status).toBe(202);
    expect(feed.json).toEqual({ feedId: expect.any(String) });
    expect(feed.headers.get('x-amzn-ratelimit-limit')).toBe('0.0083');

    const got = await call('GET', `${FEEDS}/${feed.json.feedId}`);
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ feedId: feed.json.feedId, feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], createdTime: '2026-03-01T09:00:00.000Z', processingStatus: 'IN_QUEUE' });
    expect(got.headers.get('x-amzn-ratelimit-limit')).toBe('2');

    const input = await call('GET', `${DOCUMENTS}/${document.json.feedDocumentId}`);
    expect(input.status).toBe(200);
    expect(input.json.compressionAlgorithm).toBeUndefined();
    expect(input.headers.get('x-amzn-ratelimit-limit')).toBe('0.0222');
    expect(sandbox.violations).toEqual([]);
  });

  it('answers 404 NotFound (with the rate-limit header, as the model declares) for unknown feeds and documents', async () => {
    const { call } = await openSandbox();
    for (const path of [`${FEEDS}/999`, `${DOCUMENTS}/amzn1.tortuga.nope`]) {
      const missing = await call('GET', path);
      expect(missing.status).toBe(404);
      expect(missing.json.errors[0]).toMatchObject({ code: 'NotFound', message: expect.any(String), details: expect.stringContaining('No feed') });
      expect(missing.headers.get('x-amzn-ratelimit-limit')).not.toBeNull();
    }
    expect((await call('DELETE', `${FEEDS}/999`)).status).toBe(404);
  });

  it('numbers feeds on from the time it started, so feeds of two sandbox runs never share an id', async () => {
    const feedIds: string[] = [];
    for (const start of ['2026-03-01T09:00:00Z', '2026-03-01T09:00:01Z']) {
      const clock = virtualClock(start);
      const { call } = await openSandbox({ now: clock.now });
      for (let i = 0; i < 2; i++) {
        const document = await call('POST', DOCUMENTS, { contentType: 'text/xml; charset=UTF-8' });
        const feed = await call('POST', FEEDS, { feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: document.json.feedDocumentId });
        feedIds.push(feed.json.feedId as string);
      }
    }
    const first = Date.parse('2026-03-01T09:00:00Z');
    expect(feedIds).toEqual([first, first + 1, first + 1000, first + 1001].map(String));
  });

  it('refuses createFeed for a document it never issued', async () => {
    const { call } = await openSandbox();
    const bad = await call('POST', FEEDS, { feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: 'made-up' });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0]).toMatchObject({ code: 'InvalidInput', details: expect.stringContaining('made-up') });
  });

  it('cancels a feed only while it is IN_QUEUE; cancelFeed 200 has no body', async () => {
    const { call, clock, submit } = await openSandbox({ processingDelayMs: 10_000 });
    const first = await submit(fixture('bad-products-onix31.xml'));
    const cancelled = await call('DELETE', `${FEEDS}/${first}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.text).toBe('');
    expect((await call('GET', `${FEEDS}/${first}`)).json).toMatchObject({ processingStatus: 'CANCELLED', processingEndTime: '2026-03-01T09:00:00.000Z' });
    clock.advance(20_000);
    expect((await call('GET', `${FEEDS}/${first}`)).json.processingStatus).toBe('CANCELLED');

    const second = await submit(fixture('bad-products-onix31.xml'));
    clock.advance(10_000);
    const refused = await call('DELETE', `${FEEDS}/${second}`);
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].details).toBe(`Feed ${second} is IN_PROGRESS; only feeds that are IN_QUEUE can be cancelled.`);
  });

  it('lists feeds with getFeeds filters and pages with nextToken', async () => {
    const { call, clock, submit } = await openSandbox({ processingDelayMs: 1000 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await submit(fixture('bad-products-onix31.xml')));
      clock.advance(60_000);
    }
    const other = await submit('{}', 'application/json', 'JSON_LISTINGS_FEED');
    const page1 = await call('GET', `${FEEDS}?feedTypes=POST_PRODUCT_DATA&pageSize=2`);
    expect(page1.status).toBe(200);
    expect(page1.json.feeds.map((f: { feedId: string }) => f.feedId)).toEqual([ids[2], ids[1]]);
    const page2 = await call('GET', `${FEEDS}?nextToken=${encodeURIComponent(page1.json.nextToken)}`);
    expect(page2.json).toEqual({ feeds: [expect.objectContaining({ feedId: ids[0], processingStatus: 'DONE' })] });
    const both = await call('GET', `${FEEDS}?feedTypes=POST_PRODUCT_DATA,JSON_LISTINGS_FEED&processingStatuses=IN_QUEUE`);
    expect(both.json.feeds.map((f: { feedId: string }) => f.feedId)).toEqual([other]);
    const since = await call('GET', `${FEEDS}?feedTypes=POST_PRODUCT_DATA&createdSince=2026-03-01T09:01:00Z`);
    expect(since.json.feeds).toHaveLength(2);
    const elsewhere = await call('GET', `${FEEDS}?feedTypes=POST_PRODUCT_DATA&marketplaceIds=A1F83G8C2ARO7P`);
    expect(elsewhere.json.feeds).toEqual([]);
    expect((await call('GET', `${FEEDS}?nextToken=garbage`)).status).toBe(400);
  });
});

describe('response bodies', () => {
  const model = JSON.parse(readFileSync(new URL('../../schemas/sp-api/feeds_2021-06-30.json', import.meta.url), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ definitions: model.definitions }, 'feeds');
  const conforms = (definition: string, body: unknown) => {
    const validate = ajv.getSchema(`feeds#/definitions/${definition}`)!;
    expect(validate(body), `${definition}: ${JSON.stringify(validate.errors)}`).toBe(true);
  };

  it('match the model definitions in every state', async () => {
    const { call, submit, clock } = await openSandbox({ faults: 'feed:FATAL-noreport' });
    conforms('CreateFeedDocumentResponse', (await call('POST', DOCUMENTS, { contentType: 'text/xml' })).json);
    const fatal = await submit(fixture('bad-products-onix31.xml'));
    const done = await submit(fixture('bad-products-onix31.xml'));
    conforms('Feed', (await call('GET', `${FEEDS}/${done}`)).json);
    clock.advance(1_000);
    conforms('Feed', (await call('GET', `${FEEDS}/${done}`)).json);
    clock.advance(1_000);
    const finished = (await call('GET', `${FEEDS}/${done}`)).json;
    conforms('Feed', finished);
    conforms('Feed', (await call('GET', `${FEEDS}/${fatal}`)).json);
    conforms('GetFeedsResponse', (await call('GET', `${FEEDS}?feedTypes=POST_PRODUCT_DATA&pageSize=1`)).json);
    conforms('FeedDocument', (await call('GET', `${DOCUMENTS}/${finished.resultFeedDocumentId}`)).json);
    conforms('ErrorList', (await call('GET', `${FEEDS}/nope`)).json);
    conforms('ErrorList', (await call('GET', `${FEEDS}`)).json);
  });
});

describe('authentication', () => {
  it('issues tokens to the right credentials and refuses the wrong ones as LWA does', async () => {
    const { token } = await openSandbox();
    const good = await token();
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ access_token: expect.stringMatching(/^Atza\|/), token_type: 'bearer', expires_in: 3600 });
    expect(good.headers.get('x-amzn-requestid')).toBeTruthy();
    const badSecret = await token({ client_secret: 'rotated-long-ago' });
    expect(badSecret.status).toBe(401);
    expect(badSecret.json.error).toBe('invalid_client');
    const badRefresh = await token({ refresh_token: 'Atzr|revoked' });
    expect(badRefresh.status).toBe(400);
    expect(badRefresh.json.error).toBe('invalid_grant');
    const badGrant = await token({ grant_type: 'authorization_code' });
    expect(badGrant.json.error).toBe('unsupported_grant_type');
  });

  it('accepts the JSON body some clients send', async () => {
    const { sandbox } = await openSandbox();
    const { credentials } = sandbox;
    const response = await fetch(sandbox.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: credentials.refreshToken, client_id: credentials.clientId, client_secret: credentials.clientSecret }),
    });
    expect(response.status).toBe(200);
  });

  it('answers 403 Unauthorized without the rate-limit header for a missing, unknown or expired token', async () => {
    const { sandbox, token, clock } = await openSandbox();
    const get = (headers: Record<string, string>) => fetch(`${sandbox.endpoint}${FEEDS}/1`, { headers });
    const none = await get({});
    expect(none.status).toBe(403);
    expect(none.headers.get('x-amzn-ratelimit-limit')).toBeNull();
    expect(((await none.json()) as ErrorList).errors[0]).toEqual({ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The access token you provided is revoked, malformed or invalid.' });
    expect((await get({ 'x-amz-access-token': 'Atza|forged' })).status).toBe(403);
    const issued = (await token()).json.access_token;
    expect((await get({ 'x-amz-access-token': issued })).status).toBe(404);
    clock.advance(3600_000);
    const expired = await get({ 'x-amz-access-token': issued });
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as ErrorList).errors[0].details).toBe('The access token you provided has expired.');
  });

  it('can expire every token on demand', async () => {
    const { call, sandbox } = await openSandbox();
    expect((await call('GET', `${FEEDS}/1`)).status).toBe(404);
    sandbox.admin.expireTokens();
    expect((await call('GET', `${FEEDS}/1`)).json.errors[0].details).toBe('The access token you provided has expired.');
  });
});
