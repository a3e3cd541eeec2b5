/**
 * A deliberately plain SP-API caller for the sandbox tests: `fetch` over loopback, no retries, so each test sees
 * exactly what the sandbox answered.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.ts';
import { virtualClock } from '../helpers/virtual-clock.ts';

/** A file under test/fixtures/sandbox/. */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/sandbox/${name}`, import.meta.url));
}


/** An answer with its JSON body parsed (undefined when empty or not JSON). */
export interface Answer {
  status: number;
  headers: Headers;
  json: any;
  text: string;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

const running: Sandbox[] = [];

/** Closes every sandbox opened by `openSandbox`; call it from `afterEach`. */
export async function closeSandboxes(): Promise<void> {
  await Promise.all(running.splice(0).map((s) => s.close()));
}

/** Starts a sandbox with a manual clock and quiet logs, plus helpers to call it. */
export async function openSandbox(options: SandboxOptions = {}) {
  const clock = virtualClock('2026-03-01T09:00:00Z');
  const sandbox: Sandbox = await startSandbox({ now: clock.now, log: () => {}, ...options });
  running.push(sandbox);
  const { credentials } = sandbox;

  async function token(overrides: Record<string, string> = {}): Promise<Answer> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credentials.refreshToken,
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      ...overrides,
    });
    return answer(await fetch(sandbox.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' }, body: form }));
  }

  let accessToken: string | undefined;
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    accessToken ??= (await token()).json.access_token as string;
    const init: RequestInit = { method, headers: { 'x-amz-access-token': accessToken, 'user-agent': 'sandbox-test/1.0', ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    return answer(await fetch(`${sandbox.endpoint}${path}`, init));
  }

  /** createFeedDocument + PUT + createFeed; returns the feed id. */
  async function submit(document: string | Buffer, contentType = 'text/xml; charset=UTF-8', feedType = 'POST_PRODUCT_DATA'): Promise<string> {
    const created = await call('POST', '/feeds/2021-06-30/documents', { contentType });
    const put = await fetch(created.json.url, { method: 'PUT', headers: { 'content-type': contentType }, body: document });
    if (put.status !== 200) throw new Error(`upload answered ${put.status}`);
    const feed = await call('POST', '/feeds/2021-06-30/feeds', { feedType, marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: created.json.feedDocumentId });
    return feed.json.feedId as string;
  }

  /** getFeedDocument + download; returns the raw response and the gunzipped bytes. */
  async function downloadResult(resultFeedDocumentId: string) {
    const document = await call('GET', `/feeds/2021-06-30/documents/${resultFeedDocumentId}`);
    const response = await fetch(document.json.url);
    const raw = Buffer.from(await response.arrayBuffer());
    return { document: document.json, response, raw, bytes: document.json.compressionAlgorithm === 'GZIP' ? gunzipSync(raw) : raw };
  }

  return { sandbox, clock, token, call, submit, downloadResult };
}
