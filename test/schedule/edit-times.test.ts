import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { configEditTimes } from '../../src/schedule/edit-times.ts';
import { createTempRepo, GIT_TEST_ENV, type TempRepo } from '../helpers/temp-repo.ts';
import { tenantYaml } from '../helpers/tenant-yaml.ts';


let repo: TempRepo | undefined;
afterEach(async () => repo?.cleanup());

/** Runs git in `cwd` with the commit time set to `iso` (the time the planner reads). */
function gitAt(cwd: string, iso: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_TEST_ENV, GIT_COMMITTER_DATE: iso, GIT_AUTHOR_DATE: iso } });
}

function commitAt(r: TempRepo, iso: string, message: string): void {
  r.git('add', '-A');
  gitAt(r.root, iso, 'commit', '-q', '-m', message);
}

const at = (iso: string) => new Date(iso);

describe('configEditTimes', () => {
  it('takes the newest commit that changed the schedule block, not edits elsewhere in the file or reformatting', async () => {
    repo = await createTempRepo({ files: { 'config/tenants/alpha.yaml': tenantYaml(), 'config/tenants/beta.yaml': tenantYaml() } });
    repo.git('init', '-q', '-b', 'main');
    commitAt(repo, '2026-11-20T10:00:00Z', 'add tenants');
    await repo.write('config/tenants/alpha.yaml', tenantYaml({ email: 'new@edit.example' }));
    commitAt(repo, '2026-11-21T10:00:00Z', 'alpha: new sender email');
    await repo.write('config/tenants/beta.yaml', tenantYaml({ hour: 9 }));
    commitAt(repo, '2026-11-22T10:00:00Z', 'beta: new hour');
    // Comments, key order and a default written out: the same schedule.
    await repo.write('config/tenants/alpha.yaml', tenantYaml({ email: 'new@edit.example' }).replace('  hour: 6\n  titles: changed\n', '  titles: changed   # as before\n  hour: 6\n  timezone: UTC\n'));
    await repo.write('config/tenants/beta.yaml', tenantYaml({ hour: 9, email: 'b@edit.example' }));
    commitAt(repo, '2026-11-23T10:00:00Z', 'tidy up');
    await repo.write('config/tenants/README.md', 'not a tenant\n');
    commitAt(repo, '2026-11-24T10:00:00Z', 'readme');

    expect(await configEditTimes(repo.root)).toEqual(new Map([
      ['config/tenants/alpha.yaml', at('2026-11-20T10:00:00Z')],
      ['config/tenants/beta.yaml', at('2026-11-22T10:00:00Z')],
    ]));
  });

  it('counts a file that did not parse, and a tenant removed and added again, as schedule changes', async () => {
    repo = await createTempRepo({ files: { 'config/tenants/alpha.yaml': tenantYaml(), 'config/tenants/gone.yaml': tenantYaml() } });
    repo.git('init', '-q', '-b', 'main');
    commitAt(repo, '2026-11-20T10:00:00Z', 'add tenants');
    await repo.write('config/tenants/alpha.yaml', tenantYaml().replace('schedule:', 'schedule: [broken'));
    commitAt(repo, '2026-11-21T10:00:00Z', 'broken');
    await repo.write('config/tenants/alpha.yaml', tenantYaml());
    commitAt(repo, '2026-11-22T10:00:00Z', 'fixed');
    repo.git('rm', '-q', 'config/tenants/gone.yaml');
    commitAt(repo, '2026-11-23T10:00:00Z', 'remove gone');
    expect(await configEditTimes(repo.root)).toEqual(new Map([['config/tenants/alpha.yaml', at('2026-11-22T10:00:00Z')]]));
    await repo.write('config/tenants/gone.yaml', tenantYaml());
    commitAt(repo, '2026-11-24T10:00:00Z', 'back again');
    expect((await configEditTimes(repo.root)).get('config/tenants/gone.yaml')).toEqual(at('2026-11-24T10:00:00Z'));
  });

  it('reads the configs of data kept in a folder of the repository, relative to that folder', async () => {
    repo = await createTempRepo({
      files: { 'metadata/config/tenants/alpha.yaml': tenantYaml(), 'config/tenants/outside.yaml': tenantYaml() },
    });
    repo.git('init', '-q', '-b', 'main');
    commitAt(repo, '2026-11-20T10:00:00Z', 'add tenants');
    await repo.write('metadata/config/tenants/alpha.yaml', tenantYaml({ hour: 8 }));
    commitAt(repo, '2026-11-21T10:00:00Z', 'alpha: new hour');
    expect(await configEditTimes(join(repo.root, 'metadata'))).toEqual(new Map([['config/tenants/alpha.yaml', at('2026-11-21T10:00:00Z')]]));
  });

  it('dates a schedule changed on a branch by the merge that brought it in', async () => {
    repo = await createTempRepo({ files: { 'config/tenants/alpha.yaml': tenantYaml() } });
    repo.git('init', '-q', '-b', 'main');
    commitAt(repo, '2026-11-20T10:00:00Z', 'add tenant');
    repo.git('checkout', '-q', '-b', 'new-hour');
    await repo.write('config/tenants/alpha.yaml', tenantYaml({ hour: 9 }));
    commitAt(repo, '2026-11-21T08:00:00Z', 'alpha: new hour');
    repo.git('checkout', '-q', 'main');
    gitAt(repo.root, '2026-11-21T12:00:00Z', 'merge', '-q', '--no-ff', '-m', 'merge new-hour', 'new-hour');
    expect(await configEditTimes(repo.root)).toEqual(new Map([['config/tenants/alpha.yaml', at('2026-11-21T12:00:00Z')]]));
  });

  it('is empty outside a git repository and in one with no commit yet', async () => {
    repo = await createTempRepo({ files: { 'config/tenants/alpha.yaml': tenantYaml() } });
    expect(await configEditTimes(repo.root)).toEqual(new Map());
    repo.git('init', '-q', '-b', 'main');
    expect(await configEditTimes(repo.root)).toEqual(new Map());
  });
});
