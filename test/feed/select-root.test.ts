/**
 * The root a run is given: the data may be in a folder of a larger repository (the GitHub action's `root` input), and
 * a root outside any repository must be refused with what to do.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFeedsClient } from '../../src/amazon/feeds-client.ts';
import { readHistory } from '../../src/feed/history.ts';
import { sendFeed, type SendOptions } from '../../src/feed/send.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.ts';
import { runCli } from '../helpers/run-cli.ts';
import { cloneOf, commitAll, git, repoWithOrigin, TEST_GIT_ENV, tempDir, writeFiles } from './git-repos.ts';
import { TENANT, tenantYaml } from './pipeline.ts';
import { catalogFiles, isbn, titleYaml } from './titles.ts';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const dataFiles = () => ({ [`config/tenants/${TENANT}.yaml`]: tenantYaml(), ...catalogFiles(TENANT, 3), '.gitignore': 'out/\n' });

describe('the root of a run', () => {
  it('sends the committed changes of data kept in a folder of the repository, and commits the history there', async () => {
    const { root: top, origin } = await repoWithOrigin(Object.fromEntries(Object.entries(dataFiles()).map(([p, text]) => [`metadata/${p}`, text])));
    const root = join(top, 'metadata');
    const clock = { ms: Date.parse('2026-11-28T06:00:00.000Z') };
    const now = () => new Date(clock.ms);
    const sleep = async (ms: number) => void (clock.ms += ms);
    sandbox = await startSandbox({ now, processingDelayMs: 60_000, log: () => undefined });
    const { endpoint, tokenUrl, credentials } = sandbox;
    const options: SendOptions = {
      root, tenant: TENANT, trigger: 'schedule', commit: true, now, sleep, env: TEST_GIT_ENV,
      connect: () => createFeedsClient({ region: 'na', endpoint, tokenUrl, credentials: { ...credentials }, now, sleep, lookupSettleMs: 1000 }),
    };
    expect((await sendFeed(options)).record).toMatchObject({ kind: 'full', status: 'done', counts: { sent: 3 } });

    await writeFiles(root, { [`catalog/${TENANT}/titles/${isbn(2)}.yaml`]: titleYaml(isbn(2), { price: 21.99 }) });
    await commitAll(top, 'price change');
    clock.ms += 24 * 3600_000;
    const { record } = await sendFeed(options);
    expect(record).toMatchObject({ kind: 'delta', status: 'done', counts: { sent: 1, deleted: 0 }, documents: [{ isbns: [isbn(2)] }] });
    expect(record!.selection).toMatch(/^1 changed, 0 deleted since /);

    const check = await cloneOf(origin);
    expect((await readHistory(join(check, 'metadata'), TENANT)).map((r) => [r.kind, r.status])).toEqual([['full', 'done'], ['delta', 'done']]);
    expect((await git(check, 'status', '--porcelain')).trim()).toBe('');
  });

  it('refuses a root outside any git repository, even for a dry run, and writes nothing', async () => {
    const root = await tempDir();
    await writeFiles(root, dataFiles());
    const before = await readdir(root, { recursive: true });
    const result = await runCli(['send', '--root', root, '--tenant', TENANT, '--dry-run'], { env: TEST_GIT_ENV });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`\nonix-feeds send: ${root}:1:1: not inside a git repository: onix-feeds reads the catalog and its history with git; run it in a clone of the data repository (or point --root into one)\n`);
    expect(await readdir(root, { recursive: true })).toEqual(before);
  });
});
