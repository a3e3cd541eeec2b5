/**
 * Writing the sandbox's HTTP answers: SP-API JSON and its error list, S3's XML errors, and the deliberate
 * misbehaviour of faults (a connection reset, a response that never starts, a body that stalls).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** SP-API error codes by status, with the messages Amazon sends in production. */
const SP_API_ERRORS: Record<number, { code: string; message: string }> = {
  400: { code: 'InvalidInput', message: 'Invalid input' },
  403: { code: 'Unauthorized', message: 'Access to requested resource is denied.' },
  404: { code: 'NotFound', message: 'The requested resource was not found.' },
  413: { code: 'RequestEntityTooLarge', message: 'The request size exceeded the maximum accepted size.' },
  415: { code: 'UnsupportedMediaType', message: 'The request payload is in an unsupported format.' },
  429: { code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' },
  500: { code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' },
  503: { code: 'ServiceUnavailable', message: 'Service is temporarily unavailable. Please try again.' },
};

/** S3 error codes for the statuses the pre-signed URL faults produce. */
const S3_ERRORS: Record<number, { code: string; message: string }> = {
  403: { code: 'AccessDenied', message: 'Access Denied' },
  500: { code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  503: { code: 'SlowDown', message: 'Please reduce your request rate.' },
};

/** A fresh request id, as Amazon sends in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return randomUUID();
}

/** Reads the whole request body. */
export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends a JSON body (or none, when `body` is undefined) with extra headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (body === undefined) {
    res.writeHead(status, { ...headers, 'content-length': '0' }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }).end(text);
}

/** The SP-API error list body `{"errors":[{code,message,details}]}` for a status. */
export function spApiErrorBody(status: number, details: string, message?: string): { errors: { code: string; message: string; details: string }[] } {
  const known = SP_API_ERRORS[status] ?? { code: String(status), message: 'Error' };
  return { errors: [{ code: known.code, message: message ?? known.message, details }] };
}

/** Sends S3's XML error document. */
export function sendS3Error(res: ServerResponse, status: number, requestId: string, code?: string, message?: string): void {
  const known = S3_ERRORS[status] ?? { code: 'InternalError', message: 'Error' };
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code ?? known.code}</Code><Message>${message ?? known.message}</Message><RequestId>${requestId}</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId, 'content-length': String(Buffer.byteLength(xml)) }).end(xml);
}

/**
 * Acts out a connection-level fault: `reset` drops the connection without an answer, `hang` never starts the
 * response, `stall` sends the headers and part of `body` and then nothing more. Hanging and stalled responses end
 * when the client gives up or the sandbox closes. Returns false for any other action.
 */
export function misbehave(res: ServerResponse, action: string, body: Buffer): boolean {
  if (action === 'reset') {
    res.socket?.resetAndDestroy();
    return true;
  }
  if (action === 'hang') return true;
  if (action === 'stall') {
    res.writeHead(200, { 'content-length': String(body.length) });
    res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))));
    return true;
  }
  return false;
}
