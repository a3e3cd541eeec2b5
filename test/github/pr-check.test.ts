/**
 * The pull-request check on a real git repository in a temp folder: the example tenants as the base commit, a
 * change on top, and the check's summary, annotations and exit code read back from a simulated runner.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeSchedule, formatInZone } from '../../src/github/pr-summary.ts';
import { runStep } from '../helpers/simulated-runner.ts';
import { gitIn, REPO_ROOT } from '../helpers/temp-repo.ts';


let repo: string;
let base: string;

beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), 'onix-feeds-pr-'));
  await cp(join(REPO_ROOT, 'config'), join(repo, 'config'), { recursive: true });
  for (const tenant of ['harbour-lane', 'northwind-books']) {
    await cp(join(REPO_ROOT, 'catalog', tenant, 'titles'), join(repo, 'catalog', tenant, 'titles'), { recursive: true });
  }
  gitIn(repo, 'init', '-q', '-b', 'main');
  gitIn(repo, 'add', '.');
  gitIn(repo, 'commit', '-q', '-m', 'base');
  base = gitIn(repo, 'rev-parse', 'HEAD');

  // The change under review: harbour-lane moves to 07:00, edits one title, removes one, and adds one that ONIX refuses.
  const config = join(repo, 'config/tenants/harbour-lane.yaml');
  await writeFile(config, (await readFile(config, 'utf8')).replace('hour: 6', 'hour: 7'));
  const edited = join(repo, 'catalog/harbour-lane/titles/9781917620017.yaml');
  await writeFile(edited, (await readFile(edited, 'utf8')).replace('text: Salt Road', 'text: Salt Roads'));
  await rm(join(repo, 'catalog/harbour-lane/titles/9781917620024.yaml'));
  const bad = (await readFile(edited, 'utf8'))
    .replace(/9781917620017/g, '9781917620994')
    .replace(/amount: 20\n/, 'amount: 0\n');
  await writeFile(join(repo, 'catalog/harbour-lane/titles/9781917620994.yaml'), bad);
  gitIn(repo, 'add', '-A');
  gitIn(repo, 'commit', '-q', '-m', 'change');
}, 30_000);

describe('pr-check', () => {
  it('shows next run times, the next delta and the ONIX verdict, and fails on a title that would be held back', async () => {
    const step = await runStep(['pr-check', '--root', repo, '--base', base, '--now', '2026-11-28T20:00:00Z'], { workspace: repo });
    expect(step.stderr).toBe('');
    expect(step.exitCode).toBe(1);
    const md = step.summary;
    expect(md).toContain('# What this change does');
    // The removed title and the added one are similar enough for git to call it a rename.
    expect(md).toContain('3 changed files under config/ and catalog/');
    expect(md).toContain('### harbour-lane (`config/tenants/harbour-lane.yaml`)');
    expect(md).toContain('daily at 07:00 Europe/London, titles changed');
    // Five runs, in UTC and in London time (GMT in winter: the same clock time).
    expect(md).toContain('| 1 | Sun, 29 Nov 2026, 07:00 UTC | Sun, 29 Nov 2026, 07:00 GMT |');
    expect(md).toContain('| 5 | Thu, 03 Dec 2026, 07:00 UTC |');
    expect(md).not.toContain('| 6 |');
    // No feed has been sent yet: the next feed is a full one.
    expect(md).toMatch(/\| harbour-lane \| changed \| full \| 26 \| 0 \|/);
    expect(md).not.toContain('| northwind-books |');
    expect(md).toMatch(/\| harbour-lane \| 2 \| 1 \| ❌ 1 \|/);
    expect(md).toContain('### Would be held back from the feed');
    expect(md).toMatch(/\| 9781917620994 \| catalog\/harbour-lane\/titles\/9781917620994\.yaml:\d+ \| price must be more than 0/);
    // The validate step annotates file problems; this check adds none of its own for them.
    expect(step.annotations).toEqual([]);
  });

  it('passes when the change is clean, and compares with the base branch', async () => {
    const clean = await mkdtemp(join(tmpdir(), 'onix-feeds-pr-clean-'));
    gitIn(clean, 'clone', '-q', repo, '.');
    await rm(join(clean, 'catalog/harbour-lane/titles/9781917620994.yaml'));
    gitIn(clean, 'commit', '-q', '-am', 'drop the bad title');
    const step = await runStep(['pr-check', '--root', clean, '--now', '2026-11-28T20:00:00Z'], {
      workspace: clean,
      env: { GITHUB_BASE_REF: 'main' },
    });
    expect(step.stderr).toBe('');
    expect(step.exitCode).toBe(0);
    expect(step.summary).toContain('against `origin/main`');
    expect(step.summary).toContain('1 changed file under config/ and catalog/');
    expect(step.summary).toMatch(/\| harbour-lane \| changed \| full \| 25 \| 0 \|/);
    // Only a removal: no title to check.
    expect(step.summary).not.toContain('## ONIX for the changed titles');
    expect(step.annotations).toEqual([]);
  });

  it('says how to fix a base commit that is not there', async () => {
    const step = await runStep(['pr-check', '--root', repo, '--base', '0'.repeat(40)], { workspace: repo });
    expect(step.exitCode).toBe(1);
    expect(step.stderr).toContain("cannot compare with '0000000000000000000000000000000000000000'");
    expect(step.stderr).toContain('fetch-depth: 0');
  });
});

describe('pr summary formatting', () => {
  it('describes schedules and times in zones', () => {
    expect(describeSchedule({ frequency: 'weekly', hour: 9, dayOfWeek: 1, timezone: 'America/New_York', titles: 'changed' })).toBe(
      'weekly on Monday at 09:00 America/New_York, titles changed',
    );
    expect(formatInZone(new Date('2026-07-06T13:00:00Z'), 'America/New_York')).toBe('Mon, 06 Jul 2026, 09:00 GMT-4');
  });
});
