/**
 * Optional AWS Signature Version 4 for SP-API calls. Amazon has not required it since 2023-10-02 ("SP-API no
 * longer requires AWS IAM or AWS Signature Version 4") and ignores signatures that are sent; it is kept for
 * operators whose proxies or policies still expect signed requests, and is used only when AWS keys are configured.
 */
import aws4 from 'aws4';

/** AWS keys of an IAM user or role (session token for temporary credentials). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Adds SigV4 headers (authorization, x-amz-date, x-amz-security-token) to a request about to be sent. */
export type RequestSigner = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}) => Record<string, string>;

const SIGNATURE_HEADERS = new Set(['authorization', 'x-amz-date', 'x-amz-security-token']);

/** A signer for the SP-API endpoint of `awsRegion` (us-east-1, eu-west-1 or us-west-2), service `execute-api`. */
export function createSigV4Signer(credentials: AwsCredentials, awsRegion: string): RequestSigner {
  return ({ method, url, headers, body }) => {
    const parsed = new URL(url);
    const signed = aws4.sign(
      {
        host: parsed.host,
        path: parsed.pathname + parsed.search,
        method,
        headers: { ...headers },
        body,
        service: 'execute-api',
        region: awsRegion,
      },
      credentials,
    );
    // Only the signature headers: host and content-length stay the transport's business.
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers ?? {})) {
      if (SIGNATURE_HEADERS.has(name.toLowerCase()) && value !== undefined) out[name.toLowerCase()] = String(value);
    }
    return out;
  };
}
