import { describe, expect, it } from 'vitest';
import { describeUrl, redact } from '../../src/amazon/redact.ts';

const PRESIGNED =
  'https://tortuga-prod-na.s3-external-1.amazonaws.com/%2FNinetyDays/amzn1.tortuga.3.abc.T1?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=content-type%3Bhost&X-Amz-Expires=300&X-Amz-Credential=AKIAEXAMPLEEXAMPLE12%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=0123456789abcdef';

describe('redact', () => {
  it('removes LWA access and refresh tokens, plain and URL-encoded', () => {
    const out = redact('token Atza|IwEBIA-secret-part and Atzr|IwEBIB_refresh-part, Atza%7CIwEBencoded');
    expect(out).not.toMatch(/IwEB/);
    expect(out).toContain('Atza|[REDACTED]');
    expect(out).toContain('Atzr|[REDACTED]');
  });

  it('removes LWA client secrets', () => {
    const out = redact('secret amzn1.oa2-cs.v1.3f5e0c5b2d8a9e7f1c4b6d2a8e0f3c5b7d9a1e3f5c7b9d1a3e5f7c9b1d3a5e7f9 done');
    expect(out).toBe('secret amzn1.oa2-cs.[REDACTED] done');
  });

  it('removes secret form values and JSON members whatever their shape', () => {
    const form = redact('grant_type=refresh_token&refresh_token=plainvalue1&client_id=app&client_secret=plainvalue2');
    expect(form).toBe('grant_type=refresh_token&refresh_token=[REDACTED]&client_id=app&client_secret=[REDACTED]');
    const json = redact('{"access_token":"opaque-value","client_secret": "other-value","expires_in":3600}');
    expect(json).toBe('{"access_token":"[REDACTED]","client_secret": "[REDACTED]","expires_in":3600}');
  });

  it('removes x-amz-access-token values as header lines and JSON', () => {
    expect(redact('x-amz-access-token: opaque123')).toBe('x-amz-access-token: [REDACTED]');
    expect(redact('{"x-amz-access-token":"opaque123"}')).toBe('{"x-amz-access-token":"[REDACTED]"}');
  });

  it('reduces a pre-signed URL to scheme, host and path', () => {
    const out = redact(`PUT ${PRESIGNED} -> 403`);
    expect(out).toBe('PUT https://tortuga-prod-na.s3-external-1.amazonaws.com/%2FNinetyDays/amzn1.tortuga.3.abc.T1 -> 403');
    expect(describeUrl(PRESIGNED)).toBe('tortuga-prod-na.s3-external-1.amazonaws.com/%2FNinetyDays/amzn1.tortuga.3.abc.T1');
  });

  it('removes SigV4 signatures and AWS access key ids outside URLs', () => {
    const out = redact('Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1, Signature=deadbeef01');
    expect(out).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(out).not.toContain('deadbeef01');
  });

  it('removes given secret values wherever they appear, ignoring blank ones', () => {
    expect(redact('the secret is wJalrXUtnFEMI/K7MDENG and again wJalrXUtnFEMI/K7MDENG', ['wJalrXUtnFEMI/K7MDENG', '', undefined])).toBe(
      'the secret is [REDACTED] and again [REDACTED]',
    );
  });

  it('leaves ordinary text alone', () => {
    const text = 'createFeed POST /feeds/2021-06-30/feeds -> 202 (x-amzn-RequestId 7e1c, 12 ms)';
    expect(redact(text)).toBe(text);
  });
  it('removes the userinfo (user:password@) of any URL, such as a proxy endpoint', () => {
    expect(redact('sending to SP-API at https://ops:hunter2-proxy@proxy.example:8443/sp-api')).toBe(
      'sending to SP-API at https://[REDACTED]@proxy.example:8443/sp-api',
    );
    expect(redact('remote git://token123@github.com/acme/data.git')).toBe('remote git://[REDACTED]@github.com/acme/data.git');
    expect(redact('mail me at ops@example.com')).toBe('mail me at ops@example.com');
  });
});
