import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadTenant, loadTenants, parseTenantFile, tenantIdProblem } from '../../src/config/load.ts';
import { InvalidInputError } from '../../src/config/problem.ts';
import { TENANT_DEFAULTS } from '../../src/config/tenant-defaults.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';

const MINIMAL = `sender: {name: Example Press, email: meta@example.com}
amazon:
  region: na
  marketplaceIds: [ATVPDKIKX0DER]
  delivery: {format: onix}
schedule: {frequency: daily, hour: 5}
`;

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

/** `line:col: message` of each problem in a tenant file's text. */
function problemsOf(text: string): string[] {
  return parseTenantFile('example', 'config/tenants/example.yaml', text).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

describe('loadTenants', () => {
  it('loads and normalises the example tenants', async () => {
    repo = await createTempRepo({ copy: ['config'] });
    const { tenants, problems } = await loadTenants(repo.root);
    expect(problems).toEqual([]);
    expect(tenants.map((t) => t.path)).toEqual(['config/tenants/harbour-lane.yaml', 'config/tenants/northwind-books.yaml']);
    const [harbour, northwind] = tenants.map((t) => t.config);
    expect(harbour).toMatchObject({
      id: 'harbour-lane',
      supplier: { name: 'Harbour Lane Distribution' },
      amazon: { region: 'eu', marketplaceIds: ['A1F83G8C2ARO7P', 'A1PA6795UKMFR9'], delivery: { format: 'onix', feedType: 'POST_PRODUCT_DATA' } },
      onix: { version: '3.1' },
      schedule: { frequency: 'daily', hour: 6, timezone: 'Europe/London', titles: 'changed' },
    });
    expect(harbour.schedule).not.toHaveProperty('dayOfWeek');
    expect(northwind).toMatchObject({
      id: 'northwind-books',
      amazon: {
        region: 'na',
        marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
        delivery: { format: 'listings', feedType: 'JSON_LISTINGS_FEED' },
        listings: { sellerId: 'A3NORTHWINDEXMPL', languageTag: 'en_US', includeOffers: true, sku: '{isbn}' },
      },
      schedule: { frequency: 'weekly', dayOfWeek: 1, hour: 9, timezone: 'America/New_York' },
    });
  });

  it('fills every default of a minimal file', () => {
    const { tenant } = parseTenantFile('example', 'config/tenants/example.yaml', MINIMAL);
    expect(tenant?.config).toEqual({
      id: 'example',
      name: 'Example Press',
      sender: { name: 'Example Press', email: 'meta@example.com' },
      supplier: { name: 'Example Press' },
      amazon: {
        region: 'na',
        marketplaceIds: ['ATVPDKIKX0DER'],
        delivery: { format: 'onix', feedType: 'POST_PRODUCT_DATA', maxFeedBytes: 10485760 },
        polling: { intervalSeconds: 30, timeoutMinutes: 10 },
      },
      onix: { version: '3.1', forthcomingAsAdvance: false },
      schedule: { frequency: 'daily', hour: 5, timezone: 'UTC', titles: 'changed' },
    });
  });

  it('reports misnamed files and folders, and skips README.md and hidden files', async () => {
    repo = await createTempRepo({
      files: {
        'config/tenants/good.yaml': MINIMAL,
        'config/tenants/other.yml': MINIMAL,
        'config/tenants/A B.yaml': MINIMAL,
        'config/tenants/notes.txt': 'x',
        'config/tenants/sub/x.yaml': MINIMAL,
        'config/tenants/README.md': '# tenants',
        'config/tenants/.gitkeep': '',
      },
    });
    const { tenants, problems } = await loadTenants(repo.root);
    expect(tenants.map((t) => t.config.id)).toEqual(['good']);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `config/tenants/A B.yaml: file name: tenant id "A B" is not valid: use 2-63 lower-case letters (a-z), digits and hyphens, starting with a letter or digit, e.g. 'a-b'`,
      'config/tenants/notes.txt: unexpected file in config/tenants: it holds only <tenant>.yaml files',
      'config/tenants/other.yml: tenant files end in .yaml: rename other.yml to other.yaml',
      'config/tenants/sub: unexpected folder in config/tenants: it holds only <tenant>.yaml files',
    ]);
  });

  it('reports a missing config/tenants folder', async () => {
    repo = await createTempRepo();
    expect((await loadTenants(repo.root)).problems[0]).toMatchObject({ path: 'config/tenants', message: expect.stringContaining('is missing') });
  });
});

