/**
 * Removes secrets from text before it reaches a log line, an error message, a summary or a record.
 *
 * Shapes are matched by pattern (LWA tokens and client secrets have recognisable prefixes, pre-signed URLs carry
 * their signature in the query); secrets without a recognisable shape (an AWS secret key, a sandbox's fake
 * secret) are removed by value when the caller passes them.
 */

const REDACTED = '[REDACTED]';

/** Every http(s) URL; its query (where pre-signed URLs carry signature, credential and expiry) is dropped. */
const URL_PATTERN = /\bhttps?:\/\/[^\s"'<>`]+/gi;

/** The userinfo of any URL (`https://user:password@proxy/`): a proxy or git remote may carry a password there. */
const USERINFO_PATTERN = /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"'<>`]+@/gi;

const PATTERNS: readonly [RegExp, string][] = [
  // LWA access and refresh tokens: `Atza|...`, `Atzr|...` (also URL-encoded `Atza%7C...`).
  [/\b(Atz[ar])(\||%7C)[^\s"'&,;<>]+/gi, `$1$2${REDACTED}`],
  // LWA client secrets: `amzn1.oa2-cs.v1.<hex>`.
  [/\bamzn1\.oa2-cs[^\s"'&,;<>]*/gi, `amzn1.oa2-cs.${REDACTED}`],
  // Form values and JSON members that hold secrets, whatever their shape.
  [/\b(client_secret|refresh_token|access_token)=[^&\s"'<>]*/gi, `$1=${REDACTED}`],
  [/("(?:client_secret|refresh_token|access_token|clientSecret|refreshToken|accessToken|secretAccessKey|sessionToken)"\s*:\s*)"[^"]*"/g, `$1"${REDACTED}"`],
  // The SP-API token header, as a header line or as a JSON member.
  [/(x-amz-access-token"?\s*[:=]\s*"?)[^\s",}]+/gi, `$1${REDACTED}`],
  [/(x-amz-security-token"?\s*[:=]\s*"?)[^\s",}]+/gi, `$1${REDACTED}`],
  // SigV4 signatures and AWS access key ids.
  [/\b(Signature=)[0-9a-f]+/gi, `$1${REDACTED}`],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
];

/**
 * Returns `text` with tokens, client secrets, secret form values, `x-amz-access-token` values, URL userinfo
 * (`user:password@`) and pre-signed URL queries removed (a URL is kept as scheme, host and path, which is enough to say what was called).
 * `secrets` are further values removed wherever they appear (empty and very short values are ignored, so a
 * blank variable cannot blank out the text).
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(USERINFO_PATTERN, `$1${REDACTED}@`).replace(URL_PATTERN, (url) => url.replace(/[?#].*$/s, ''));
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Describes a pre-signed URL for people: host and path, never the query that carries the signature. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return redact(url);
  }
}
