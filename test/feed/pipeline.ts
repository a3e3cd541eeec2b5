/**
 * A tenant repository, a sandbox on loopback and a fake clock, wired for `sendFeed` and `reconcile` tests. Sleeping
 * advances the clock (no test waits real time); the sandbox processes feeds by the same clock.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { createFeedsClient, type FeedsClient } from '../../src/amazon/feeds-client.ts';
import { sendFeed, type SendOptions } from '../../src/feed/send.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.ts';
import { repoWithOrigin, TEST_GIT_ENV, tempDir } from './git-repos.ts';
import { catalogFiles } from './titles.ts';

export const TENANT = 'acme-books';

/** A tenant config (ONIX to amazon.com, polling every 30 s for at most 10 minutes unless `extra` says otherwise). */
export function tenantYaml(extra: { format?: 'onix' | 'listings'; polling?: string } = {}): string {
  return [
    'name: Acme Books',
    'sender:',
    '  name: Acme Books',
    '  email: metadata@acme.example',
    'amazon:',
    '  region: na',
    '  marketplaceIds: [ATVPDKIKX0DER]',
    '  delivery:',
    `    format: ${extra.format ?? 'onix'}`,
    ...(extra.format === 'listings' ? ['  listings:', '    sellerId: A3ACMEEXAMPLE', '    languageTag: en_US'] : []),
    ...(extra.polling ? ['  polling:', extra.polling] : []),
    'schedule:',
    '  frequency: daily',
    '  hour: 6',
    '  titles: changed',
    '',
  ].join('\n');
}

export interface Pipeline {
  root: string;
  origin: string;
  outDir: string;
  sandbox: Sandbox;
  /** The fake clock, in ms since the epoch. */
  clock: { ms: number };
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Progress lines of every run. */
  logs: string[];
  /** A new Feeds client for the sandbox, on the fake clock (each has its own tokens and memory of created feeds). */
  client(): FeedsClient;
  send(overrides?: Partial<SendOptions>): ReturnType<typeof sendFeed>;
  /** Stops the sandbox and fails the test when any call broke Amazon's Feeds API model. */
  close(): Promise<void>;
}

/** A repository with `titles` titles for the test tenant and a sandbox that processes a feed in 2 minutes. */
export async function startPipeline(options: { titles?: number; tenant?: string; sandbox?: SandboxOptions } = {}): Promise<Pipeline> {
  const { root, origin } = await repoWithOrigin({
    [`config/tenants/${TENANT}.yaml`]: options.tenant ?? tenantYaml(),
    ...catalogFiles(TENANT, options.titles ?? 3),
    '.gitignore': 'out/\n',
  });
  const clock = { ms: Date.parse('2026-11-28T06:00:00.000Z') };
  const now = () => new Date(clock.ms);
  const sleep = async (ms: number) => {
    clock.ms += ms;
  };
  const sandbox = await startSandbox({ now, processingDelayMs: 60_000, log: () => undefined, ...options.sandbox });
  const outDir = join(await tempDir('onix-out-'), TENANT);
  const logs: string[] = [];
  const client = () =>
    createFeedsClient({
      region: 'na', endpoint: sandbox.endpoint, tokenUrl: sandbox.tokenUrl, credentials: { ...sandbox.credentials },
      now, sleep, lookupSettleMs: 1000, log: (line) => logs.push(`client: ${line}`),
    });
  return {
    root, origin, outDir, sandbox, clock, now, sleep, logs, client,
    send: (overrides = {}) =>
      sendFeed({
        root, tenant: TENANT, trigger: 'schedule', commit: true, connect: client, now, sleep, outDir, env: TEST_GIT_ENV,
        log: (line) => logs.push(line), ...overrides,
      }),
    close: async () => {
      await sandbox.close();
      // Every scenario doubles as a check of the client against Amazon's model.
      expect(sandbox.violations).toEqual([]);
    },
  };
}
