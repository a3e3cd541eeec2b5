/**
 * What a send does when the ground under it is wrong: another tenant's journal, a feed Amazon has that no record
 * accounts for, a failure before anything was sent, a checkout the history cannot be pushed from, a feed type Amazon
 * removed. Real git repositories and the sandbox on loopback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmod, cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedsClient } from '../../src/amazon/feeds-client.ts';
import { InvalidInputError } from '../../src/config/problem.ts';
import { reachesAmazon } from '../../src/feed/connect.ts';
import { channelStatus, readHistory } from '../../src/feed/history.ts';
import { readJournal, writeJournal, type Journal } from '../../src/feed/journal.ts';
import type { FeedRecord } from '../../src/feed/record.ts';
import { JournalTenantError } from '../../src/feed/send.ts';
import { WriteBackError } from '../../src/feed/write-back.ts';
import { runCli } from '../helpers/run-cli.ts';
import { cloneOf, git, TEST_GIT_ENV, tempDir } from './git-repos.ts';
import { startPipeline, TENANT, tenantYaml, type Pipeline } from './pipeline.ts';

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

/** A client whose createFeed reaches Amazon and then never returns: the runner dies before writing the feed id. */
function dyingAfterCreateFeed(p: Pipeline): FeedsClient {
  const real = p.client();
  return { ...real, createFeed: async (spec) => { await real.createFeed(spec); return new Promise(() => undefined); } };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

describe('send: a journal left by another tenant', () => {
  it('is refused with the file, the line and what to do, and nothing is sent or recorded', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    const other: Journal = {
      version: 1, id: '20261128T050000Z-acme', tenant: 'acme', trigger: 'schedule', titlesMode: 'changed', kind: 'full', format: 'onix',
      catalogCommit: 'c'.repeat(40), counts: { sent: 1, deleted: 0, heldBack: 0 }, attempts: 1, startedAt: '2026-11-28T05:00:00.000Z',
      reason: 'No earlier successful feed - full feed', heldBack: [],
      documents: [{ path: '/x/a.xml', isbns: [], fileName: 'a.xml', bytes: 10, sha256: 's', products: 1, contentType: 'text/xml', feedId: '50017' }],
    };
    await writeJournal(p.outDir, other);
    const error = await p.send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalTenantError);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(new RegExp(`^${join(p.outDir, 'journal.json')}:4:13: this journal is of tenant 'acme' \\(run 20261128T050000Z-acme\\), not of '${TENANT}'`));
    expect((error as Error).message).toContain("onix-feeds send --tenant acme");
    expect(await readJournal(p.outDir)).toEqual(other);
    expect(await readHistory(p.root, TENANT)).toEqual([]);
    expect(p.sandbox.counts.createFeedDocument + p.sandbox.counts.getFeed).toBe(0);
  });
});

describe('send: a runner that died after createFeed and lost its journal', () => {
  it('refuses to send again while Amazon lists the feed without a record, and sends with --force', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    void p.send({ connect: () => dyingAfterCreateFeed(p) });
    await waitFor(() => p.sandbox.counts.createFeed === 1);
    const [orphan] = await p.sandbox.admin.feeds();
    // The runner is gone, and its journal with it.
    await rm(p.outDir, { recursive: true });

    p.clock.ms += 60 * 60_000;
    const refused = await p.send();
    expect(p.sandbox.counts.createFeed).toBe(1);
    expect(refused.record).toMatchObject({ status: 'failed', attempts: 1, documents: [{ products: 2 }] });
    expect(refused.record!.documents[0].feedId).toBeUndefined();
    const reason = refused.record!.reason!;
    expect(reason).toContain(`UnrecordedFeedError: Amazon lists a POST_PRODUCT_DATA feed of this seller that no record accounts for: ${orphan.feedId} (created ${orphan.createdTime}`);
    expect(reason).toMatch(/Nothing was sent\. .*--force/);
    expect(channelStatus(await readHistory(p.root, TENANT))).toBe('error');
    expect(await readJournal(p.outDir)).toBeUndefined();

    // A later run that fails before sending (a record without a feed) does not hide the feed from the next one.
    p.clock.ms += 60 * 60_000;
    expect((await p.send({ connect: () => { throw new Error('no route to Amazon'); } })).record).toMatchObject({ status: 'failed' });
    p.clock.ms += 60 * 60_000;
    expect((await p.send()).record!.reason).toContain(orphan.feedId);
    expect(p.sandbox.counts.createFeed).toBe(1);

    p.clock.ms += 60_000;
    const forced = await p.send({ force: true });
    expect(forced.record).toMatchObject({ status: 'done', counts: { sent: 2 } });
    expect(p.sandbox.counts.createFeed).toBe(2);
    // Once a later record exists, the feed the operator checked no longer stops the next run.
    p.clock.ms += 60_000;
    expect((await p.send({ titles: 'all' })).record).toMatchObject({ status: 'done' });
    expect(p.sandbox.counts.createFeed).toBe(3);
  });
});

