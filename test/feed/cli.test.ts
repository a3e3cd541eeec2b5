import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendRecords, readHistory } from '../../src/feed/history.ts';
import { cloneOf, commitAll, git, repoWithOrigin, TEST_GIT_ENV, tempDir } from './git-repos.ts';
import { TENANT, tenantYaml } from './pipeline.ts';
import { makeRecord } from './records.ts';
import { catalogFiles } from './titles.ts';
import { runCli } from '../helpers/run-cli.ts';

const NO_CREDENTIALS = { ...TEST_GIT_ENV, AMAZON_LWA_CLIENT_ID: '', AMAZON_LWA_CLIENT_SECRET: '', AMAZON_LWA_REFRESH_TOKEN: '' };

const run = (root: string, ...argv: string[]) => runCli([...argv, '--root', root], { env: NO_CREDENTIALS });

const tenantRepo = () => repoWithOrigin({ [`config/tenants/${TENANT}.yaml`]: tenantYaml(), ...catalogFiles(TENANT, 2), '.gitignore': 'out/\n' });

describe('feed commands', () => {
  it('send says which credentials are missing and offers the sandbox', async () => {
    const { root } = await tenantRepo();
    const result = await run(root, 'send', '--tenant', TENANT);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/AMAZON_LWA_CLIENT_ID, AMAZON_LWA_CLIENT_SECRET, AMAZON_LWA_REFRESH_TOKEN/);
    expect(result.stderr).toMatch(/add --sandbox/);
  });

  it('send refuses a manual feed within 20 minutes with exit code 3 and when it is allowed', async () => {
    const { root } = await tenantRepo();
    const startedAt = new Date(Date.now() - 5 * 60_000).toISOString();
    await appendRecords(root, TENANT, [makeRecord({ startedAt, trigger: 'manual', documents: [{ fileName: 'a.xml', bytes: 1, sha256: 'x', products: 2, contentType: 'text/xml', feedId: '42' }] }, TENANT)]);
    const result = await run(root, 'send', '--tenant', TENANT, '--trigger', 'manual', '--sandbox');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`allowed from ${new Date(Date.parse(startedAt) + 20 * 60_000).toISOString()}`);
    expect(result.stderr).toContain('--force');
  });

  it('send --dry-run prints the documents it built and needs no credentials', async () => {
    const { root } = await tenantRepo();
    const out = await tempDir();
    const result = await run(root, 'send', '--tenant', TENANT, '--dry-run', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^${out}/${TENANT}_onix31_amazon_\\d{8}_\\d{6}\\.xml\\n.*dry run - 2 titles`, 's'));
  });

  it('rejects bad options with exit code 2 and the usage', async () => {
    const { root } = await tenantRepo();
    expect((await run(root, 'send')).code).toBe(2);
    const bad = await run(root, 'send', '--tenant', TENANT, '--titles', 'some');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--titles must be one of all, changed, got 'some'");
    expect(bad.stderr).toContain('usage: onix-feeds send');
    const noFiles = await run(root, 'record');
    expect(noFiles.code).toBe(2);
    expect(noFiles.stderr).toBe('onix-feeds record: name the record files (or folders of them) that send --record-out wrote\nusage: onix-feeds record [--no-commit] FILE|DIR...\n');
    expect(await run(root, 'history')).toMatchObject({ code: 2, stderr: expect.stringContaining('--tenant is required') });
  });

  it('send --sandbox arms the faults in SANDBOX_FAULTS: a connection reset after createFeed is resolved without a second submission', async () => {
    const { root } = await tenantRepo();
    const env = { ...NO_CREDENTIALS, SANDBOX_FAULTS: 'createFeed:reset' };
    const result = await runCli(['send', '--root', root, '--tenant', TENANT, '--sandbox', '--verbose', '--no-commit'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('sandbox faults armed (SANDBOX_FAULTS): createFeed:reset');
    expect(result.stderr).toMatch(/createFeed POST \S+ -> network error ECONNRESET/);
    const [, feedId] = result.stderr.match(/createFeed: feed (\S+) found with getFeeds; the failed call had created it/) ?? [];
    expect(feedId).toBeDefined();
    expect(result.stderr.match(/createFeed POST/g)).toHaveLength(1);
    expect(result.stdout).toContain(`${TENANT}: done - 2 sent, 0 deleted, 0 held back; feed ${feedId} (Amazon accepted 2 products;`);

    const bad = await runCli(['send', '--root', root, '--tenant', TENANT, '--sandbox'], { env: { ...env, SANDBOX_FAULTS: 'createFeed:teapot' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^onix-feeds send: SANDBOX_FAULTS: fault 'createFeed:teapot': 'createFeed' does not take 'teapot' \(it takes: .*reset/);
  });

  it('history prints the page, or the records as JSON', async () => {
    const { root } = await tenantRepo();
    const record = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z', status: 'failed', reason: 'FATAL' }, TENANT);
    await appendRecords(root, TENANT, [record]);
    const page = await run(root, 'history', '--tenant', TENANT);
    expect(page.code).toBe(0);
    expect(page.stdout).toContain('**Channel status: error**');
    const json = await run(root, 'history', '--tenant', TENANT, '--json');
    expect(JSON.parse(json.stdout)).toEqual([record]);
    const unknown = await run(root, 'history', '--tenant', 'no-such-tenant');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('config/tenants/no-such-tenant.yaml');
  });

  it('record appends record files (send\'s one record, reconcile\'s array) to the histories and commits and pushes once', async () => {
    const { root, origin } = await tenantRepo();
    const dir = await tempDir();
    const open = makeRecord({ startedAt: '2026-11-28T05:00:00.000Z', status: 'in_progress' }, TENANT);
    await appendRecords(root, TENANT, [open]);
    await commitAll(root, 'a feed left in progress');
    const a = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z' }, TENANT);
    const b = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z' }, 'beta-press');
    const reconciled = { ...open, status: 'done' as const, reason: 'Amazon accepted 2 products', finishedAt: '2026-11-28T06:01:00.000Z' };
    await writeFile(join(dir, `${TENANT}.json`), JSON.stringify(a));
    await writeFile(join(dir, 'beta-press.json'), JSON.stringify(b));
    await writeFile(join(dir, `${TENANT}.reconciled.json`), JSON.stringify([reconciled], null, 2) + '\n');
    await writeFile(join(dir, 'beta-press.reconciled.json'), '[]\n');
    const before = Number((await git(root, 'rev-list', '--count', 'HEAD')).trim());
    const result = await run(root, 'record', dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`3 records for ${TENANT}, beta-press committed and pushed\n`);
    const check = await cloneOf(origin);
    expect(Number((await git(check, 'rev-list', '--count', 'HEAD')).trim())).toBe(before + 1);
    expect(await readHistory(check, TENANT)).toEqual([reconciled, a]);
    expect(await readHistory(check, 'beta-press')).toEqual([b]);
    const one = await tempDir();
    await writeFile(join(one, 'x.json'), JSON.stringify(makeRecord({ startedAt: '2026-11-28T07:00:00.000Z' }, TENANT)));
    expect((await run(root, 'record', one, '--no-commit')).stdout).toBe(`1 record for ${TENANT} written\n`);
    expect((await run(root, 'record', join(dir, 'missing.json'))).code).toBe(1);
  });

  it('reconcile --list prints the tenants with feeds in progress, without credentials', async () => {
    const { root } = await tenantRepo();
    expect(await run(root, 'reconcile', '--list')).toMatchObject({ code: 0, stdout: '[]\n' });
    await appendRecords(root, TENANT, [makeRecord({ startedAt: '2026-11-28T06:00:00.000Z', status: 'in_progress' }, TENANT)]);
    expect(await run(root, 'reconcile', '--list')).toMatchObject({ code: 0, stdout: `["${TENANT}"]\n` });
    // Without --list the same repository needs Amazon.
    expect(await run(root, 'reconcile')).toMatchObject({ code: 1, stderr: expect.stringContaining('feeds are in progress but Amazon cannot be reached') });
  });

  it('reconcile with nothing in progress needs no credentials', async () => {
    const { root } = await tenantRepo();
    await commitAll(root, 'nothing');
    const out = join(await tempDir(), 'reconciled.json');
    const result = await run(root, 'reconcile', '--record-out', out);
    expect(result).toMatchObject({ code: 0, stdout: '0 finished, 0 still in progress\n' });
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual([]);
  });
});
