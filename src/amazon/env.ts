/**
 * Credentials and endpoints from the environment (GitHub Actions secrets, or a terminal's variables).
 */
import type { LwaCredentials } from './lwa.ts';
import type { AwsCredentials } from './sigv4.ts';

/** What the Feeds client needs from the environment. */
export interface AmazonEnv {
  credentials: LwaCredentials;
  /** Present only when both AWS keys are set. */
  aws?: AwsCredentials;
  /** `SP_API_ENDPOINT`: overrides the region's host (the local sandbox, a proxy). */
  endpoint?: string;
  /** `LWA_TOKEN_URL`: overrides Amazon's token endpoint. */
  tokenUrl?: string;
}

/** Variables that must be set (names only ever appear in messages, never values). */
export const REQUIRED_VARIABLES = ['AMAZON_LWA_CLIENT_ID', 'AMAZON_LWA_CLIENT_SECRET', 'AMAZON_LWA_REFRESH_TOKEN'] as const;

/** The environment lacks credentials, or has only half of a pair. */
export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
  constructor(
    message: string,
    /** Names of the variables to set. */
    readonly missing: string[],
  ) {
    super(message);
  }
}

/** Reads credentials and endpoints from `env`; throws MissingCredentialsError naming every missing variable. */
export function readAmazonEnv(env: NodeJS.ProcessEnv): AmazonEnv {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const missing: string[] = REQUIRED_VARIABLES.filter((name) => !value(name));
  const awsKeyId = value('AWS_ACCESS_KEY_ID');
  const awsSecret = value('AWS_SECRET_ACCESS_KEY');
  if (awsKeyId && !awsSecret) missing.push('AWS_SECRET_ACCESS_KEY');
  if (awsSecret && !awsKeyId) missing.push('AWS_ACCESS_KEY_ID');
  const endpoint = value('SP_API_ENDPOINT');
  const tokenUrl = value('LWA_TOKEN_URL');
  for (const [name, url] of [['SP_API_ENDPOINT', endpoint], ['LWA_TOKEN_URL', tokenUrl]] as const) {
    if (url && !/^https?:\/\/[^/\s]+/.test(url)) {
      throw new MissingCredentialsError(`${name} must be an http(s) URL such as https://sellingpartnerapi-eu.amazon.com`, [name]);
    }
  }
  if (missing.length > 0) {
    throw new MissingCredentialsError(
      `Amazon credentials are not set: ${missing.join(', ')}. Set them (in GitHub: as secrets of the tenant's ` +
        'environment) to reach Amazon; see docs/amazon.md. To try the tool without an Amazon account, run ' +
        "'onix-feeds sandbox' and set the SP_API_ENDPOINT, LWA_TOKEN_URL and AMAZON_LWA_* lines it prints.",
      missing,
    );
  }
  return {
    credentials: {
      clientId: value('AMAZON_LWA_CLIENT_ID')!,
      clientSecret: value('AMAZON_LWA_CLIENT_SECRET')!,
      refreshToken: value('AMAZON_LWA_REFRESH_TOKEN')!,
    },
    ...(awsKeyId && awsSecret
      ? { aws: { accessKeyId: awsKeyId, secretAccessKey: awsSecret, sessionToken: value('AWS_SESSION_TOKEN') } }
      : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(tokenUrl ? { tokenUrl } : {}),
  };
}
