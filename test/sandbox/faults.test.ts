import { afterEach, describe, expect, it } from 'vitest';
import { FaultSpecError, formatFaultSpec, parseFaultSpecs } from '../../src/sandbox/faults.ts';
import { closeSandboxes, fixture, openSandbox } from './sandbox-client.ts';

afterEach(closeSandboxes);

const FEEDS = '/feeds/2021-06-30/feeds';
const DOCUMENTS = '/feeds/2021-06-30/documents';
const feedBody = (inputFeedDocumentId: string) => ({ feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId });
/** Long enough for loopback to answer, short enough to keep the suite fast. */
const GIVE_UP_MS = 150;

describe('fault spec language', () => {
  it('parses targets, actions and counts', () => {
    expect(parseFaultSpecs('createFeed:429x3, getFeed:hang\nfeed:FATAL-noreport getFeed:503x*')).toEqual([
      { target: 'createFeed', action: '429', times: 3 },
      { target: 'getFeed', action: 'hang', times: 1 },
      { target: 'feed', action: 'FATAL-noreport', times: 1 },
      { target: 'getFeed', action: '503', times: Infinity },
    ]);
    expect(parseFaultSpecs('')).toEqual([]);
    expect(parseFaultSpecs('urls:expiredx2').map(formatFaultSpec)).toEqual(['urls:expiredx2']);
  });

  it.each([
    ['createFeed', "fault 'createFeed': expected target:action[xN], e.g. createFeed:429x3"],
    ['creatFeed:429', "fault 'creatFeed:429': unknown target 'creatFeed' (targets: getFeeds, createFeed,"],
    ['upload:429', "fault 'upload:429': 'upload' does not take '429' (it takes: 403, 500, 503, reset, hang)"],
    ['feed:fatal', "'feed' does not take 'fatal' (it takes: FATAL, FATAL-noreport, CANCELLED, stuck)"],
    ['getFeed:500x0', "fault 'getFeed:500x0': the count after 'x' must be at least 1"],
  ])('refuses %j with a message that says what would be right', (spec, message) => {
    expect(() => parseFaultSpecs(spec)).toThrow(FaultSpecError);
    expect(() => parseFaultSpecs(spec)).toThrow(message);
  });
});

