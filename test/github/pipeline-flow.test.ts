/**
 * The pipeline's steps in the order the workflow runs them, each as a step of a simulated runner, on a real git
 * repository with a bare "origin", sending to the in-process SP-API sandbox: send (with log groups) in one checkout,
 * then, as the committing job on a fresh checkout with the send job's record files: job summary -> record (one
 * commit, pushed) -> failure issues. Every captured text is scanned for canary secrets.
 */
import { cp, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CANARIES, leakedCanaries, runStep, visibleText } from '../helpers/simulated-runner.ts';
import { GIT_TEST_ENV, gitIn, REPO_ROOT } from '../helpers/temp-repo.ts';
import { fakeGitHub, serveOnLoopback } from './fake-github.ts';


describe('a scheduled run, step by step', () => {
  it('sends, summarises, commits the history once and leaves the issues alone when all went well', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onix-feeds-flow-'));
    const origin = join(dir, 'origin.git');
    const ws = join(dir, 'ws');
    gitIn(dir, 'init', '-q', '--bare', '-b', 'main', origin);
    gitIn(dir, 'clone', '-q', origin, ws);
    await cp(join(REPO_ROOT, 'config'), join(ws, 'config'), { recursive: true });
    await cp(join(REPO_ROOT, 'catalog/harbour-lane/titles'), join(ws, 'catalog/harbour-lane/titles'), { recursive: true });
    gitIn(ws, 'add', '.');
    gitIn(ws, 'commit', '-q', '-m', 'catalog');
    gitIn(ws, 'push', '-q', 'origin', 'HEAD:main');
    // The send job's record files reach the committing job as an artifact: a folder outside both checkouts.
    const records = join(dir, 'artifact/records');
    await mkdir(records, { recursive: true });
    const env = { ...CANARIES, ...(GIT_TEST_ENV as Record<string, string>) };

    const send = await runStep(
      ['send', '--root', ws, '--tenant', 'harbour-lane', '--trigger', 'schedule', '--slot', '2026-11-28T06:00:00Z', '--sandbox', '--no-commit', '--record-out', join(records, 'harbour-lane.json')],
      { workspace: ws, env },
    );
    expect(send.exitCode, send.stderr).toBe(0);
    // The in-process sandbox prints every call that breaks Amazon's Feeds model.
    expect(send.stderr).not.toContain('MODEL VIOLATION');
    expect(send.stdout).toContain('harbour-lane: done - 26 sent');
    expect(send.stderr).toMatch(/^::group::harbour-lane: building onix documents\nbuilt harbour-lane_onix31_amazon_\d{8}_\d{6}\.xml: 26 products, \d+ bytes\n::endgroup::$/m);
    expect(send.stderr).toContain('::group::harbour-lane: submitting (attempt 1)');
    expect(send.stderr.match(/::group::/g)?.length).toBe(send.stderr.match(/::endgroup::/g)?.length);
    // Amazon's processing report, word for word, lands in the folder the workflow uploads as an artifact.
    const outFiles = await readdir(join(ws, 'out', 'harbour-lane'));
    const reportFile = outFiles.find((f) => /^feed-\w+\.processing-report\.xml$/.test(f));
    expect(reportFile, outFiles.join(', ')).toBeDefined();
    expect(await readFile(join(ws, 'out', 'harbour-lane', reportFile!), 'utf8')).toContain('<MessagesProcessed>26</MessagesProcessed>');

    // The committing job runs on a fresh checkout: what the send job wrote into its own is gone with its runner.
    const committing = join(dir, 'committing');
    gitIn(dir, 'clone', '-q', origin, committing);

    const summary = await runStep(['run-summary', '--root', committing, records], { workspace: committing, env });
    expect(summary.summary).toContain('## harbour-lane: ✅ done');
    expect(summary.summary).toContain('| Channel status | 🟢 ok |');
    expect(summary.summary).toContain('| Scheduled slot (UTC) | 2026-11-28T06:00:00.000Z |');
    expect(summary.summary).toContain('| Products | 26 sent, 0 held back, 0 deleted |');
    expect(summary.outputs).toMatchObject({ tenants: 'harbour-lane', failed: '', sent: '26' });

    const record = await runStep(['record', '--root', committing, records], { workspace: committing, env });
    expect(record.exitCode, record.stderr).toBe(0);
    expect(gitIn(committing, 'log', '-1', '--format=%s', 'origin/main')).toMatch(/^feeds\(harbour-lane\): done 26 products/);
    expect(gitIn(committing, 'show', '--stat', '--format=', 'origin/main')).toContain('catalog/harbour-lane/feeds/amazon.jsonl');

    const github = fakeGitHub('acme', 'feeds');
    const api = await serveOnLoopback(github.fetch);
    onTestFinished(api.close);
    const issues = await runStep(['issues-sync', '--root', committing, records], { workspace: committing, env: { ...env, GITHUB_API_URL: api.url } });
    expect(issues.stdout).toBe('harbour-lane: nothing to do\n');
    expect(github.issues).toEqual([]);

    for (const step of [send, summary, record, issues]) expect(leakedCanaries(visibleText(step))).toEqual([]);
  });
});
