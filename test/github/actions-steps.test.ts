/**
 * The Actions-facing commands as steps of a simulated runner: outputs, summaries, annotations and masks read back
 * from the runner's files and stdout, GitHub's issues API faked behind fetch, and every captured text scanned for
 * canary secrets.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { serializeRecord } from '../../src/feed/history-format.ts';
import { phaseGroups } from '../../src/github/log-groups.ts';
import { maskValues } from '../../src/github/masks.ts';
import { CANARIES, leakedCanaries, runStep, visibleText } from '../helpers/simulated-runner.ts';
import { fakeGitHub, serveOnLoopback } from './fake-github.ts';
import { errorIssues, failedRecord, feedRecord } from './records.ts';

/** A workspace with a title file and a folder of record files, as the committing job sees it after download. */
async function workspace() {
  const dir = await mkdtemp(join(tmpdir(), 'onix-feeds-ws-'));
  await mkdir(join(dir, 'catalog/harbour-lane/titles'), { recursive: true });
  await writeFile(join(dir, 'catalog/harbour-lane/titles/9781000000000.yaml'), 'isbn: "9781000000000"\n');
  await mkdir(join(dir, 'out/records'), { recursive: true });
  const failed = failedRecord('harbour-lane', errorIssues(14));
  failed.heldBack = [{ isbn: '9781000000999', path: 'catalog/harbour-lane/titles/9781000000999.yaml', reason: 'ProductForm missing' }];
  await writeFile(join(dir, 'out/records/harbour-lane.json'), JSON.stringify(failed, null, 2));
  await writeFile(join(dir, 'out/records/northwind-books.json'), JSON.stringify(feedRecord({ tenant: 'northwind-books' })));
  return dir;
}

describe('run-summary', () => {
  it('writes the job summary, annotations on title files and outputs', async () => {
    const dir = await workspace();
    const step = await runStep(['run-summary', '--root', dir, join(dir, 'out/records')], { workspace: dir, env: CANARIES });
    expect(step.exitCode).toBe(0);
    expect(step.summary).toContain('# onix-feeds: 2 feeds, 1 failed');
    expect(step.summary).toContain('## harbour-lane: ❌ failed');
    expect(step.summary).toContain('[catalog/harbour-lane/feeds](https://github.com/acme/feeds/tree/main/catalog/harbour-lane/feeds)');
    expect(step.summary).toContain("the run's [artifacts](https://github.com/acme/feeds/actions/runs/4242#artifacts)");
    expect(step.outputs).toEqual({ tenants: 'harbour-lane northwind-books', failed: 'harbour-lane', sent: '24' });

    const errors = step.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(10);
    expect(errors[0]).toEqual({
      level: 'error',
      properties: { title: 'harbour-lane: feed failed' },
      message: 'Amazon ended the feed FATAL after 3 attempts',
    });
    expect(errors[1].properties).toEqual({ title: 'Amazon 8560 for 9781000000000', file: 'catalog/harbour-lane/titles/9781000000000.yaml', line: '1' });
    // A title file that does not exist gets no file property rather than a wrong one.
    expect(errors[2].properties.file).toBeUndefined();
    expect(errors[9]).toMatchObject({ properties: { title: '6 more' }, message: '6 more errors: see the job summary.' });
    expect(step.annotations.find((a) => a.level === 'warning')).toMatchObject({
      properties: { file: 'catalog/harbour-lane/titles/9781000000999.yaml', line: '1' },
      message: 'ProductForm missing',
    });
    expect(step.annotations.find((a) => a.level === 'notice')?.message).toBe(
      'northwind-books: done, 12 sent, 0 held back, 1 deleted, feed 50012019735',
    );
    expect(leakedCanaries(visibleText(step))).toEqual([]);
  });

  it('names paths relative to the checkout when the data lives in a subfolder', async () => {
    const dir = await workspace();
    const checkout = join(dir, '..');
    const step = await runStep(['run-summary', '--root', dir, join(dir, 'out/records/harbour-lane.json')], { workspace: checkout });
    const folder = dir.slice(checkout.length + 1);
    expect(step.annotations[1].properties.file).toBe(`${folder}/catalog/harbour-lane/titles/9781000000000.yaml`);
    expect(step.summary).toContain(`tree/main/${folder}/catalog/harbour-lane/feeds`);
  });

  it('prints the Markdown outside Actions, and rejects a file that is not a record with its name', async () => {
    const dir = await workspace();
    const { main } = await import('../../src/cli.ts');
    let out = '';
    let err = '';
    const io = { env: {}, stdout: (t: string) => void (out += t), stderr: (t: string) => void (err += t) };
    expect(await main(['run-summary', join(dir, 'out/records/northwind-books.json')], io)).toBe(0);
    expect(out).toContain('## northwind-books: ✅ done');
    await writeFile(join(dir, 'bad.json'), '{"id": 1}');
    expect(await main(['run-summary', join(dir, 'bad.json')], io)).toBe(1);
    expect(err).toContain(`${join(dir, 'bad.json')}:1:1: item 1 is not a feed record`);
    expect(await main(['run-summary', join(dir, 'missing.json')], io)).toBe(1);
    expect(err).toContain('missing.json:1:1: no such record file or folder');
    expect(await main(['run-summary'], io)).toBe(2);
  });
});

