import { afterEach, describe, expect, it } from 'vitest';
import { closeSandboxes, openSandbox } from './sandbox-client.ts';

afterEach(closeSandboxes);

const FEEDS = '/feeds/2021-06-30/feeds';
const DOCUMENTS = '/feeds/2021-06-30/documents';
const validFeed = { feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: 'x' };

describe('every request is checked against feeds_2021-06-30.json', () => {
  const cases: { name: string; method: string; path: string; body?: unknown; headers?: Record<string, string>; problem: string }[] = [
    { name: 'unknown path', method: 'GET', path: '/feeds/2020-09-04/feeds', problem: 'path /feeds/2020-09-04/feeds is not in the Feeds API model' },
    { name: 'broken percent-encoding', method: 'GET', path: `${FEEDS}/%E0%A4%A`, problem: 'a path parameter is not valid percent-encoding' },
    { name: 'undeclared method', method: 'PUT', path: `${FEEDS}/1`, problem: 'PUT /feeds/2021-06-30/feeds/1: method not in the model' },
    { name: 'missing required body field', method: 'POST', path: FEEDS, body: { feedType: 'POST_PRODUCT_DATA', marketplaceIds: ['ATVPDKIKX0DER'] }, problem: "body must have required property 'inputFeedDocumentId'" },
    { name: 'wrong body type', method: 'POST', path: FEEDS, body: { ...validFeed, marketplaceIds: 'ATVPDKIKX0DER' }, problem: 'body.marketplaceIds must be array' },
    { name: 'too many marketplaces', method: 'POST', path: FEEDS, body: { ...validFeed, marketplaceIds: Array(26).fill('ATVPDKIKX0DER') }, problem: 'body.marketplaceIds must NOT have more than 25 items' },
    { name: 'feedOptions with a number', method: 'POST', path: FEEDS, body: { ...validFeed, feedOptions: { n: 1 } }, problem: 'body.feedOptions.n must be string' },
    { name: 'body that is not JSON', method: 'POST', path: DOCUMENTS, body: 'contentType=text/xml', problem: 'request body is not JSON' },
    { name: 'wrong Content-Type on a body', method: 'POST', path: DOCUMENTS, body: '{"contentType":"text/xml"}', headers: { 'content-type': 'text/plain' }, problem: "Content-Type must be application/json, got 'text/plain'" },
    { name: 'getFeeds without feedTypes or nextToken', method: 'GET', path: `${FEEDS}?pageSize=5`, problem: 'either feedTypes or nextToken is required' },
    { name: 'nextToken with other parameters', method: 'GET', path: `${FEEDS}?nextToken=abc&feedTypes=X`, problem: 'nextToken must be the only parameter, also got feedTypes' },
    { name: 'pageSize out of range', method: 'GET', path: `${FEEDS}?feedTypes=X&pageSize=101`, problem: "query parameter 'pageSize' must be <= 100" },
    { name: 'too many feedTypes', method: 'GET', path: `${FEEDS}?feedTypes=${Array(11).fill('X').join(',')}`, problem: "query parameter 'feedTypes' takes at most 10 items, got 11" },
    { name: 'status outside the enum', method: 'GET', path: `${FEEDS}?feedTypes=X&processingStatuses=FINISHED`, problem: "'FINISHED' is not one of CANCELLED, DONE, FATAL, IN_PROGRESS, IN_QUEUE" },
    { name: 'createdSince not a date-time', method: 'GET', path: `${FEEDS}?feedTypes=X&createdSince=yesterday`, problem: "query parameter 'createdSince' must be an ISO 8601 date-time" },
    { name: 'undeclared query parameter', method: 'GET', path: `${FEEDS}/1?verbose=true`, problem: "query parameter 'verbose' is not declared for getFeed" },
    { name: 'non-boolean flag', method: 'GET', path: `${DOCUMENTS}/d?enableContentEncodingUrlHeader=yes`, problem: "query parameter 'enableContentEncodingUrlHeader' must be true or false" },
    { name: 'body on a GET', method: 'DELETE', path: `${FEEDS}/1`, body: { why: 'because' }, problem: 'cancelFeed takes no request body' },
  ];

  it.each(cases)('$name: 400 naming the rule, and recorded', async ({ method, path, body, headers, problem }) => {
    const { call, sandbox } = await openSandbox();
    const answer = await call(method, path, body, headers);
    expect(answer.status).toBe(400);
    expect(answer.json.errors[0].code).toBe('InvalidInput');
    expect(answer.json.errors[0].message).toContain('does not conform to the Feeds API model');
    expect(answer.json.errors[0].details).toContain(problem);
    expect(answer.headers.get('x-amzn-requestid')).toBeTruthy();
    expect(sandbox.violations).toHaveLength(1);
    expect(sandbox.violations[0].problems.join('; ')).toContain(problem);
  });

  it('records nothing for conforming requests, and reports violations loudly in its log', async () => {
    const lines: string[] = [];
    const { call, sandbox } = await openSandbox({ log: (line) => lines.push(line) });
    await call('GET', `${FEEDS}?feedTypes=POST_PRODUCT_DATA&pageSize=100&processingStatuses=DONE,FATAL&createdSince=2026-01-01T00:00:00Z`);
    await call('GET', `${DOCUMENTS}/d?enableContentEncodingUrlHeader=true`);
    expect(sandbox.violations).toEqual([]);
    await call('GET', `${FEEDS}`);
    expect(lines.filter((l) => l.startsWith('MODEL VIOLATION'))).toEqual(['MODEL VIOLATION GET /feeds/2021-06-30/feeds: getFeeds: either feedTypes or nextToken is required']);
  });

  it('checks the model before authentication, so a client without a token still learns it broke the contract', async () => {
    const { sandbox } = await openSandbox();
    const response = await fetch(`${sandbox.endpoint}${FEEDS}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(400);
    expect(sandbox.violations[0].operation).toBe('createFeed');
  });
});