describe('send: a failure before anything was sent', () => {
  it('is recorded failed (history, record file) when the root is not a git repository', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    const plain = await tempDir('onix-plain-');
    for (const dir of ['config', 'catalog']) await cp(join(p.root, dir), join(plain, dir), { recursive: true });
    const recordOut = join(await tempDir(), 'record.json');
    const error = await p.send({ root: plain, commit: false, recordOut }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('not inside a git repository');
    const record = JSON.parse(await readFile(recordOut, 'utf8')) as FeedRecord;
    expect(record).toMatchObject({ tenant: TENANT, status: 'failed', trigger: 'schedule', catalogCommit: '', documents: [], attempts: 1 });
    expect(record.reason).toMatch(/^Failed before anything was sent: InvalidInputError: .*not inside a git repository/);
    expect(await readHistory(plain, TENANT)).toEqual([record]);
    expect(p.sandbox.counts.createFeedDocument).toBe(0);
  });

  it('from a terminal, refuses missing credentials at once and records nothing', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    const recordOut = join(await tempDir(), 'record.json');
    const before = await git(p.root, 'rev-parse', 'HEAD');
    const env = { ...TEST_GIT_ENV, AMAZON_LWA_CLIENT_ID: 'amzn1.application-oa2-client.canary', AMAZON_LWA_CLIENT_SECRET: '', AMAZON_LWA_REFRESH_TOKEN: '' };
    const result = await runCli(['send', '--root', p.root, '--tenant', TENANT, '--record-out', recordOut], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Amazon credentials are not set: AMAZON_LWA_CLIENT_SECRET, AMAZON_LWA_REFRESH_TOKEN/);
    await expect(readFile(recordOut, 'utf8')).rejects.toThrow(/ENOENT/);
    expect(await git(p.root, 'rev-parse', 'HEAD')).toBe(before);
    expect(result.stderr + result.stdout).not.toContain('canary');
  });

  it('in GitHub Actions, records missing credentials as a failed run with the variables to set and no secret', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    const recordOut = join(await tempDir(), 'record.json');
    const env = { ...TEST_GIT_ENV, GITHUB_ACTIONS: 'true', AMAZON_LWA_CLIENT_ID: 'amzn1.application-oa2-client.canary', AMAZON_LWA_CLIENT_SECRET: '', AMAZON_LWA_REFRESH_TOKEN: '' };
    const result = await runCli(['send', '--root', p.root, '--tenant', TENANT, '--no-commit', '--record-out', recordOut], { env });
    expect(result.code).toBe(1);
    const record = JSON.parse(await readFile(recordOut, 'utf8')) as FeedRecord;
    expect(record).toMatchObject({ status: 'failed', counts: { sent: 1 } });
    expect(record.reason).toMatch(/NoAmazonAccessError: Amazon credentials are not set: AMAZON_LWA_CLIENT_SECRET, AMAZON_LWA_REFRESH_TOKEN/);
    expect(JSON.stringify(record) + result.stderr + result.stdout).not.toContain('canary');
    expect(result.stdout).toContain(`${TENANT}: failed`);
  });
});

