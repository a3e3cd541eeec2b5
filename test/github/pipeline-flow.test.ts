/**
 * The pipeline's steps in the order the workflow runs them, each as a step of a simulated runner, on a real git
 * repository with a bare "origin", sending to the in-process SP-API sandbox: send (with log groups) -> job summary ->
 * record (one commit, pushed) -> failure issues. Every captured text is scanned for canary secrets.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fakeGitHub, serveOnLoopback } from './fake-github.ts';
import { CANARIES, leakedCanaries, runStep, visibleText } from './simulated-runner.ts';
import { REPO } from './workflow-files.ts';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'github-actions[bot]',
  GIT_AUTHOR_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
  GIT_COMMITTER_NAME: 'github-actions[bot]',
  GIT_COMMITTER_EMAIL: '41898282+github-actions[bot]@users.noreply.github.com',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_ENV }, encoding: 'utf8' }).trim();
}

describe('a scheduled run, step by step', () => {
  it('sends, summarises, commits the history once and leaves the issues alone when all went well', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'onix-feeds-flow-'));
    const origin = join(dir, 'origin.git');
    const ws = join(dir, 'ws');
    git(dir, 'init', '-q', '--bare', '-b', 'main', origin);
    git(dir, 'clone', '-q', origin, ws);
    await cp(join(REPO, 'config'), join(ws, 'config'), { recursive: true });
    await cp(join(REPO, 'catalog/harbour-lane/titles'), join(ws, 'catalog/harbour-lane/titles'), { recursive: true });
    git(ws, 'add', '.');
    git(ws, 'commit', '-q', '-m', 'catalog');
    git(ws, 'push', '-q', 'origin', 'HEAD:main');
    const records = join(ws, 'out/records');
    await mkdir(records, { recursive: true });
    const env = { ...CANARIES, ...GIT_ENV };

    const send = await runStep(
      ['send', '--root', ws, '--tenant', 'harbour-lane', '--trigger', 'schedule', '--slot', '2026-11-28T06:00:00Z', '--sandbox', '--no-commit', '--record-out', join(records, 'harbour-lane.json')],
      { workspace: ws, env },
    );
    expect(send.exitCode, send.stderr).toBe(0);
    expect(send.stdout).toContain('harbour-lane: done - 26 sent');
    expect(send.stderr).toMatch(/^::group::harbour-lane: building onix documents\nbuilt harbour-lane_onix31_amazon_\d{8}_\d{6}\.xml: 26 products, \d+ bytes\n::endgroup::$/m);
    expect(send.stderr).toContain('::group::harbour-lane: submitting (attempt 1)');
    expect(send.stderr.match(/::group::/g)?.length).toBe(send.stderr.match(/::endgroup::/g)?.length);

    const summary = await runStep(['run-summary', '--root', ws, records], { workspace: ws, env });
    expect(summary.summary).toContain('## harbour-lane: ✅ done');
    expect(summary.summary).toContain('| Scheduled slot (UTC) | 2026-11-28T06:00:00.000Z |');
    expect(summary.summary).toContain('| Products | 26 sent, 0 held back, 0 deleted |');
    expect(summary.outputs).toMatchObject({ tenants: 'harbour-lane', failed: '', sent: '26' });

    const record = await runStep(['record', '--root', ws, records], { workspace: ws, env });
    expect(record.exitCode, record.stderr).toBe(0);
    expect(git(ws, 'log', '-1', '--format=%s', 'origin/main')).toMatch(/^feeds\(harbour-lane\): done 26 products/);
    expect(git(ws, 'show', '--stat', '--format=', 'origin/main')).toContain('catalog/harbour-lane/feeds/amazon.jsonl');

    const github = fakeGitHub('acme', 'feeds');
    const api = await serveOnLoopback(github.fetch);
    onTestFinished(api.close);
    const issues = await runStep(['issues-sync', '--root', ws, records], { workspace: ws, env: { ...env, GITHUB_API_URL: api.url } });
    expect(issues.stdout).toBe('harbour-lane: nothing to do\n');
    expect(github.issues).toEqual([]);

    for (const step of [send, summary, record, issues]) expect(leakedCanaries(visibleText(step))).toEqual([]);
  });
});