describe('faults over HTTP', () => {
  it('createFeed:429x3 throttles three times, then creates exactly one feed', async () => {
    const { call, sandbox } = await openSandbox({ faults: 'createFeed:429x3' });
    const id = (await call('POST', DOCUMENTS, { contentType: 'text/xml' })).json.feedDocumentId;
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call('POST', FEEDS, feedBody(id))).status);
    expect(statuses).toEqual([429, 429, 429, 202]);
    expect(sandbox.counts.createFeed).toBe(4);
    expect(await sandbox.admin.feeds()).toHaveLength(1);
    expect(sandbox.admin.faults()).toEqual([]);
  });

  it('getFeed:500x2 and createFeedDocument:503 answer with the SP-API error shapes', async () => {
    const { call } = await openSandbox({ faults: 'getFeed:500x2,createFeedDocument:503' });
    const unavailable = await call('POST', DOCUMENTS, { contentType: 'text/xml' });
    expect(unavailable.status).toBe(503);
    expect(unavailable.json.errors[0]).toMatchObject({ code: 'ServiceUnavailable', details: 'Injected fault createFeedDocument:503' });
    expect((await call('POST', DOCUMENTS, { contentType: 'text/xml' })).status).toBe(201);
    const failed = await call('GET', `${FEEDS}/1`);
    expect(failed.status).toBe(500);
    expect(failed.json.errors[0].code).toBe('InternalFailure');
    expect((await call('GET', `${FEEDS}/1`)).status).toBe(500);
    expect((await call('GET', `${FEEDS}/1`)).status).toBe(404);
  });

  it('<operation>:403 says the access token expired, so a client refreshes', async () => {
    const { call } = await openSandbox({ faults: 'getFeeds:403' });
    const denied = await call('GET', `${FEEDS}?feedTypes=POST_PRODUCT_DATA`);
    expect(denied.status).toBe(403);
    expect(denied.json.errors[0].details).toBe('The access token you provided has expired.');
  });

  it('createFeed:reset creates the feed and drops the connection: the ambiguous case', async () => {
    const { call, sandbox } = await openSandbox({ faults: 'createFeed:reset' });
    const id = (await call('POST', DOCUMENTS, { contentType: 'text/xml' })).json.feedDocumentId;
    await expect(call('POST', FEEDS, feedBody(id))).rejects.toThrow(/fetch failed/);
    const listed = await call('GET', `${FEEDS}?feedTypes=POST_PRODUCT_DATA`);
    expect(listed.json.feeds).toHaveLength(1);
    expect(sandbox.counts.createFeed).toBe(1);
  });

  it('getFeed:hang leaves the client waiting until it gives up', async () => {
    const { sandbox, token, call } = await openSandbox({ faults: 'getFeed:hang' });
    const accessToken = (await token()).json.access_token;
    const hung = fetch(`${sandbox.endpoint}${FEEDS}/1`, { headers: { 'x-amz-access-token': accessToken }, signal: AbortSignal.timeout(GIVE_UP_MS) });
    await expect(hung).rejects.toThrow(/timeout|aborted/i);
    expect((await call('GET', `${FEEDS}/1`)).status).toBe(404);
  });

  it('download:stall sends the headers and half the body, then nothing', async () => {
    const s = await openSandbox({ processingDelayMs: 0, faults: 'download:stall' });
    const feedId = await s.submit(fixture('bad-products-onix31.xml'));
    const feed = (await s.call('GET', `${FEEDS}/${feedId}`)).json;
    const { url } = (await s.call('GET', `${DOCUMENTS}/${feed.resultFeedDocumentId}`)).json;
    const controller = new AbortController();
    const response = await fetch(url, { signal: controller.signal });
    expect(response.status).toBe(200);
    const declared = Number(response.headers.get('content-length'));
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value!.length).toBe(Math.floor(declared / 2));
    const timer = setTimeout(() => controller.abort(), GIVE_UP_MS);
    await expect(reader.read()).rejects.toThrow(/abort/i);
    clearTimeout(timer);
    expect((await fetch(url)).status).toBe(200);
  });

  it('getFeed:stall sends half of the real answer and stops', async () => {
    const s = await openSandbox({ faults: 'getFeed:stall' });
    const feedId = await s.submit(fixture('bad-products-onix31.xml'));
    const accessToken = (await s.token()).json.access_token;
    const response = await fetch(`${s.sandbox.endpoint}${FEEDS}/${feedId}`, { headers: { 'x-amz-access-token': accessToken }, signal: AbortSignal.timeout(GIVE_UP_MS) });
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow(/timeout|aborted/i);
    expect((await s.call('GET', `${FEEDS}/${feedId}`)).json.feedId).toBe(feedId);
  });

  it('upload:403 refuses one upload with S3 AccessDenied; urls:expired issues a URL that is already expired', async () => {
    const { call } = await openSandbox({ faults: 'upload:403,urls:expired' });
    const expired = (await call('POST', DOCUMENTS, { contentType: 'text/xml' })).json.url;
    const fresh = (await call('POST', DOCUMENTS, { contentType: 'text/xml' })).json.url;
    const put = (url: string) => fetch(url, { method: 'PUT', headers: { 'content-type': 'text/xml' }, body: '<x/>' });
    const denied = await put(fresh);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message>');
    expect((await put(fresh)).status).toBe(200);
    const late = await put(expired);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('Request has expired');
  });

  it.each([
    ['token:invalid_grant', 400, 'invalid_grant'],
    ['token:invalid_client', 401, 'invalid_client'],
    ['token:503', 503, 'server_error'],
  ])('%s fails one exchange with good credentials', async (spec, status, error) => {
    const { token } = await openSandbox({ faults: spec });
    const refused = await token();
    expect(refused.status).toBe(status);
    expect(refused.json.error).toBe(error);
    expect((await token()).status).toBe(200);
  });

  it.each([
    ['feed:FATAL', { processingStatus: 'FATAL' }, true],
    ['feed:FATAL-noreport', { processingStatus: 'FATAL' }, false],
    ['feed:CANCELLED', { processingStatus: 'CANCELLED', processingEndTime: '2026-03-01T09:00:01.000Z' }, false],
    ['feed:stuck', { processingStatus: 'IN_PROGRESS', processingStartTime: '2026-03-01T09:00:01.000Z' }, false],
  ])('%s ends the next feed that way', async (spec, expected, hasReport) => {
    const s = await openSandbox({ faults: spec });
    const feedId = await s.submit(fixture('bad-products-onix31.xml'));
    s.clock.advance(600_000);
    const feed = (await s.call('GET', `${FEEDS}/${feedId}`)).json;
    expect(feed).toMatchObject(expected);
    expect(typeof feed.resultFeedDocumentId).toBe(hasReport ? 'string' : 'undefined');
    const next = await s.submit(fixture('bad-products-onix31.xml'));
    s.clock.advance(600_000);
    expect((await s.call('GET', `${FEEDS}/${next}`)).json.processingStatus).toBe('DONE');
  });

  it('feed:FATAL leaves a report that says the feed was aborted', async () => {
    const s = await openSandbox({ faults: 'feed:FATAL' });
    const feedId = await s.submit(fixture('bad-products-onix31.xml'));
    s.clock.advance(60_000);
    const feed = (await s.call('GET', `${FEEDS}/${feedId}`)).json;
    const report = (await s.downloadResult(feed.resultFeedDocumentId)).bytes.toString();
    expect(report).toContain('<ResultMessageCode>5004</ResultMessageCode>');
    expect(report).toContain('injected fault feed:FATAL');
  });

  it('x* keeps a fault armed for every request', async () => {
    const { call, sandbox } = await openSandbox({ faults: 'getFeed:503x*' });
    for (let i = 0; i < 5; i++) expect((await call('GET', `${FEEDS}/1`)).status).toBe(503);
    expect(sandbox.admin.faults().map(formatFaultSpec)).toEqual(['getFeed:503x*']);
  });
});

