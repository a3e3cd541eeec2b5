import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';
import { TENANT, tenantYaml } from './pipeline.ts';

let repo: TempRepo | undefined;
afterEach(async () => repo?.cleanup());

async function tenantRepo(): Promise<TempRepo> {
  return createTempRepo({ files: { [`config/tenants/${TENANT}.yaml`]: tenantYaml() }, git: true });
}

describe('onix-feeds reconcile --tenant', () => {
  it('refuses a tenant id that is not one (a path, say) as a usage error, before reading anything', async () => {
    repo = await tenantRepo();
    for (const args of [['--tenant', '../../etc'], ['--tenant', '../../etc', '--list']]) {
      const result = await runCli(['reconcile', '--root', repo.root, ...args]);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^onix-feeds reconcile: tenant id "\.\.\/\.\.\/etc" is not valid: use 2-63 lower-case letters .*\nusage: onix-feeds reconcile/);
    }
  });

  it('refuses a tenant that has no config, suggesting the one meant', async () => {
    repo = await tenantRepo();
    const result = await runCli(['reconcile', '--root', repo.root, '--tenant', 'acme-bokos']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^onix-feeds reconcile: config\/tenants\/acme-bokos\.yaml:1:1: no tenant 'acme-bokos': .*acme-books/);
  });

  it('checks a configured tenant with no feed in progress without needing credentials', async () => {
    repo = await tenantRepo();
    const result = await runCli(['reconcile', '--root', repo.root, '--tenant', TENANT]);
    expect(result).toMatchObject({ code: 0, stdout: '0 finished, 0 still in progress\n' });
    const listed = await runCli(['reconcile', '--root', repo.root, '--tenant', TENANT, '--list']);
    expect(listed).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});
