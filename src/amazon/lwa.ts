/**
 * Login with Amazon: exchanges the refresh token for an access token (form-encoded POST, as Amazon documents),
 * caches it until 60 s before it expires, and shares one in-flight exchange between concurrent callers.
 */
import { parseJsonObject } from './json-object.ts';
import { redact } from './redact.ts';
import { LWA_TOKEN_URL } from './regions.ts';
import { retryWithBackoff, type RetryPolicy } from './retry-policy.ts';
import { sendHttp, TransportError, type TransportOptions } from './transport.ts';

/** Refresh this long before the token's stated expiry, so a call never starts with a token about to lapse. */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;

/** The app's LWA credentials and the seller's refresh token. */
export interface LwaCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** Gives out access tokens for SP-API calls. */
export interface TokenProvider {
  /** A valid access token, from cache when it has more than 60 s left. */
  getAccessToken(): Promise<string>;
  /** Drops the cached token (Amazon said it expired), so the next call exchanges again. */
  invalidate(): void;
}

/** Which environment variables to replace when LWA refuses the credentials. */
export type SecretToRotate = 'AMAZON_LWA_REFRESH_TOKEN' | 'AMAZON_LWA_CLIENT_ID/AMAZON_LWA_CLIENT_SECRET';

/** LWA refused the credentials; retrying cannot help, a person has to replace a secret. */
export class CredentialsError extends Error {
  override name = 'CredentialsError';
  constructor(
    message: string,
    readonly secretToRotate: SecretToRotate,
    /** LWA's `error` code (`invalid_grant`, `invalid_client`, ...). */
    readonly lwaError: string,
  ) {
    super(message);
  }
}

/** The token endpoint failed for another reason (down, unreachable, unexpected answer) after retries. */
export class TokenEndpointError extends Error {
  override name = 'TokenEndpointError';
}

/** What the token provider is built from. */
export interface LwaOptions {
  credentials: LwaCredentials;
  /** Default: Amazon's token endpoint (`LWA_TOKEN_URL` in regions.ts). */
  tokenUrl?: string;
  /** Clock the token's expiry is measured on. */
  now: () => Date;
  /** Waits between retries of the token endpoint (5xx, network errors). */
  sleep: (ms: number) => Promise<void>;
  retry: RetryPolicy;
  /** Deadline per exchange, connection pool. */
  transport: TransportOptions;
  /** Receives redacted lines. */
  log: (line: string) => void;
  /** Called with every new access token before it is used, e.g. to mask it in GitHub Actions logs. */
  onSecret?: (value: string) => void;
}

/** Creates the token provider for one set of credentials. */
export function createLwaTokenProvider(options: LwaOptions): TokenProvider {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  return {
    async getAccessToken() {
      if (cached && options.now().getTime() < cached.refreshAt) return cached.token;
      inFlight ??= exchange(options)
        .then(({ token, expiresInSeconds }) => {
          options.onSecret?.(token);
          cached = { token, refreshAt: options.now().getTime() + expiresInSeconds * 1000 - TOKEN_EXPIRY_MARGIN_MS };
          return token;
        })
        .finally(() => {
          inFlight = undefined;
        });
      return inFlight;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

async function exchange(options: LwaOptions): Promise<{ token: string; expiresInSeconds: number }> {
  const { credentials } = options;
  const url = options.tokenUrl ?? LWA_TOKEN_URL;
  const secrets = [credentials.clientSecret, credentials.refreshToken];
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: credentials.refreshToken,
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  }).toString();
  const request = {
    method: 'POST' as const,
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', accept: 'application/json' },
    body,
  };
  const log = (line: string) => options.log(redact(line, secrets));
  return retryWithBackoff<{ token: string; expiresInSeconds: number }>(
    { policy: options.retry, sleep: options.sleep, log, label: 'LWA token exchange' },
    async () => {
      let res;
      try {
        res = await sendHttp(request, options.transport);
      } catch (error) {
        if (error instanceof TransportError) return { retryBecause: error.message };
        throw error;
      }
      const json = parseJsonObject(res.body.toString('utf8')) ?? {};
      if (res.status === 200 && typeof json.access_token === 'string') {
        log(`LWA token exchange -> 200 (expires in ${String(json.expires_in)} s)`);
        return { value: { token: json.access_token, expiresInSeconds: Number(json.expires_in) || 3600 } };
      }
      const lwaError = typeof json.error === 'string' ? json.error : '';
      const description = typeof json.error_description === 'string' ? json.error_description : '';
      if (res.status < 500 && res.status !== 429) throw credentialsError(res.status, lwaError, redact(description, secrets));
      return { retryBecause: `HTTP ${res.status}${lwaError ? ` ${lwaError}` : ''}` };
    },
    (reason, attempts) =>
      new TokenEndpointError(redact(`Login with Amazon token exchange at ${url} failed after ${attempts} attempts: ${reason}`, secrets)),
  );
}

/**
 * Maps LWA's refusal to the one secret a person has to replace. `invalid_grant` is the refresh token (revoked,
 * expired, or issued to another app); `invalid_client` and `unauthorized_client` are the app's client id and
 * secret, which includes a client secret past its 180-day rotation deadline.
 */
function credentialsError(status: number, lwaError: string, description: string): Error {
  const said = `${lwaError || `HTTP ${status}`}${description ? `: ${description}` : ''}`;
  if (lwaError === 'invalid_grant') {
    return new CredentialsError(
      `Login with Amazon refused the refresh token (${said}). The seller's authorization was revoked, or the token ` +
        'belongs to another app. Authorize the app again and rotate AMAZON_LWA_REFRESH_TOKEN.',
      'AMAZON_LWA_REFRESH_TOKEN',
      lwaError,
    );
  }
  if (lwaError === 'invalid_client' || lwaError === 'unauthorized_client' || /secret/i.test(description)) {
    return new CredentialsError(
      `Login with Amazon refused the app's credentials (${said}). The client id is wrong, or the client secret ` +
        'was rotated or expired (LWA client secrets expire every 180 days). Rotate AMAZON_LWA_CLIENT_ID/' +
        'AMAZON_LWA_CLIENT_SECRET with the values from the Developer Console.',
      'AMAZON_LWA_CLIENT_ID/AMAZON_LWA_CLIENT_SECRET',
      lwaError || 'invalid_client',
    );
  }
  return new TokenEndpointError(`Login with Amazon refused the token exchange (${said}).`);
}
