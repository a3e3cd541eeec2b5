/**
 * Login with Amazon refusals as LWA words them, served by a bare loopback server: which secret the error says to
 * rotate, and that no secret is echoed.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLwaTokenProvider, CredentialsError, TokenEndpointError } from '../../src/amazon/lwa.ts';
import { DEFAULT_RETRY_POLICY } from '../../src/amazon/retry-policy.ts';
import { listenOnLoopback } from '../helpers/loopback.ts';

const CREDENTIALS = { clientId: 'amzn1.application-oa2-client.x', clientSecret: 'canary-client-secret-1', refreshToken: 'Atzr|canary-refresh-1' };

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

/** A token endpoint that answers every request with `status` and `body`; resolves with the form bodies it got. */
async function tokenEndpoint(status: number, body: object) {
  const forms: URLSearchParams[] = [];
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      forms.push(new URLSearchParams(text));
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  const base = await listenOnLoopback(server);
  const logs: string[] = [];
  const provider = createLwaTokenProvider({
    credentials: CREDENTIALS,
    tokenUrl: `${base}/auth/o2/token`,
    now: () => new Date('2026-11-28T06:00:00Z'),
    sleep: async () => undefined,
    retry: { ...DEFAULT_RETRY_POLICY, random: () => 0 },
    transport: { timeoutMs: 5_000 },
    log: (line) => logs.push(line),
  });
  return { provider, forms, logs };
}

async function refusal(status: number, body: object): Promise<{ error: Error; logs: string[] }> {
  const { provider, logs } = await tokenEndpoint(status, body);
  const error = await provider.getAccessToken().then(
    () => undefined,
    (e: Error) => e,
  );
  if (!error) throw new Error('expected the exchange to fail');
  for (const text of [error.message, ...logs]) {
    expect(text).not.toContain('canary-client-secret-1');
    expect(text).not.toContain('canary-refresh-1');
  }
  return { error, logs };
}

describe('LWA token exchange', () => {
  it('posts the refresh-token grant form-encoded', async () => {
    const { provider, forms } = await tokenEndpoint(200, { access_token: 'Atza|ok', expires_in: 3600 });
    expect(await provider.getAccessToken()).toBe('Atza|ok');
    expect(Object.fromEntries(forms[0])).toEqual({
      grant_type: 'refresh_token',
      refresh_token: CREDENTIALS.refreshToken,
      client_id: CREDENTIALS.clientId,
      client_secret: CREDENTIALS.clientSecret,
    });
  });

  it('an expired client secret says to rotate the client id and secret', async () => {
    const { error } = await refusal(401, { error: 'invalid_client', error_description: 'The LWA secret token you provided has expired' });
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as CredentialsError).secretToRotate).toBe('AMAZON_LWA_CLIENT_ID/AMAZON_LWA_CLIENT_SECRET');
    expect(error.message).toContain('(invalid_client: The LWA secret token you provided has expired)');
  });

  it('a refusal that only mentions the secret is still about the client secret', async () => {
    const { error } = await refusal(400, { error: 'invalid_request', error_description: 'client secret expired' });
    expect((error as CredentialsError).secretToRotate).toBe('AMAZON_LWA_CLIENT_ID/AMAZON_LWA_CLIENT_SECRET');
  });

  it('a revoked refresh token says to rotate the refresh token, even if LWA echoes it', async () => {
    const { error } = await refusal(400, { error: 'invalid_grant', error_description: `refresh_token=${CREDENTIALS.refreshToken} is revoked` });
    expect((error as CredentialsError).secretToRotate).toBe('AMAZON_LWA_REFRESH_TOKEN');
  });

  it('other refusals and a broken endpoint are not blamed on a secret', async () => {
    const { error } = await refusal(400, { error: 'unsupported_grant_type' });
    expect(error).toBeInstanceOf(TokenEndpointError);
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    const { error: down, logs } = await refusal(503, { error: 'server_error' });
    expect(down).toBeInstanceOf(TokenEndpointError);
    expect(down.message).toMatch(/failed after 4 attempts: HTTP 503 server_error/);
    expect(logs.filter((l) => /retry \d\/3/.test(l))).toHaveLength(3);
  });
});
