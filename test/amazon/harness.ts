/**
 * A Feeds client and a sandbox on loopback sharing one virtual clock: the client's sleeps (backoff, rate limits,
 * polling) move the clock that drives the sandbox's feed states, token and URL expiry and rate limits, so nothing
 * waits real seconds. Only the per-call deadline is real time (short), for hangs and stalls.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { createFeedsClient, type FeedsClientOptions } from '../../src/amazon/feeds-client.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.ts';
import { virtualClock } from '../helpers/virtual-clock.ts';

export const ONIX_CONTENT_TYPE = 'text/xml; charset=UTF-8';
export const UK = 'A1F83G8C2ARO7P';
export const DE = 'A1PA6795UKMFR9';

/** Client options for tests that wait out a hang or a stall (real time). */
export const SHORT_DEADLINE = { timeoutMs: 750 };

/** ONIX 3.1 with one good product and one the retailer rejects (bad check digit, no price). */
export const TWO_PRODUCTS = readFileSync(new URL('../fixtures/amazon/two-products-onix31.xml', import.meta.url));

export interface Harness {
  sandbox: Sandbox;
  client: ReturnType<typeof createFeedsClient>;
  /** Every line the client logged. */
  logs: string[];
  /** Messages of the errors a test provoked with {@link failure}, checked for secrets by {@link finish}. */
  errors: string[];
  /** Every sleep the client asked for, in ms. */
  sleeps: number[];
  now: () => Date;
  advance(ms: number): void;
  /** A second client on the same sandbox and clock (a later run, another process). */
  newClient(overrides?: Partial<FeedsClientOptions>): ReturnType<typeof createFeedsClient>;
  close(): Promise<void>;
}

/**
 * Starts a sandbox and a client for region eu. The per-call deadline is 10 real seconds, so a loaded machine does
 * not turn an ordinary call into a retry; tests of hangs and stalls pass {@link SHORT_DEADLINE}.
 */
export async function startHarness(
  sandboxOptions: SandboxOptions = {},
  clientOptions: Partial<FeedsClientOptions> = {},
): Promise<Harness> {
  const { now, sleep, sleeps, advance } = virtualClock();
  const sandbox = await startSandbox({ now, processingDelayMs: 60_000, log: () => {}, ...sandboxOptions });
  const logs: string[] = [];
  const newClient = (overrides: Partial<FeedsClientOptions> = {}) =>
    createFeedsClient({
      region: 'eu',
      endpoint: sandbox.endpoint,
      tokenUrl: sandbox.tokenUrl,
      credentials: sandbox.credentials,
      now,
      sleep,
      log: (line) => logs.push(line),
      timeoutMs: 10_000,
      retry: { random: () => 0.5 },
      lookupSettleMs: 5_000,
      ...clientOptions,
      ...overrides,
    });
  return {
    sandbox,
    client: newClient(),
    logs,
    errors: [],
    sleeps,
    now,
    advance,
    newClient,
    close: () => sandbox.close(),
  };
}

/** Asserts that no secret, token or pre-signed URL query appears in any of `texts`. */
export function expectNoSecrets(h: Harness, texts: readonly string[], extraSecrets: readonly string[] = []): void {
  const canaries = [h.sandbox.credentials.clientSecret, h.sandbox.credentials.refreshToken, ...extraSecrets];
  for (const text of texts) {
    for (const canary of canaries) expect(text, 'a secret leaked').not.toContain(canary);
    expect(text, 'an access token leaked').not.toMatch(/Atza\|(?!\[REDACTED\])/);
    expect(text, 'a pre-signed URL leaked').not.toMatch(/X-Amz-(Signature|Credential|Date|Expires)|\/s3\/documents\/[^\s]*\?/);
  }
}

/** For afterEach: the client kept to Amazon's model, nothing secret was logged or thrown; stops the sandbox. */
export async function finish(h: Harness): Promise<void> {
  try {
    expect(h.sandbox.violations, 'the client broke the Feeds model').toEqual([]);
    expectNoSecrets(h, [...h.logs, ...h.errors]);
  } finally {
    await h.close();
  }
}

/** The error `promise` rejects with, remembered so {@link finish} checks its message for secrets. */
export async function failure(h: Harness, promise: Promise<unknown>): Promise<Error> {
  const error = await rejection(promise);
  h.errors.push(error.message);
  return error;
}

/** How many feeds the sandbox holds. */
export async function feedsHeld(h: Harness): Promise<number> {
  return (await h.sandbox.admin.feeds()).length;
}

/** The createFeed body for a document of the default marketplaces (UK, DE). */
export const feedSpec = (inputFeedDocumentId: string) => ({ feedType: 'POST_PRODUCT_DATA', marketplaceIds: [UK, DE], inputFeedDocumentId });

/** createFeedDocument and upload, leaving createFeed to the test; returns the document id. */
export async function uploaded(h: Harness): Promise<string> {
  const doc = await h.client.createFeedDocument(ONIX_CONTENT_TYPE);
  await h.client.uploadDocument(doc.url, TWO_PRODUCTS, ONIX_CONTENT_TYPE);
  return doc.feedDocumentId;
}

/** Uploads `body` as a new feed document and submits it; returns the feed id. */
export async function submit(h: Harness, body: Buffer | string = TWO_PRODUCTS, feedType = 'POST_PRODUCT_DATA'): Promise<string> {
  const doc = await h.client.createFeedDocument(ONIX_CONTENT_TYPE);
  await h.client.uploadDocument(doc.url, body, ONIX_CONTENT_TYPE);
  const { feedId } = await h.client.createFeed({ ...feedSpec(doc.feedDocumentId), feedType });
  return feedId;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
