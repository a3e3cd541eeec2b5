/**
 * The bad-input corpus (issue 2): every broken input is written into its own temporary copy of this repository and
 * run through `onix-feeds validate`. Each must exit 1 with a problem at the exact file and line, name what is wrong,
 * report problems only in the files it broke, and write nothing.
 */
import { readFileSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';
import { snapshotTree } from '../helpers/tree-snapshot.ts';

const TENANT_PATH = 'config/tenants/harbour-lane.yaml';
const TENANT = `# yaml-language-server: $schema=../tenant.schema.json
name: Harbour Lane Press
sender:
  name: Harbour Lane Press
  gln: "5099999000011"
  email: metadata@harbourlane.example
amazon:
  region: eu
  marketplaceIds:
    - A1F83G8C2ARO7P
    - A1PA6795UKMFR9
  delivery:
    format: onix
onix:
  version: "3.1"
schedule:
  frequency: daily
  hour: 6
  timezone: Europe/London
  titles: changed
`;

const ISBN = '9781900000017';
const TITLE_PATH = `catalog/harbour-lane/titles/${ISBN}.yaml`;
const TITLE = readFileSync(new URL(`../fixtures/config/title-${ISBN}.yaml`, import.meta.url), 'utf8');
const TITLE_JSON = JSON.stringify(
  { isbn: '9781900000024', productForm: 'ED', title: { text: 'Tide Tables' }, language: 'eng', publisher: { name: 'Harbour Lane Press' }, publishingStatus: 'active', supply: [{ market: 'gb', countries: ['GB'], availability: 'available', prices: [{ amount: 4.99, currency: 'GBP' }] }] },
  null,
  2,
);
const JSON_PATH = 'catalog/harbour-lane/titles/9781900000024.json';

/** Replaces `from` (which must occur) with `to`, so a case can never silently test the unbroken file. */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

interface Expected {
  path: string;
  line: number;
  message: string;
}

interface Case {
  name: string;
  /** Files to write (content) or delete (null), relative to the repository root. */
  files: Record<string, string | Buffer | null>;
  expected: Expected[];
}

const TABLE_PATH = 'config/listings-attributes.yaml';
const TABLE = readFileSync(new URL(`../../${TABLE_PATH}`, import.meta.url), 'utf8');

const tenant = (from: string, to: string) => ({ [TENANT_PATH]: edit(TENANT, from, to) });
const table = (from: string, to: string) => ({ [TABLE_PATH]: edit(TABLE, from, to) });
const title = (from: string, to: string) => ({ [TITLE_PATH]: edit(TITLE, from, to) });
const at = (p: string, line: number, message: string): Expected => ({ path: p, line, message });
const inTenant = (line: number, message: string) => [at(TENANT_PATH, line, message)];
const inTitle = (line: number, message: string) => [at(TITLE_PATH, line, message)];

const CASES: Case[] = [
  // Tenant config: syntax
  { name: 'unclosed flow list', files: tenant('  hour: 6\n', '  hour: [6\n'), expected: inTenant(19, 'YAML: ') },
  { name: 'tab indentation', files: tenant('  hour: 6\n', '\thour: 6\n'), expected: inTenant(18, 'YAML: ') },
  { name: 'duplicate key', files: tenant('  hour: 6\n', '  hour: 6\n  hour: 7\n'), expected: inTenant(19, "key 'hour' appears twice") },
  { name: 'empty tenant file', files: { [TENANT_PATH]: '' }, expected: inTenant(1, 'file is empty; expected a mapping with the keys sender, amazon and schedule') },
  { name: 'tenant file holding a list', files: { [TENANT_PATH]: '- sender\n- amazon\n' }, expected: inTenant(1, 'the file must be a mapping (key: value lines), got a list') },
  // Tenant config: types
  { name: 'hour in quotes', files: tenant('hour: 6', 'hour: "6"'), expected: inTenant(18, 'schedule.hour must be a whole number, got a string; write it without quotes: 6') },
  { name: 'unquoted GLN', files: tenant('gln: "5099999000011"', 'gln: 5099999000011'), expected: inTenant(5, 'sender.gln must be a string, got a number; quote it: "5099999000011"') },
  { name: 'unquoted ONIX version', files: tenant('version: "3.1"', 'version: 3.1'), expected: inTenant(15, 'onix.version must be a string, got a number; quote it: "3.1"') },
  { name: 'marketplaceIds as a string', files: tenant('  marketplaceIds:\n    - A1F83G8C2ARO7P\n    - A1PA6795UKMFR9\n', '  marketplaceIds: A1F83G8C2ARO7P\n'), expected: inTenant(9, 'amazon.marketplaceIds must be a list, got a string') },
  { name: 'sender with no value', files: tenant('sender:\n  name: Harbour Lane Press\n  gln: "5099999000011"\n  email: metadata@harbourlane.example\n', 'sender:\n'), expected: inTenant(3, 'sender has no value; write a mapping') },
  // Tenant config: keys
  { name: 'misspelt key', files: tenant('frequency: daily', 'frequncy: daily'), expected: inTenant(17, "unknown key 'frequncy', did you mean 'frequency'?") },
  { name: 'misspelt top-level key', files: tenant('schedule:', 'schedul:'), expected: inTenant(16, "unknown key 'schedul', did you mean 'schedule'?") },
  { name: 'unknown key', files: tenant('  titles: changed\n', '  titles: changed\n  colour: blue\n'), expected: inTenant(21, "unknown key 'colour' in schedule; allowed keys: frequency, hour") },
  { name: 'missing sender email', files: tenant('  email: metadata@harbourlane.example\n', ''), expected: inTenant(3, "missing required key 'email' in sender") },
  // Tenant config: values
  { name: 'hour 24', files: tenant('hour: 6', 'hour: 24'), expected: inTenant(18, 'schedule.hour must be 0-23, got 24') },
  { name: 'negative hour', files: tenant('hour: 6', 'hour: -1'), expected: inTenant(18, 'schedule.hour must be 0-23, got -1') },
  { name: 'misspelt frequency', files: tenant('frequency: daily', 'frequency: dayly'), expected: inTenant(17, "schedule.frequency must be one of disabled, daily, weekly, got 'dayly'; did you mean 'daily'?") },
  { name: 'weekly without a day', files: tenant('frequency: daily', 'frequency: weekly'), expected: inTenant(16, "missing required key 'dayOfWeek' in schedule") },
  { name: 'daily with a day', files: tenant('  hour: 6\n', '  hour: 6\n  dayOfWeek: 2\n'), expected: inTenant(19, 'schedule.dayOfWeek is not allowed here') },
  { name: 'weekly on day 7', files: tenant('frequency: daily\n', 'frequency: weekly\n  dayOfWeek: 7\n'), expected: inTenant(18, 'schedule.dayOfWeek must be 0-6, got 7') },
  { name: 'unknown time zone', files: tenant('timezone: Europe/London', 'timezone: Europe/Londn'), expected: inTenant(19, "unknown time zone 'Europe/Londn'; did you mean 'Europe/London'?") },
  { name: 'time zone as an offset', files: tenant('timezone: Europe/London', 'timezone: "+01:00"'), expected: inTenant(19, "unknown time zone '+01:00'") },
  { name: 'time zone in the wrong case', files: tenant('timezone: Europe/London', 'timezone: europe/london'), expected: inTenant(19, "must be written 'Europe/London'") },
  { name: 'marketplace from another region', files: tenant('- A1PA6795UKMFR9', '- ATVPDKIKX0DER'), expected: inTenant(11, 'marketplace ATVPDKIKX0DER (US) belongs to region na, not eu') },
  { name: 'unknown marketplace', files: tenant('- A1PA6795UKMFR9', '- A1PA6795UKMFR0'), expected: inTenant(11, "unknown marketplace id 'A1PA6795UKMFR0'; did you mean 'A1PA6795UKMFR9'?") },
  { name: 'duplicate marketplace', files: tenant('- A1PA6795UKMFR9', '- A1F83G8C2ARO7P'), expected: inTenant(11, "amazon.marketplaceIds lists 'A1F83G8C2ARO7P' twice") },
  { name: 'no marketplaces', files: tenant('  marketplaceIds:\n    - A1F83G8C2ARO7P\n    - A1PA6795UKMFR9\n', '  marketplaceIds: []\n'), expected: inTenant(9, 'amazon.marketplaceIds must list at least one item') },
  { name: 'unknown region', files: tenant('region: eu', 'region: us'), expected: inTenant(8, "amazon.region must be one of na, eu, fe, got 'us'") },
  { name: 'unknown delivery format', files: tenant('format: onix', 'format: xml'), expected: inTenant(13, "amazon.delivery.format must be one of onix, listings, got 'xml'") },
  { name: 'listings delivery without listings settings', files: tenant('format: onix', 'format: listings'), expected: inTenant(7, "missing required key 'listings' in amazon") },
  { name: 'GLN with a wrong check digit', files: tenant('"5099999000011"', '"5099999000012"'), expected: inTenant(5, 'sender.gln 5099999000012 has a wrong check digit: the last digit must be 1') },
  { name: 'invalid email', files: tenant('email: metadata@harbourlane.example', 'email: metadata at harbourlane'), expected: inTenant(6, 'sender.email must be an email address') },
  { name: 'misspelt listings attribute', files: tenant('format: onix\n', 'format: listings\n  listings:\n    languageTag: en_GB\n    attributes:\n      - item_name\n      - item_nmae\n'), expected: inTenant(18, "amazon.listings.attributes[1]: 'item_nmae' is not an attribute of the listings attribute table (config/listings-attributes.yaml); did you mean 'item_name'?") },
  { name: 'polling timeout beyond the send step', files: tenant('format: onix\n', 'format: onix\n  polling:\n    timeoutMinutes: 90\n'), expected: inTenant(15, 'amazon.polling.timeoutMinutes must be 1-60, got 90') },
  { name: 'tiny maxFeedBytes', files: tenant('format: onix\n', 'format: onix\n    maxFeedBytes: 100\n'), expected: inTenant(14, 'amazon.delivery.maxFeedBytes must be 65536-104857600, got 100') },
  // Tenant ids and folders
  { name: 'tenant file name with a space', files: { 'config/tenants/A B.yaml': TENANT }, expected: [at('config/tenants/A B.yaml', 1, 'tenant id "A B" is not valid')] },
  { name: 'tenant file ending in .yml', files: { 'config/tenants/harbour-lane-2.yml': TENANT }, expected: [at('config/tenants/harbour-lane-2.yml', 1, 'rename harbour-lane-2.yml to harbour-lane-2.yaml')] },
  { name: 'one-letter tenant id', files: { 'config/tenants/x.yaml': TENANT }, expected: [at('config/tenants/x.yaml', 1, 'tenant id "x" is not valid')] },
  { name: 'catalog folder with no tenant', files: { [`catalog/harbour-lane-old/titles/${ISBN}.yaml`]: TITLE }, expected: [at('catalog/harbour-lane-old', 1, "catalog folder 'harbour-lane-old' has no tenant config")] },
  { name: 'catalog folder named A B', files: { [`catalog/A B/titles/${ISBN}.yaml`]: TITLE }, expected: [at('catalog/A B', 1, 'tenant id "A B" is not valid')] },
  // Listings attribute table
  { name: 'language tag for a marketplace the tenant does not send to', files: tenant('format: onix\n', 'format: listings\n  listings:\n    languageTag: en_GB\n    languageTags:\n      ATVPDKIKX0DER: en_US\n'), expected: inTenant(17, "marketplace 'ATVPDKIKX0DER' is not in amazon.marketplaceIds") },
  { name: 'unknown source in the listings attribute table', files: table('    source: isbn\n', '    source: isbnn\n'), expected: [at(TABLE_PATH, 23, "source must be one of")] },
  // Title files
  { name: 'title YAML syntax error', files: title('  text: Lighthouse', '  text: [Lighthouse'), expected: inTitle(7, 'YAML: ') },
  { name: 'empty title file', files: { [TITLE_PATH]: '' }, expected: inTitle(1, 'file is empty') },
  { name: 'bad ISBN check digit', files: { [TITLE_PATH]: null, 'catalog/harbour-lane/titles/9781900000018.yaml': edit(TITLE, ISBN, '9781900000018') }, expected: [at('catalog/harbour-lane/titles/9781900000018.yaml', 1, 'wrong check digit')] },
  { name: 'ISBN with prefix 977', files: { [TITLE_PATH]: null, 'catalog/harbour-lane/titles/9771900000018.yaml': edit(TITLE, ISBN, '9771900000018') }, expected: [at('catalog/harbour-lane/titles/9771900000018.yaml', 1, '978 or 979')] },
  { name: 'unquoted ISBN', files: title(`isbn: "${ISBN}"`, `isbn: ${ISBN}`), expected: inTitle(1, `isbn must be a string, got a number; quote it: "${ISBN}"`) },
  { name: 'file name differs from ISBN', files: { [TITLE_PATH]: null, 'catalog/harbour-lane/titles/9781900000024.yaml': TITLE }, expected: [at('catalog/harbour-lane/titles/9781900000024.yaml', 1, `does not match isbn ${ISBN}`)] },
  { name: 'duplicate ISBN in YAML and JSON', files: { [`catalog/harbour-lane/titles/${ISBN}.json`]: JSON.stringify({ ...JSON.parse(TITLE_JSON), isbn: ISBN }, null, 2) }, expected: [at(`catalog/harbour-lane/titles/${ISBN}.json`, 2, `isbn ${ISBN} is also used by ${TITLE_PATH}`), at(TITLE_PATH, 1, `isbn ${ISBN} is also used by`)] },
  { name: 'duplicate record reference', files: { [JSON_PATH]: edit(TITLE_JSON, '"productForm"', `"recordReference": "${ISBN}",\n  "productForm"`) }, expected: [at(JSON_PATH, 3, `record reference ${ISBN} is also used by ${TITLE_PATH}`), at(TITLE_PATH, 1, `record reference ${ISBN} is also used by ${JSON_PATH}`)] },
  { name: 'control character in a title', files: title("text: Lighthouse Keeper's Daughter", 'text: "Lighthouse\\u0007 Keeper"'), expected: inTitle(6, 'U+0007') },
  { name: '5 MB description', files: title('long: <p>A storm', `long: <p>${'A storm at sea. '.repeat(350_000)}`), expected: inTitle(20, 'at most 100,000') },
  { name: 'misspelt title key', files: title('publisher:', 'publsher:'), expected: inTitle(22, "unknown key 'publsher', did you mean 'publisher'?") },
  { name: 'date that does not exist', files: title('"2024-05-02"', '"2025-02-30"'), expected: inTitle(25, '2025-02-30 does not exist') },
  { name: 'zero price', files: title('amount: 9.99', 'amount: 0'), expected: inTitle(31, 'price must be more than 0, got 0') },
  { name: 'negative price', files: title('amount: 9.99', 'amount: -5'), expected: inTitle(31, 'price must be more than 0, got -5') },
  { name: 'unknown currency', files: title('currency: GBP', 'currency: GPB'), expected: inTitle(32, "'GPB' is not an ISO 4217 currency code") },
  { name: 'two-letter language code', files: title('language: eng', 'language: en'), expected: inTitle(13, "use 'eng'") },
  { name: 'BISAC code of the wrong shape', files: title('bisac: [FIC019000]', 'bisac: [FIC19]'), expected: inTitle(16, "'FIC19' is not a BISAC code") },
  { name: 'short description over 350 characters', files: title('short: A storm, a lamp and a secret.', `short: ${'A storm. '.repeat(45)}`), expected: inTitle(21, 'at most 350') },
  { name: 'script tag in a description', files: title('<em>secret</em>', '<script>alert(1)</script>'), expected: inTitle(20, '<script>') },
  { name: 'title file that is not UTF-8', files: { [TITLE_PATH]: Buffer.from(edit(TITLE, 'Daughter', 'Daughter \u00e9'), 'latin1') }, expected: inTitle(1, 'UTF-8') },
  { name: 'JSON syntax error', files: { [JSON_PATH]: edit(TITLE_JSON, '"language": "eng",', '"language": "eng",,') }, expected: [at(JSON_PATH, 7, 'JSON: ')] },
  { name: 'JSON title with a wrong type', files: { [JSON_PATH]: edit(TITLE_JSON, '"amount": 4.99', '"amount": "4.99"') }, expected: [at(JSON_PATH, 21, 'must be a number, got a string; write it without quotes: 4.99')] },
];

let template: TempRepo;
beforeAll(async () => {
  // Results must not depend on a parse cache the developer may have configured.
  vi.stubEnv('ONIX_FEEDS_CACHE_DIR', '');
  // The repository's config with two small, known titles: each case's copy stays quick to make and to validate, and
  // its line numbers do not move when the example catalog changes.
  template = await createTempRepo({ copy: ['config'], files: { [TENANT_PATH]: TENANT, [TITLE_PATH]: TITLE, [JSON_PATH]: TITLE_JSON } });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await template.cleanup();
});

/** A fresh copy of the clean template repository. */
async function copyOfTemplate(): Promise<TempRepo> {
  const repo = await createTempRepo();
  await cp(template.root, repo.root, { recursive: true });
  return repo;
}

describe('bad-input corpus', () => {
  it('has at least 40 cases, and the unbroken template validates clean', async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    const result = await runCli(['validate', '--root', template.root]);
    expect(result.stdout).toMatch(/no problems\n$/);
    expect(result.code).toBe(0);
  });

  it.each(CASES)('$name', async ({ files, expected }) => {
    const repo = await copyOfTemplate();
    try {
      for (const [relativePath, content] of Object.entries(files)) {
        if (content === null) await rm(path.join(repo.root, relativePath));
        else await repo.write(relativePath, content);
      }
      const before = await snapshotTree(repo.root);
      const { code, stdout, stderr } = await runCli(['validate', '--root', repo.root]);
      expect(await snapshotTree(repo.root)).toEqual(before);
      expect(stderr).toBe('');
      expect(code).toBe(1);
      const lines = stdout.trimEnd().split('\n');
      const problems = lines.slice(0, -1);
      expect(lines.at(-1)).toMatch(/\d+ problems? in \d+ files?$/);
      for (const want of expected) {
        const prefix = `${want.path}:${want.line}:`;
        const match = problems.find((line) => line.startsWith(prefix) && line.includes(want.message));
        expect(match, `expected "${prefix}<col>: ...${want.message}..." in\n${stdout}`).toBeDefined();
      }
      // Only the files a case broke may have problems.
      const broken = new Set([...expected.map((e) => e.path), ...Object.keys(files)]);
      for (const line of problems) expect([...broken].some((p) => line.startsWith(`${p}:`)), line).toBe(true);
    } finally {
      await repo.cleanup();
    }
  });
});