describe('the action step entry point', () => {
  it('masks each secret of the step and the forms it takes on the wire, before the command runs', async () => {
    const step = await runStep(['run-summary', '--help'], { env: CANARIES });
    expect(step.exitCode).toBe(0);
    const secret = CANARIES.AMAZON_LWA_CLIENT_SECRET;
    expect(step.masks).toContain(secret);
    expect(step.masks).toContain(encodeURIComponent(secret));
    expect(step.masks).toContain(new URLSearchParams({ v: secret }).toString().slice(2));
    expect(step.masks).toContain(Buffer.from(secret).toString('base64'));
    for (const value of Object.values(CANARIES)) expect(step.masks).toContain(value);
    expect(step.commands.indexOf('::add-mask::')).toBe(0);
    expect(leakedCanaries(visibleText(step))).toEqual([]);
  });

  it('masks each line of a multi-line secret and ignores values too short to mask safely', () => {
    expect(maskValues('line-one-secret\nline-two-secret')).toEqual(expect.arrayContaining(['line-one-secret', 'line-two-secret']));
    expect(maskValues('abc')).toEqual([]);
  });

  it('shows each phase of a command as a log group', () => {
    let out = '';
    const log = phaseGroups((t) => void (out += t));
    log.write('sending to the SP-API sandbox\nharbour-lane: selecting titles\nharbour-lane: delta feed: 3 titles changed\n');
    log.write('harbour-lane: building onix documents\nbuilt a.xml: 3 products, 4211 bytes\nharbour-lane: submitting (attempt 1)\nfeed 5: DO');
    log.write('NE\n');
    log.end();
    expect(out).toBe(
      [
        'sending to the SP-API sandbox',
        '::group::harbour-lane: selecting titles',
        'harbour-lane: delta feed: 3 titles changed',
        '::endgroup::',
        '::group::harbour-lane: building onix documents',
        'built a.xml: 3 products, 4211 bytes',
        '::endgroup::',
        '::group::harbour-lane: submitting (attempt 1)',
        'feed 5: DONE',
        '::endgroup::',
        '',
      ].join('\n'),
    );
  });

  it('registers no masks and opens no groups outside Actions', async () => {
    const { runAsStep } = await import('../../src/github/step.ts');
    const write = vi.spyOn(process.stdout, 'write');
    let err = '';
    expect(await runAsStep(['run-summary', '--help'], { env: { ...CANARIES }, stdout: () => {}, stderr: (t) => void (err += t) })).toBe(0);
    expect(write).not.toHaveBeenCalled();
    expect(err).toBe('');
    write.mockRestore();
  });
});

