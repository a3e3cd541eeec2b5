import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderValidationSummary } from '../../src/commands/validate.ts';
import { runCli } from '../helpers/run-cli.ts';
import { runStep } from '../helpers/simulated-runner.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';

let repo: TempRepo | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await repo?.cleanup();
  repo = undefined;
});

/** 1-based line of the first occurrence of `needle` in a file of `copy`. */
async function lineOf(copy: TempRepo, file: string, needle: string): Promise<number> {
  const lines = (await readFile(path.join(copy.root, file), 'utf8')).split('\n');
  return lines.findIndex((line) => line.includes(needle)) + 1;
}

/** The repository's examples with the given tenant file lines replaced. */
async function examplesWith(edits: Record<string, [string, string][]>): Promise<TempRepo> {
  const copy = await createTempRepo({ copy: ['config', 'catalog'] });
  for (const [file, replacements] of Object.entries(edits)) {
    let text = await readFile(path.join(copy.root, file), 'utf8');
    for (const [from, to] of replacements) {
      expect(text, `${file} contains ${from}`).toContain(from);
      text = text.replace(from, to);
    }
    await copy.write(file, text);
  }
  return copy;
}

describe('onix-feeds validate', () => {
  it('passes on the example tenants and titles', async () => {
    repo = await createTempRepo({ copy: ['config', 'catalog'] });
    const { code, stdout, stderr } = await runCli(['validate', '--root', repo.root]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^2 tenants, \d+ titles: no problems\n$/);
    expect(Number(/(\d+) titles/.exec(stdout)?.[1])).toBeGreaterThanOrEqual(50);
    expect(code).toBe(0);
  });

  it('prints every problem of every file, sorted by path and line, then a count', async () => {
    repo = await examplesWith({
      'config/tenants/northwind-books.yaml': [['hour: 9', 'hour: 24'], ['dayOfWeek: 1 # Monday', 'dayOfWeek: 9']],
      'config/tenants/harbour-lane.yaml': [['timezone: Europe/London', 'timezone: Europe/Londn']],
    });
    const { code, stdout } = await runCli(['validate', '--root', repo.root]);
    expect(code).toBe(1);
    const northwind = 'config/tenants/northwind-books.yaml';
    expect(stdout.split('\n').map((line) => line.replace(/:\d+: .*/, ''))).toEqual([
      `config/tenants/harbour-lane.yaml:${await lineOf(repo, 'config/tenants/harbour-lane.yaml', 'Europe/Londn')}`,
      ...[await lineOf(repo, northwind, 'dayOfWeek: 9'), await lineOf(repo, northwind, 'hour: 24')].sort((a, b) => a - b).map((line) => `${northwind}:${line}`),
      expect.stringMatching(/^0 tenants, \d+ titles valid; 3 problems in 2 files$/),
      '',
    ]);
  });

  it('exits 2 on a usage error', async () => {
    const extra = await runCli(['validate', 'extra']);
    expect(extra).toMatchObject({ code: 2, stdout: '' });
    expect(extra.stderr).toContain("unexpected argument 'extra'");
    const missingRoot = await runCli(['validate', '--root', '/nonexistent/onix-feeds']);
    expect(missingRoot).toMatchObject({ code: 2, stdout: '' });
    expect(missingRoot.stderr).toContain('--root /nonexistent/onix-feeds is not a folder');
    const unknownOption = await runCli(['validate', '--bogus']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain('usage: onix-feeds validate [--root DIR]');
  });

  it('in GitHub Actions, annotates the lines at fault and writes a job summary', async () => {
    repo = await examplesWith({ 'config/tenants/harbour-lane.yaml': [['hour: 6', 'hour: 24']] });
    // The data sits in a subfolder of the checkout: annotations must name files from the checkout's top.
    const step = await runStep(['validate', '--root', repo.root], { workspace: path.dirname(repo.root) });
    expect(step.exitCode).toBe(1);
    const line = await lineOf(repo, 'config/tenants/harbour-lane.yaml', 'hour: 24');
    expect(step.annotations).toEqual([
      {
        level: 'error',
        properties: { file: `${path.basename(repo.root)}/config/tenants/harbour-lane.yaml`, line: String(line), col: '9' },
        message: 'schedule.hour must be 0-23, got 24',
      },
    ]);
    expect(step.summary).toContain(`| config/tenants/harbour-lane.yaml | ${line} | 9 | schedule.hour must be 0-23, got 24 |`);
    expect(step.summary).toContain('1 problem in 1 file');
  });

  it('in GitHub Actions, annotates as many problems as GitHub shows and says how many more the summary lists', async () => {
    repo = await examplesWith({});
    for (let i = 0; i < 12; i++) await repo.write(`catalog/orphan-${i}/titles/9780000000000.yaml`, 'isbn: "9780000000000"\n');
    const step = await runStep(['validate', '--root', repo.root], { workspace: repo.root });
    expect(step.annotations).toHaveLength(10);
    expect(step.annotations[9]).toMatchObject({ level: 'error', properties: { title: '3 more' }, message: '3 more errors: see the job summary.' });
    expect(step.summary).toContain('12 problems in 12 files');
  });

  it('writes no annotations outside GitHub Actions', async () => {
    repo = await examplesWith({ 'config/tenants/harbour-lane.yaml': [['hour: 6', 'hour: 24']] });
    const write = vi.spyOn(process.stdout, 'write');
    expect((await runCli(['validate', '--root', repo.root])).code).toBe(1);
    expect(write).not.toHaveBeenCalled();
  });
});

describe('renderValidationSummary', () => {
  it('keeps within the byte budget and says how many problems it left out; escapes markup', () => {
    const problems = Array.from({ length: 5000 }, (_, i) => ({ path: `catalog/t/titles/${i}.yaml`, line: i + 1, col: 1, message: 'title <b>&</b> | bad' }));
    const text = renderValidationSummary({ tenants: 1, titles: 0, problems }, '5,000 problems', 20_000);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(20_000);
    expect(text).toMatch(/_\d[\d,]* more problems not shown; the full list is in the step log\._/);
    expect(text).toContain('title &lt;b&gt;&amp;&lt;/b&gt; \\| bad');
    expect(text).not.toContain('<b>');
  });

  it('says so when there is nothing wrong', () => {
    expect(renderValidationSummary({ tenants: 2, titles: 57, problems: [] }, '2 tenants, 57 titles: no problems')).toBe(
      '### onix-feeds validate\n\n:white_check_mark: 2 tenants, 57 titles: no problems\n\n',
    );
  });
});
