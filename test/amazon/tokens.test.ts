/**
 * Login with Amazon: credential errors, retries, the expired-token refresh, caching and de-duplication.
 * Driven through the client over loopback against the sandbox; every test also checks (in finish) that the client
 * kept to Amazon's model and that no secret or pre-signed URL reached a log line or error message.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SpApiError } from '../../src/amazon/errors.ts';
import { CredentialsError } from '../../src/amazon/lwa.ts';
import { onClientSecret } from '../../src/amazon/secret-listeners.ts';
import { expectNoSecrets, failure, finish, type Harness, ONIX_CONTENT_TYPE, startHarness, submit } from './harness.ts';

let h: Harness;
afterEach(() => finish(h));

describe('tokens', () => {
  it('invalid_grant: one CredentialsError saying to rotate the refresh token', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('token:invalid_grant');
    const error = (await failure(h, h.client.getFeed('50001'))) as CredentialsError;
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.secretToRotate).toBe('AMAZON_LWA_REFRESH_TOKEN');
    expect(error.message).toMatch(/rotate AMAZON_LWA_REFRESH_TOKEN/);
    expect(h.sandbox.counts.token).toBe(1);
    expect(h.sandbox.counts.getFeed).toBe(0);
  });

  it('invalid_client: one CredentialsError saying to rotate the client id and secret', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('token:invalid_client');
    const error = (await failure(h, h.client.createFeedDocument(ONIX_CONTENT_TYPE))) as CredentialsError;
    expect(error.secretToRotate).toBe('AMAZON_LWA_CLIENT_ID/AMAZON_LWA_CLIENT_SECRET');
    expect(error.message).toMatch(/client secret was rotated or expired .*Rotate AMAZON_LWA_CLIENT_ID\/AMAZON_LWA_CLIENT_SECRET/);
  });

  it('a wrong client secret gives the same error and never echoes the secret', async () => {
    h = await startHarness();
    const canary = 'amzn1.oa2-cs.v1.canary0123456789abcdef';
    const client = h.newClient({ credentials: { ...h.sandbox.credentials, clientSecret: canary } });
    const error = await failure(h, client.getFeed('50001'));
    expect(error).toBeInstanceOf(CredentialsError);
    expectNoSecrets(h, [error.message, ...h.logs], [canary, 'canary0123456789abcdef']);
  });

  it('retries the token endpoint on 500 and a reset', async () => {
    h = await startHarness();
    h.sandbox.admin.addFaults('token:500,token:reset');
    await h.client.getFeeds({ feedTypes: ['POST_PRODUCT_DATA'] });
    expect(h.sandbox.counts.token).toBe(3);
  });

  it('an expired access token (403) is refreshed once and the call repeated', async () => {
    h = await startHarness();
    await h.client.getFeeds({ feedTypes: ['POST_PRODUCT_DATA'] });
    h.sandbox.admin.expireTokens();
    await h.client.getFeeds({ feedTypes: ['POST_PRODUCT_DATA'] });
    expect(h.sandbox.counts.token).toBe(2);
    expect(h.sandbox.counts.getFeeds).toBe(3);
    // A second 403 right after the refresh is not refreshed again.
    h.sandbox.admin.addFaults('getFeed:403x2');
    const error = (await failure(h, h.client.getFeed('1'))) as SpApiError;
    expect(error.status).toBe(403);
    expect(h.sandbox.counts.token).toBe(3);
  });

  it('caches the token until 60 s before expiry and shares one exchange between concurrent calls', async () => {
    h = await startHarness();
    const feedId = await submit(h);
    await Promise.all([1, 2, 3, 4, 5].map(() => h.newClient().getFeed(feedId)));
    const before = h.sandbox.counts.token;
    const shared = h.newClient();
    await Promise.all([1, 2, 3, 4, 5].map(() => shared.getFeed(feedId)));
    expect(h.sandbox.counts.token).toBe(before + 1);
    h.advance(3_600_000 - 61_000);
    await shared.getFeed(feedId);
    expect(h.sandbox.counts.token).toBe(before + 1);
    h.advance(2_000);
    await shared.getFeed(feedId);
    expect(h.sandbox.counts.token).toBe(before + 2);
  });

  it('hands every new access token to onSecret and to onClientSecret subscribers, once, before it is used', async () => {
    h = await startHarness();
    const given: string[] = [];
    /** getFeeds calls the sandbox had seen when each token was handed over. */
    const callsBefore: number[] = [];
    const announced: string[] = [];
    const unsubscribe = onClientSecret((token) => announced.push(token));
    try {
      const client = h.newClient({
        onSecret: (token) => {
          given.push(token);
          callsBefore.push(h.sandbox.counts.getFeeds);
        },
      });
      await Promise.all([1, 2, 3].map(() => client.getFeeds({ feedTypes: ['POST_PRODUCT_DATA'] })));
      h.sandbox.admin.expireTokens();
      await client.getFeeds({ feedTypes: ['POST_PRODUCT_DATA'] });
    } finally {
      unsubscribe();
    }
    expect(h.sandbox.counts.token).toBe(2);
    expect(given).toHaveLength(2);
    // The first before any call; the second after the call refused with 403, before the call repeated with it.
    expect(callsBefore).toEqual([0, 4]);
    expect(new Set(given).size).toBe(2);
    expect(announced).toEqual(given);
    for (const token of given) expect(token).toMatch(/^Atza\|/);
  });
});
