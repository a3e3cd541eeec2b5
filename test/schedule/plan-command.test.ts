import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';
import { tenantYaml } from '../helpers/tenant-yaml.ts';

const newYorkTenant = (hour: number, email?: string) => tenantYaml({ hour, email, timezone: 'America/New_York' });

let repo: TempRepo | undefined;
afterEach(async () => repo?.cleanup());

/** A history line of `tenant` for `slot`, as a scheduled run writes it. */
const recordLine = (tenant: string, slot: string) =>
  JSON.stringify({ id: `r-${tenant}`, tenant, trigger: 'schedule', slot, titlesMode: 'changed', kind: 'delta', format: 'onix', status: 'skipped', catalogCommit: 'abc', counts: { sent: 0, deleted: 0, heldBack: 0 }, documents: [], attempts: 1, startedAt: slot }) + '\n';

/** Commits everything with a fixed commit time: the time the planner reads as the schedule's edit. */
function commitAt(r: TempRepo, iso: string, message: string) {
  process.env.GIT_COMMITTER_DATE = iso;
  try {
    r.git('add', '-A');
    r.git('commit', '-q', '-m', message);
  } finally {
    delete process.env.GIT_COMMITTER_DATE;
  }
}

describe('onix-feeds plan', () => {
  it('plans a due tenant once per slot, from the commit that set its schedule', async () => {
    repo = await createTempRepo({ files: { 'config/tenants/plan-test.yaml': newYorkTenant(6) } });
    repo.git('init', '-q', '-b', 'main');
    commitAt(repo, '2026-11-27T12:00:00Z', 'add tenant');

    // 06:00 New York = 11:00 UTC. The slot on the 27th is older than the commit: not due.
    const sameDay = await runCli(['plan', '--root', repo.root, '--now', '2026-11-27T12:07:00Z']);
    expect(sameDay.code).toBe(0);
    expect(JSON.parse(sameDay.stdout)).toEqual([]);

    // A tick two days later (the 28th's tick was dropped) catches up the latest slot only.
    const later = await runCli(['plan', '--root', repo.root, '--now', '2026-11-29T13:47:00Z']);
    expect(JSON.parse(later.stdout)).toEqual([{ tenant: 'plan-test', titles: 'changed', slot: '2026-11-29T11:00:00.000Z' }]);

    // Once the slot has a record, a repeated tick plans nothing.
    await repo.write(
      'catalog/plan-test/feeds/amazon.jsonl',
      JSON.stringify({ id: 'r1', tenant: 'plan-test', trigger: 'schedule', slot: '2026-11-29T11:00:00.000Z', titlesMode: 'changed', kind: 'delta', format: 'onix', status: 'skipped', catalogCommit: 'abc', counts: { sent: 0, deleted: 0, heldBack: 0 }, documents: [], attempts: 1, startedAt: '2026-11-29T13:47:05Z' }) + '\n',
    );
    const repeated = await runCli(['plan', '--root', repo.root, '--now', '2026-11-29T14:07:00Z', '--explain']);
    expect(JSON.parse(repeated.stdout)).toEqual([]);
    expect(repeated.stderr).toContain('already has a feed record');
  });

  it('leaves a tenant with a broken config out of the plan and says why', async () => {
    repo = await createTempRepo({
      files: {
        'config/tenants/good-one.yaml': newYorkTenant(6),
        'config/tenants/bad-one.yaml': newYorkTenant(24),
      },
    });
    const result = await runCli(['plan', '--root', repo.root, '--now', '2026-11-29T13:47:00Z']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((e: { tenant: string }) => e.tenant)).toEqual(['good-one']);
    expect(result.stderr).toMatch(/config\/tenants\/bad-one\.yaml:\d+:\d+: .*hour.*left out of the plan/);
  });

  it('refuses a --now that is not a time', async () => {
    repo = await createTempRepo({ files: { 'config/tenants/good-one.yaml': newYorkTenant(6) } });
    const result = await runCli(['plan', '--root', repo.root, '--now', 'yesterday']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--now must be an ISO 8601 time');
  });

  it('still catches up a slot when the config was edited after it, elsewhere than the schedule', async () => {
    repo = await createTempRepo({ files: { 'config/tenants/plan-test.yaml': newYorkTenant(6) } });
    repo.git('init', '-q', '-b', 'main');
    commitAt(repo, '2026-11-20T12:00:00Z', 'add tenant');
    // The 11:00 UTC slot passed, the cron tick is late, and meanwhile someone changed the sender's email.
    await repo.write('config/tenants/plan-test.yaml', newYorkTenant(6, 'onix@test.example'));
    commitAt(repo, '2026-11-28T11:30:00Z', 'new sender email');
    const late = await runCli(['plan', '--root', repo.root, '--now', '2026-11-28T12:07:00Z']);
    expect(JSON.parse(late.stdout)).toEqual([{ tenant: 'plan-test', titles: 'changed', slot: '2026-11-28T11:00:00.000Z' }]);

    // A change of the schedule itself does take effect from its commit: the 11:00 slot is older, so not due.
    await repo.write('config/tenants/plan-test.yaml', newYorkTenant(5, 'onix@test.example'));
    commitAt(repo, '2026-11-28T11:45:00Z', 'earlier hour');
    const edited = await runCli(['plan', '--root', repo.root, '--now', '2026-11-28T12:07:00Z', '--explain']);
    expect(JSON.parse(edited.stdout)).toEqual([]);
    expect(edited.stderr).toContain("plan-test: not due: slot 2026-11-28T10:00:00.000Z is older than the schedule's last change (2026-11-28T11:45:00.000Z)");
  });

  it('applies the schedule-edit rule when the data is in a folder of the repository', async () => {
    repo = await createTempRepo({ files: { 'metadata/config/tenants/plan-test.yaml': newYorkTenant(6) } });
    repo.git('init', '-q', '-b', 'main');
    commitAt(repo, '2026-11-28T11:30:00Z', 'add tenant');
    const result = await runCli(['plan', '--root', join(repo.root, 'metadata'), '--now', '2026-11-28T12:07:00Z', '--explain']);
    expect(JSON.parse(result.stdout)).toEqual([]);
    expect(result.stderr).toContain("is older than the schedule's last change (2026-11-28T11:30:00.000Z)");
  });

  it('leaves out a tenant whose history has a damaged line, naming file and line, and plans the others', async () => {
    repo = await createTempRepo({
      files: {
        'config/tenants/good-one.yaml': newYorkTenant(6),
        'config/tenants/damaged.yaml': newYorkTenant(6),
        'catalog/good-one/feeds/amazon.jsonl': recordLine('good-one', '2026-11-28T11:00:00.000Z'),
        'catalog/damaged/feeds/amazon.jsonl': recordLine('damaged', '2026-11-27T11:00:00.000Z') + '{"id": "cut off in a mer\n',
      },
    });
    const result = await runCli(['plan', '--root', repo.root, '--now', '2026-11-29T13:47:00Z']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ tenant: 'good-one', titles: 'changed', slot: '2026-11-29T11:00:00.000Z' }]);
    expect(result.stderr).toMatch(/^catalog\/damaged\/feeds\/amazon\.jsonl:2:1: not a feed record .*\(tenant left out of the plan\)$/m);
  });
});
