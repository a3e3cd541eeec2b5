/**
 * The shell the workflows run, run for real with bash the way the runner does (`bash --noprofile --norc -eo pipefail`):
 * the composite action's command step, and the plan step of a manual send.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CANARIES, leakedCanaries, parseOutputFile } from '../helpers/simulated-runner.ts';
import { REPO_ROOT } from '../helpers/temp-repo.ts';
import { failedRecord, feedRecord } from './records.ts';
import { actionFile, workflow } from './workflow-files.ts';

const run = promisify(execFile);

async function runnerFiles() {
  const dir = await mkdtemp(join(tmpdir(), 'onix-feeds-bash-'));
  const output = join(dir, 'github_output');
  const summary = join(dir, 'step_summary');
  await writeFile(output, '');
  await writeFile(summary, '');
  return { dir, output, summary };
}

async function bash(script: string, cwd: string, env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd,
      env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? cwd, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the composite action', () => {
  const script = actionFile().action.runs.steps.find((s) => s.id === 'run')!.run!;

  it('masks the step secrets, expands record globs, writes the summary and hands stdout on as an output', async () => {
    const files = await runnerFiles();
    const ws = files.dir;
    await mkdir(join(ws, 'out/records'), { recursive: true });
    await writeFile(join(ws, 'out/records/a.json'), JSON.stringify(failedRecord('harbour-lane')));
    await writeFile(join(ws, 'out/records/b.json'), JSON.stringify(feedRecord({ tenant: 'northwind-books' })));
    const result = await bash(script, ws, {
      ...CANARIES,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      ONIX_FEEDS_HOME: REPO_ROOT,
      ONIX_FEEDS_COMMAND: 'run-summary',
      ONIX_FEEDS_ARGS: 'out/records/*.json',
      ONIX_FEEDS_ROOT: '.',
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`::add-mask::${CANARIES.GITHUB_TOKEN}`);
    expect(await readFile(files.summary, 'utf8')).toContain('# onix-feeds: 2 feeds, 1 failed');
    const outputs = parseOutputFile(await readFile(files.output, 'utf8'));
    expect(outputs).toMatchObject({ tenants: 'harbour-lane northwind-books', failed: 'harbour-lane', stdout: '' });
    const visible = result.stdout.replace(/^::add-mask::.*$/gm, '') + (await readFile(files.summary, 'utf8'));
    expect(leakedCanaries(visible)).toEqual([]);
  });

  it('fails the step with the command\'s exit code and never runs an argument as shell code', async () => {
    const files = await runnerFiles();
    const result = await bash(script, files.dir, {
      GITHUB_OUTPUT: files.output,
      ONIX_FEEDS_HOME: REPO_ROOT,
      ONIX_FEEDS_COMMAND: 'run-summary',
      ONIX_FEEDS_ARGS: 'missing.json $(touch pwned) `touch pwned2`',
      ONIX_FEEDS_ROOT: '.',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing.json:1:1: no such record file or folder');
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(files.dir)).filter((n) => n.startsWith('pwned'))).toEqual([]);
  });
});

describe('the plan step of a manual send', () => {
  it('hands the requested tenant to the matrix as JSON, whatever the input holds', async () => {
    const step = workflow('pipeline.yml').jobs.plan.steps!.find((s) => s.id === 'manual')!;
    const files = await runnerFiles();
    const tenant = 'harbour-lane"; echo injected; "';
    const result = await bash(step.run!, files.dir, { GITHUB_OUTPUT: files.output, TENANT: tenant, TITLES: 'all' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(parseOutputFile(await readFile(files.output, 'utf8')).plan)).toEqual([{ tenant, titles: 'all' }]);
  });
});
