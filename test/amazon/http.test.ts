/**
 * What goes on the wire, seen by a bare loopback server: the headers of every call, SigV4 when configured, and the
 * use of `x-amzn-RateLimit-Limit` (which the sandbox, following Amazon's model, never sends on a 429).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedsClient } from '../../src/amazon/feeds-client.ts';
import { listenOnLoopback } from '../helpers/loopback.ts';
import { virtualClock } from '../helpers/virtual-clock.ts';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

/** A server that hands out a token and answers Feeds calls with `reply(seenSoFar)`. */
async function fakeAmazon(reply: (req: Seen, calls: Seen[]) => { status: number; headers?: Record<string, string>; body: unknown }) {
  const calls: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/auth/o2/token') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'Atza|wire-token', expires_in: 3600 }));
        return;
      }
      const seen = { method: req.method!, path: req.url!, headers: req.headers, body };
      calls.push(seen);
      const answer = reply(seen, calls);
      res.writeHead(answer.status, { 'content-type': 'application/json', 'x-amzn-RequestId': `req-${calls.length}`, ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  const base = await listenOnLoopback(server);
  const clock = virtualClock();
  const options = {
    region: 'na' as const,
    endpoint: base,
    tokenUrl: `${base}/auth/o2/token`,
    credentials: { clientId: 'client', clientSecret: 'wire-client-secret', refreshToken: 'Atzr|wire-refresh' },
    now: clock.now,
    sleep: clock.sleep,
    retry: { random: () => 0 },
  };
  return { calls, sleeps: clock.sleeps, options };
}

const FEEDS = { status: 200, body: { feeds: [] } };

describe('on the wire', () => {
  it('sends the access token, the user-agent and a JSON content type on every call', async () => {
    const wire = await fakeAmazon(() => ({ status: 201, body: { feedDocumentId: 'd1', url: 'https://s3.example/doc?X-Amz-Signature=abc' } }));
    await createFeedsClient(wire.options).createFeedDocument('application/json; charset=UTF-8');
    const [call] = wire.calls;
    expect(call).toMatchObject({ method: 'POST', path: '/feeds/2021-06-30/documents', body: '{"contentType":"application/json; charset=UTF-8"}' });
    expect(call.headers['x-amz-access-token']).toBe('Atza|wire-token');
    expect(call.headers['user-agent']).toMatch(/^onix-feeds\/\d+\.\d+\.\d+ \(Language=TypeScript\/Node \d+\.\d+\.\d+\)$/);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.headers.authorization).toBeUndefined();
  });

  it('adds a SigV4 signature for the region when AWS keys are configured', async () => {
    const wire = await fakeAmazon(() => FEEDS);
    const client = createFeedsClient({ ...wire.options, aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wire-aws-secret' } });
    await client.getFeeds({ feedTypes: ['JSON_LISTINGS_FEED'], marketplaceIds: ['ATVPDKIKX0DER'] });
    const { headers, path } = wire.calls[0];
    expect(path).toBe('/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&marketplaceIds=ATVPDKIKX0DER');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-access-token[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });

  it('keeps the AWS session token out of errors and logs, even when a proxy echoes it back', async () => {
    const sessionToken = 'canary-session-token-0123456789';
    const wire = await fakeAmazon((req) => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message: `bad token ${req.headers['x-amz-security-token']}` }] } }));
    const logs: string[] = [];
    const client = createFeedsClient({
      ...wire.options, log: (line) => logs.push(line), aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wire-aws-secret', sessionToken },
    });
    const error = await client.getFeeds({ feedTypes: ['JSON_LISTINGS_FEED'] }).then(() => undefined, (e: unknown) => e as Error);
    expect(wire.calls[0].headers['x-amz-security-token']).toBe(sessionToken);
    expect(error?.message).toContain('bad token');
    for (const text of [error!.message, ...logs]) expect(text).not.toContain(sessionToken);
  });

  it('waits 1/rate from x-amzn-RateLimit-Limit after a 429 when Amazon sends it', async () => {
    const wire = await fakeAmazon((_, calls) =>
      calls.length === 1 ? { status: 429, headers: { 'x-amzn-RateLimit-Limit': '0.5' }, body: { errors: [{ code: 'QuotaExceeded', message: 'slow down' }] } } : FEEDS,
    );
    await createFeedsClient(wire.options).getFeeds({ feedTypes: ['JSON_LISTINGS_FEED'] });
    expect(wire.calls).toHaveLength(2);
    // 1 / 0.5 per second = 2 s, instead of the model's 45 s for getFeeds.
    expect(wire.sleeps).toEqual([2000]);
  });

  it('paces calls by the plan Amazon reports on success instead of the model default', async () => {
    const wire = await fakeAmazon(() => ({ ...FEEDS, headers: { 'x-amzn-RateLimit-Limit': '4' } }));
    const client = createFeedsClient(wire.options);
    for (let i = 0; i < 12; i++) await client.getFeeds({ feedTypes: ['JSON_LISTINGS_FEED'] });
    // Burst 10 from the model, then 1/4 s apart (the model's default would be 45 s apart).
    expect(wire.sleeps).toEqual([250, 250]);
  });
});