describe('issues-sync', () => {
  async function historyWith(dir: string, ...records: ReturnType<typeof feedRecord>[]) {
    await mkdir(join(dir, 'catalog/harbour-lane/feeds'), { recursive: true });
    await writeFile(join(dir, 'catalog/harbour-lane/feeds/amazon.jsonl'), records.map((r) => serializeRecord(r) + '\n').join(''));
  }

  it("opens an issue when a tenant's channel goes to error, then closes it when a feed succeeds", async () => {
    const dir = await workspace();
    const github = fakeGitHub('acme', 'feeds');
    const api = await serveOnLoopback(github.fetch);
    onTestFinished(api.close);
    const env = { ...CANARIES, GITHUB_API_URL: api.url };

    const failing = await runStep(['issues-sync', '--root', dir, join(dir, 'out/records')], { workspace: dir, env });
    expect(failing.stderr).toBe('');
    expect(failing.exitCode).toBe(0);
    expect(failing.stdout).toBe('harbour-lane: opened an issue\nnorthwind-books: nothing to do\n');
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]).toMatchObject({ title: 'Amazon feed failing: harbour-lane', labels: ['onix-feeds', 'tenant:harbour-lane'] });
    expect(github.issues[0].body).toContain('https://github.com/acme/feeds/tree/main/catalog/harbour-lane/feeds');

    // The next run: the failure is in the committed history, and a new feed succeeded.
    await historyWith(dir, failedRecord('harbour-lane'));
    const next = join(dir, 'next');
    await mkdir(next);
    await writeFile(join(next, 'harbour-lane.json'), JSON.stringify(feedRecord({ id: 'recovered', startedAt: '2026-11-28T09:07:12.000Z' })));
    const recovered = await runStep(['issues-sync', '--root', dir, next], { workspace: dir, env });
    expect(recovered.stdout).toBe('harbour-lane: closed issue #1\n');
    expect(github.issues[0].state).toBe('closed');
    expect(github.issues[0].comments[0]).toContain('Resolved: feed `recovered`');

    const sentToGitHub = github.requests.map((r) => JSON.stringify(r.body ?? '') + r.url).join('\n');
    for (const text of [visibleText(failing), visibleText(recovered), sentToGitHub]) expect(leakedCanaries(text)).toEqual([]);
    expect(github.requests.every((r) => r.authorization === `token ${CANARIES.GITHUB_TOKEN}`)).toBe(true);
  });

  it('keeps a skipped feed from touching the issue: the channel stays in error', async () => {
    const dir = await workspace();
    await historyWith(dir, failedRecord('harbour-lane'));
    const github = fakeGitHub('acme', 'feeds', [
      { number: 7, title: 'Amazon feed failing: harbour-lane', body: `x <!-- onix-feeds:record:${failedRecord('harbour-lane').id} -->`, state: 'open', labels: ['onix-feeds', 'tenant:harbour-lane'], comments: [] },
    ]);
    const api = await serveOnLoopback(github.fetch);
    onTestFinished(api.close);
    const run = join(dir, 'skip');
    await mkdir(run);
    await writeFile(join(run, 'h.json'), JSON.stringify(feedRecord({ id: 'skip', status: 'skipped', startedAt: '2026-11-28T10:00:00.000Z', documents: [] })));
    const step = await runStep(['issues-sync', '--root', dir, run], { workspace: dir, env: { GITHUB_TOKEN: CANARIES.GITHUB_TOKEN, GITHUB_API_URL: api.url } });
    expect(step.stdout).toBe('harbour-lane: nothing to do\n');
    expect(github.issues[0]).toMatchObject({ state: 'open', comments: [] });
  });

  it('says which variables it needs, without printing any value', async () => {
    const dir = await workspace();
    const step = await runStep(['issues-sync', join(dir, 'out/records')], { env: { GITHUB_TOKEN: '', GITHUB_REPOSITORY: 'acme/feeds' } });
    expect(step.exitCode).toBe(1);
    expect(step.stderr).toContain('set GITHUB_TOKEN');
  });
});