describe('admin endpoint /_sandbox/faults', () => {
  it('arms faults from text or JSON, lists and clears them, and refuses bad specs', async () => {
    const { sandbox, call } = await openSandbox();
    const admin = `${sandbox.endpoint}/_sandbox/faults`;
    const armed = await fetch(admin, { method: 'POST', body: 'getFeed:500x2' });
    expect(await armed.json()).toEqual({ faults: ['getFeed:500x2'] });
    await fetch(admin, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ faults: ['feed:stuck', 'createFeed:reset'] }) });
    expect(await (await fetch(admin)).json()).toEqual({ faults: ['getFeed:500x2', 'feed:stuck', 'createFeed:reset'] });
    expect((await call('GET', `${FEEDS}/1`)).status).toBe(500);
    expect(await (await fetch(admin, { method: 'DELETE' })).json()).toEqual({ faults: [] });
    expect((await call('GET', `${FEEDS}/1`)).status).toBe(404);
    const bad = await fetch(admin, { method: 'POST', body: 'getFeed:418' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("'getFeed' does not take '418'");
  });

  it('reports counts, violations, faults and feeds at /_sandbox/state', async () => {
    const { sandbox, call } = await openSandbox();
    await call('GET', FEEDS);
    const state = (await (await fetch(`${sandbox.endpoint}/_sandbox/state`)).json()) as { counts: object; violations: unknown[] };
    expect(state.counts).toMatchObject({ token: 1, getFeeds: 1, createFeed: 0 });
    expect(state.violations).toHaveLength(1);
    expect(state).toMatchObject({ faults: [], feeds: [] });
  });
});
