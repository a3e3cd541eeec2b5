import { describe, expect, it } from 'vitest';
import { checkAgainstSchema, compileSchema } from '../../src/config/schema-problems.ts';
import { parseJsonWithPositions } from '../../src/config/json-document.ts';
import { parseYamlWithPositions } from '../../src/config/yaml-document.ts';

const SCHEMA = new URL('../fixtures/config/messages.schema.json', import.meta.url);
const TENANT_SCHEMA = new URL('../../config/tenant.schema.json', import.meta.url);

/** Problems for a YAML text as `line:col: message` strings. */
function check(yaml: string, schema = SCHEMA, path = 'f.yaml'): string[] {
  const doc = path.endsWith('.json') ? parseJsonWithPositions(yaml, path) : parseYamlWithPositions(yaml, path);
  expect(doc.problems).toEqual([]);
  return checkAgainstSchema(schema, doc.value, path, doc.locate).map((p) => `${p.line}:${p.col}: ${p.message}`);
}

describe('schemaProblems', () => {
  it('compiles each schema once', () => {
    expect(compileSchema(SCHEMA)).toBe(compileSchema(new URL(SCHEMA.href)));
  });

  it('says how to fix a type error', () => {
    expect(check('isbn: 9781900000017\ncount: "3"\nprice: "abc"\n')).toEqual([
      '1:7: isbn must be a string, got a number; quote it: "9781900000017"',
      '2:8: count must be a whole number, got a string; write it without quotes: 3',
      '3:8: price must be a number, got a string',
    ]);
    expect(check('count: 2.5\ncodes: FIC019000\nnested: x\n')).toEqual([
      '1:8: count must be a whole number, got 2.5',
      "2:8: codes must be a list, got a string; write it as a list, e.g. ['FIC019000']",
      '3:9: nested must be a mapping (key: value lines), got a string',
    ]);
  });

  it('uses JSON words in JSON files', () => {
    expect(check('{\n  "nested": [],\n  "tags": "a"\n}', SCHEMA, 'f.json')).toEqual([
      '2:13: nested must be an object, got an array',
      "3:11: tags must be an array, got a string; write it as a list, e.g. ['a']",
    ]);
  });

  it('names a key with no value', () => {
    expect(check('name:\n')).toEqual(['1:1: name has no value; write a string']);
  });

  it('suggests the right key for a misspelt one, on its own line, and does not also call it missing', () => {
    expect(check('nested:\n  idd: x\n')).toEqual(["2:3: unknown key 'idd', did you mean 'id'?"]);
    expect(check('zzzzzz: 1\n')).toEqual([
      "1:1: unknown key 'zzzzzz'; allowed keys: isbn, count, price, code, raw, email, name, tags, codes, nested, either",
    ]);
  });

  it('reports a missing key on the line of the mapping that lacks it', () => {
    expect(check('isbn: "1"\nnested: {}\n')).toEqual(["2:1: missing required key 'id' in nested"]);
  });

  it('explains ranges, lengths, patterns and formats', () => {
    expect(check('count: 0\nprice: 0\ncode: fic19\nraw: y\nemail: nobody\nname: ""\n')).toEqual([
      '1:8: count must be at least 1, got 0',
      '2:8: price must be greater than 0, got 0',
      "3:7: code must look like 'FIC019000', got 'fic19'",
      "4:6: raw must match /^x+$/, got 'y'",
      "5:8: email must be an email address, got 'nobody'",
      '6:7: name must not be empty',
    ]);
    expect(check('name: abcdefghijklmnop\n')).toEqual(['1:7: name must be at most 10 characters long, got 16']);
  });

  it('explains list limits and points at the second copy of a duplicate', () => {
    expect(check('tags: []\n')).toEqual(['1:7: tags must list at least one item']);
    expect(check('tags: [a, b, c]\n')).toEqual(['1:7: tags must list at most 2 items, got 3']);
    expect(check('tags:\n  - a\n  - a\n')).toEqual(["3:5: tags lists 'a' twice (items 1 and 2); remove one"]);
  });

  it('lists the allowed forms of an anyOf once, not each branch', () => {
    expect(check('either: sometimes\n')).toEqual(['1:9: either does not match any allowed form: a number of days; or the word never']);
  });

  it('quotes long and control-character values safely', () => {
    const [message] = check(`code: "${'\\u0007'}${'x'.repeat(100)}"\n`);
    expect(message).toContain("got '\\u0007xxxx");
    expect(message.length).toBeLessThan(160);
  });

  describe('tenant schema messages', () => {
    const base = (schedule: string) =>
      `sender: {name: X, email: x@example.com}\namazon: {region: eu, marketplaceIds: [A1F83G8C2ARO7P], delivery: {format: onix}}\nschedule:\n${schedule}`;

    it('hour out of range, misspelt frequency value', () => {
      expect(check(base('  frequency: dayly\n  hour: 24\n'), TENANT_SCHEMA)).toEqual([
        "4:14: schedule.frequency must be one of disabled, daily, weekly, got 'dayly'; did you mean 'daily'?",
        '5:9: schedule.hour must be 0-23, got 24',
      ]);
    });

    it('weekly needs a day, daily refuses one', () => {
      expect(check(base('  frequency: weekly\n  hour: 6\n'), TENANT_SCHEMA)).toEqual([
        "3:1: missing required key 'dayOfWeek' in schedule (a weekly schedule needs dayOfWeek, 0-6, Sunday = 0)",
      ]);
      expect(check(base('  frequency: daily\n  hour: 6\n  dayOfWeek: 2\n'), TENANT_SCHEMA)).toEqual([
        '6:3: schedule.dayOfWeek is not allowed here: only weekly schedules have a day; remove it or set frequency: weekly',
      ]);
      expect(check(base('  frequency: disabled\n'), TENANT_SCHEMA)).toEqual([]);
      expect(check(base('  frequency: daily\n'), TENANT_SCHEMA)).toEqual([
        "3:1: missing required key 'hour' in schedule (a daily or weekly schedule needs hour, 0-23)",
      ]);
    });

    it('listings delivery needs listings settings', () => {
      const text = `sender: {name: X, email: x@example.com}\namazon:\n  region: na\n  marketplaceIds: [ATVPDKIKX0DER]\n  delivery: {format: listings}\nschedule: {frequency: disabled}\n`;
      expect(check(text, TENANT_SCHEMA)).toEqual([
        "2:1: missing required key 'listings' in amazon (delivery format listings needs a listings section with at least languageTag)",
      ]);
    });
  });
});
