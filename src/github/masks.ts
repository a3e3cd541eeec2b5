/**
 * What to mask in GitHub's logs: the secret values a step was given and the forms they take on the wire. The runner
 * masks a `secrets.*` value only byte for byte, so the URL-encoded client secret in an LWA form body, or a secret
 * inside JSON, would slip through without these derived masks.
 */

/** Environment variables whose values are secrets wherever this tool runs. */
export const SECRET_ENV_NAMES = [
  'AMAZON_LWA_CLIENT_ID',
  'AMAZON_LWA_CLIENT_SECRET',
  'AMAZON_LWA_REFRESH_TOKEN',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'GITHUB_TOKEN',
] as const;

/** Values too short to mask without blanking out ordinary log text. */
const MIN_SECRET_LENGTH = 4;

/**
 * Every string to register as a mask for one secret: the value, each of its lines (the runner masks per line), and
 * its URL-encoded, JSON-escaped and base64 forms.
 */
export function maskValues(secret: string): string[] {
  const values = new Set<string>();
  for (const part of [secret, ...secret.split(/\r?\n/)]) {
    const trimmed = part.trim();
    if (trimmed.length < MIN_SECRET_LENGTH) continue;
    values.add(trimmed);
    values.add(encodeURIComponent(trimmed));
    values.add(new URLSearchParams({ v: trimmed }).toString().slice(2));
    values.add(JSON.stringify(trimmed).slice(1, -1));
    values.add(Buffer.from(trimmed, 'utf8').toString('base64'));
  }
  return [...values];
}

/** The masks for every secret present in `env` (names in {@link SECRET_ENV_NAMES}). */
export function secretMasks(env: NodeJS.ProcessEnv): string[] {
  return [...new Set(SECRET_ENV_NAMES.flatMap((name) => (env[name] ? maskValues(env[name]!) : [])))];
}
