import { describe, expect, it } from 'vitest';
import { MissingCredentialsError, readAmazonEnv } from '../../src/amazon/env.ts';

const FULL = {
  AMAZON_LWA_CLIENT_ID: 'amzn1.application-oa2-client.canary',
  AMAZON_LWA_CLIENT_SECRET: 'amzn1.oa2-cs.v1.canarysecret0001',
  AMAZON_LWA_REFRESH_TOKEN: 'Atzr|canaryrefresh0001',
};

describe('readAmazonEnv', () => {
  it('reads credentials, endpoint overrides and optional AWS keys', () => {
    const env = readAmazonEnv({
      ...FULL,
      SP_API_ENDPOINT: 'http://127.0.0.1:9999',
      LWA_TOKEN_URL: 'http://127.0.0.1:9999/auth/o2/token',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'canary-aws-secret',
    });
    expect(env).toEqual({
      credentials: { clientId: FULL.AMAZON_LWA_CLIENT_ID, clientSecret: FULL.AMAZON_LWA_CLIENT_SECRET, refreshToken: FULL.AMAZON_LWA_REFRESH_TOKEN },
      aws: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'canary-aws-secret', sessionToken: undefined },
      endpoint: 'http://127.0.0.1:9999',
      tokenUrl: 'http://127.0.0.1:9999/auth/o2/token',
    });
    expect(readAmazonEnv(FULL)).toEqual({ credentials: expect.any(Object) });
  });

  it('names every missing variable, never a value, and points at the sandbox', () => {
    let error: unknown;
    try {
      readAmazonEnv({ AMAZON_LWA_CLIENT_SECRET: FULL.AMAZON_LWA_CLIENT_SECRET, AMAZON_LWA_REFRESH_TOKEN: '  ', AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MissingCredentialsError);
    const err = error as MissingCredentialsError;
    expect(err.missing).toEqual(['AMAZON_LWA_CLIENT_ID', 'AMAZON_LWA_REFRESH_TOKEN', 'AWS_SECRET_ACCESS_KEY']);
    expect(err.message).toContain('AMAZON_LWA_CLIENT_ID, AMAZON_LWA_REFRESH_TOKEN, AWS_SECRET_ACCESS_KEY');
    expect(err.message).toContain('onix-feeds sandbox');
    expect(err.message).not.toContain('canary');
    expect(err.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('refuses an endpoint that is not a URL', () => {
    expect(() => readAmazonEnv({ ...FULL, SP_API_ENDPOINT: 'sellingpartnerapi-eu.amazon.com' })).toThrow(/SP_API_ENDPOINT must be an http\(s\) URL/);
  });
});