describe('loadTenant', () => {
  it('refuses an id that would leave config/tenants before touching the file system', async () => {
    // config/tenants/../escape.yaml exists and is valid: only the id check stands between it and the loader.
    repo = await createTempRepo({ files: { 'config/escape.yaml': MINIMAL, 'config/tenants/good.yaml': MINIMAL } });
    for (const id of ['../escape', 'A B', 'x.yml', 'a', '-a', 'a/b', '']) {
      const error = await loadTenant(repo.root, id).catch((e: unknown) => e);
      expect(error, id).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).problems[0].message, id).toMatch(/^tenant id .* is not valid/);
    }
    await expect(loadTenant(repo.root, 'good')).resolves.toMatchObject({ config: { id: 'good' } });
  });

  it('names the tenant closest to an unknown one', async () => {
    repo = await createTempRepo({ copy: ['config'] });
    await expect(loadTenant(repo.root, 'harbor-lane')).rejects.toThrow(
      "config/tenants/harbor-lane.yaml:1:1: no tenant 'harbor-lane': config/tenants/harbor-lane.yaml does not exist; did you mean 'harbour-lane'?",
    );
  });

  it('throws every problem of a broken file', async () => {
    repo = await createTempRepo({ files: { 'config/tenants/bad.yaml': MINIMAL.replace('hour: 5', 'hour: 25, timezone: Europe/Londn') } });
    const error = (await loadTenant(repo.root, 'bad').catch((e: unknown) => e)) as InvalidInputError;
    expect(error.problems.map((p) => p.message)).toEqual([
      'schedule.hour must be 0-23, got 25',
      "unknown time zone 'Europe/Londn'; did you mean 'Europe/London'?",
    ]);
  });
});

describe('checks beyond the schema', () => {
  it('marketplace from another region, unknown marketplace', () => {
    const text = MINIMAL.replace('[ATVPDKIKX0DER]', '[ATVPDKIKX0DER, A1PA6795UKMFR9, ATVPDKIKX0DEX]');
    expect(problemsOf(text)).toEqual([
      '4:35: marketplace A1PA6795UKMFR9 (DE) belongs to region eu, not na',
      "4:51: amazon.marketplaceIds[2]: unknown marketplace id 'ATVPDKIKX0DEX'; did you mean 'ATVPDKIKX0DER'?",
    ]);
  });

  it('GLN check digit of sender and supplier', () => {
    const text = MINIMAL.replace('{name: Example Press, email', '{name: Example Press, gln: "5099999000012", email') + 'supplier: {name: S, gln: "5099999000011"}\n';
    expect(problemsOf(text)).toEqual(['1:36: sender.gln 5099999000012 has a wrong check digit: the last digit must be 1 (5099999000011)']);
  });

  it('time zones: unknown, near misses, wrong case', () => {
    const withZone = (zone: string) => problemsOf(MINIMAL.replace('hour: 5', `hour: 5, timezone: "${zone}"`));
    expect(withZone('America/New_York')).toEqual([]);
    expect(withZone('Mars/Olympus')[0]).toContain("unknown time zone 'Mars/Olympus'; use an IANA name such as Europe/London");
    expect(withZone('New York')[0]).toContain("did you mean 'America/New_York'?");
    expect(withZone('europe/london')[0]).toContain("time zone 'europe/london' must be written 'Europe/London'");
    expect(withZone('+01:00')[0]).toContain("unknown time zone '+01:00'");
  });

  it('still checks the rest when the schema check fails', () => {
    expect(problemsOf(MINIMAL.replace('hour: 5', 'hour: 99, timezone: Nowhere/Town'))).toHaveLength(2);
  });
});

describe('tenant ids', () => {
  it('accepts the documented pattern and suggests a valid id', () => {
    expect(tenantIdProblem('harbour-lane')).toBeUndefined();
    expect(tenantIdProblem('Harbour Lane')).toContain("e.g. 'harbour-lane'");
    expect(tenantIdProblem('x'.repeat(64))).toContain('is not valid');
  });
});

describe('tenant schema', () => {
  it('documents the same defaults the loader fills in', () => {
    const schema = JSON.parse(readFileSync(new URL('../../config/tenant.schema.json', import.meta.url), 'utf8'));
    const amazon = schema.properties.amazon.properties;
    expect({
      maxFeedBytes: amazon.delivery.properties.maxFeedBytes.default,
      intervalSeconds: amazon.polling.properties.intervalSeconds.default,
      timeoutMinutes: amazon.polling.properties.timeoutMinutes.default,
      sku: amazon.listings.properties.sku.default,
      includeOffers: amazon.listings.properties.includeOffers.default,
      onixVersion: schema.properties.onix.properties.version.default,
      forthcomingAsAdvance: schema.properties.onix.properties.forthcomingAsAdvance.default,
      timezone: schema.properties.schedule.properties.timezone.default,
      titles: schema.properties.schedule.properties.titles.default,
    }).toEqual(TENANT_DEFAULTS);
  });

  it('is referenced from the first line of every example tenant', () => {
    for (const name of ['harbour-lane', 'northwind-books']) {
      const text = readFileSync(new URL(`../../config/tenants/${name}.yaml`, import.meta.url), 'utf8');
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../tenant.schema.json');
    }
  });
});
