/**
 * The sandbox's Login with Amazon: exchanges its fake refresh token for access tokens that expire on the injected
 * clock, and answers wrong credentials the way LWA does (401 invalid_client, 400 invalid_grant).
 */
import { randomBytes } from 'node:crypto';

/** The fake LWA credentials the sandbox accepts. They guard nothing, so they are not secrets. */
export interface SandboxCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** The credentials every sandbox accepts. */
export const SANDBOX_CREDENTIALS: Readonly<SandboxCredentials> = Object.freeze({
  clientId: 'amzn1.application-oa2-client.sandbox',
  clientSecret: 'amzn1.oa2-cs.v1.sandbox-client-secret',
  refreshToken: 'Atzr|sandbox-refresh-token',
});

/** An LWA answer: status and JSON body. */
export interface LwaReply {
  status: number;
  body: Record<string, string | number>;
}

/** How an `x-amz-access-token` stands. */
export type AccessTokenState = 'valid' | 'missing' | 'unknown' | 'expired';

/** Issues and checks access tokens. */
export class TokenIssuer {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly credentials: SandboxCredentials,
    private readonly now: () => Date,
    private readonly ttlSeconds: number,
  ) {}

  /** Answers a token request (`grant_type=refresh_token`); `fault` is an injected `invalid_grant`/`invalid_client`. */
  exchange(form: URLSearchParams, fault?: string): LwaReply {
    const missing = ['grant_type', 'client_id', 'client_secret'].filter((name) => !form.get(name));
    if (missing.length) return lwaError(400, 'invalid_request', `The request is missing required parameter(s): ${missing.join(', ')}`);
    if (form.get('grant_type') !== 'refresh_token') {
      return lwaError(400, 'unsupported_grant_type', `grant_type '${form.get('grant_type')}' is not supported here; use refresh_token`);
    }
    if (fault === 'invalid_client' || form.get('client_id') !== this.credentials.clientId || form.get('client_secret') !== this.credentials.clientSecret) {
      return lwaError(401, 'invalid_client', 'Client authentication failed');
    }
    if (fault === 'invalid_grant' || form.get('refresh_token') !== this.credentials.refreshToken) {
      return lwaError(400, 'invalid_grant', 'The request has an invalid grant parameter : refresh_token');
    }
    const token = `Atza|sandbox-${randomBytes(24).toString('base64url')}`;
    this.expiries.set(token, this.now().getTime() + this.ttlSeconds * 1000);
    return {
      status: 200,
      body: { access_token: token, refresh_token: this.credentials.refreshToken, token_type: 'bearer', expires_in: this.ttlSeconds },
    };
  }

  /** Says whether a Feeds call's token is one this sandbox issued and still valid. */
  check(token: string | undefined): AccessTokenState {
    if (!token) return 'missing';
    const expiry = this.expiries.get(token);
    if (expiry === undefined) return 'unknown';
    return this.now().getTime() < expiry ? 'valid' : 'expired';
  }

  /** Ends every token issued so far (admin: exercises a client's refresh on 403). */
  expireAll(): void {
    for (const token of this.expiries.keys()) this.expiries.set(token, 0);
  }
}

function lwaError(status: number, error: string, description: string): LwaReply {
  return { status, body: { error, error_description: description } };
}