describe('send: a checkout the history cannot be pushed from', () => {
  it('refuses a detached HEAD and a missing remote before connecting, changing nothing', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    let connected = 0;
    const connect = () => (connected++, p.client());
    await git(p.root, 'checkout', '-q', '--detach');
    const detached = await p.send({ connect }).catch((e: unknown) => e);
    expect(detached).toBeInstanceOf(WriteBackError);
    expect((detached as Error).message).toMatch(/^HEAD is detached at [0-9a-f]{12}: .*git switch main.*--no-commit.*Nothing was sent\.$/);
    await git(p.root, 'checkout', '-q', 'main');
    await git(p.root, 'remote', 'remove', 'origin');
    const noRemote = await p.send({ connect }).catch((e: unknown) => e);
    expect((noRemote as Error).message).toMatch(/^no remote 'origin' to push the feed history to: add it/);
    expect(connected).toBe(0);
    expect(await readHistory(p.root, TENANT)).toEqual([]);
    expect(await readJournal(p.outDir)).toBeUndefined();
    // --no-commit writes the files only, so it needs neither.
    expect((await p.send({ connect, commit: false })).record).toMatchObject({ status: 'done' });
  });

  it('keeps the journal when the push fails, and the next send records the feed without sending it again', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    // The remote refuses every push (a branch protection rule, say) until the hook is removed.
    const hook = join(p.origin, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "protected branch" >&2\nexit 1\n');
    await chmod(hook, 0o755);
    const failed = await p.send().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WriteBackError);
    expect((failed as Error).message).toMatch(/the remote refused the feed history push/);
    const kept = await readJournal(p.outDir);
    expect(kept?.documents[0].feedId).toBeDefined();
    expect(p.logs.join('\n')).toContain(`the journal in ${p.outDir} is kept, and the next send records it`);

    await rm(hook);
    await git(p.root, 'reset', '-q', '--hard', 'origin/main');
    const resumed = await p.send();
    expect(resumed.record).toMatchObject({ id: kept!.id, status: 'done', documents: [{ feedId: kept!.documents[0].feedId }] });
    expect(p.sandbox.counts.createFeed).toBe(1);
    expect(await readHistory(await cloneOf(p.origin), TENANT)).toEqual([resumed.record]);
    expect(await readJournal(p.outDir)).toBeUndefined();
  });
});

describe('send: a feed type Amazon removed', () => {
  it('warns (log and record) when the feeds go to Amazon, and still sends', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    const result = await p.send({ reachesAmazon: true });
    expect(result.record!.status).toBe('done');
    const warning = /Amazon removed the POST_PRODUCT_DATA feed type on 2025-07-31: .*ends such feeds FATAL\. Set amazon\.delivery\.format: listings/;
    expect(p.logs.join('\n')).toMatch(new RegExp(`warning: ${warning.source}`));
    expect(result.record!.warnings).toEqual([expect.stringMatching(warning)]);
    p.clock.ms += 60_000;
    expect((await p.send({ titles: 'all' })).record!.warnings).toBeUndefined();
  });

  it('knows which runs reach Amazon', () => {
    expect(reachesAmazon({}, true)).toBe(false);
    expect(reachesAmazon({}, false)).toBe(true);
    expect(reachesAmazon({ SP_API_ENDPOINT: 'http://127.0.0.1:8123' }, false)).toBe(false);
    expect(reachesAmazon({ SP_API_ENDPOINT: 'https://sellingpartnerapi-eu.amazon.com' }, false)).toBe(true);
  });
});

describe('send: ONIX message numbers', () => {
  it('numbers every part of a split feed, records the numbers, and the next run numbers on from the highest', async () => {
    const tenant = tenantYaml().replace('    format: onix\n', '    format: onix\n    maxFeedBytes: 65536\n');
    pipeline = await startPipeline({ titles: 80, tenant });
    const p = pipeline;
    const first = await p.send({ titles: 'all' });
    const numbers = first.record!.documents.map((d) => d.messageNumber);
    expect(numbers.length).toBeGreaterThan(1);
    expect(numbers).toEqual(numbers.map((_, i) => 1 + i));
    p.clock.ms += 60_000;
    const second = await p.send({ titles: 'all' });
    expect(second.record!.documents.map((d) => d.messageNumber)).toEqual(numbers.map((_, i) => numbers.length + 1 + i));
    expect((await readHistory(await cloneOf(p.origin), TENANT)).flatMap((r) => r.documents.map((d) => d.messageNumber))).toEqual(
      numbers.map((_, i) => 1 + i).concat(numbers.map((_, i) => numbers.length + 1 + i)),
    );
  });
});

describe('record: the commit identity', () => {
  it('commits as the GIT_AUTHOR_* identity the workflow sets', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    const dir = await tempDir();
    await p.send({ commit: false, recordOut: join(dir, `${TENANT}.json`) });
    // The send job's checkout is not the committing job's: start from a history without the record.
    await rm(join(p.root, 'catalog', TENANT, 'feeds'), { recursive: true, force: true });
    const bot = { GIT_AUTHOR_NAME: 'github-actions[bot]', GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com' };
    const result = await runCli(['record', '--root', p.root, dir], { env: { ...TEST_GIT_ENV, ...bot, GIT_COMMITTER_NAME: '', GIT_COMMITTER_EMAIL: '' } });
    expect(result.code, result.stderr).toBe(0);
    expect((await git(p.root, 'log', '-1', '--format=%an <%ae>')).trim()).toBe(`${bot.GIT_AUTHOR_NAME} <${bot.GIT_AUTHOR_EMAIL}>`);
  });
});
