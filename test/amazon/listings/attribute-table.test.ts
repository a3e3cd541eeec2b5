import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SOURCE_NAMES } from '../../../src/amazon/listings/sources.ts';
import { attributeTableProblems, loadAttributeTable, parseAttributeTable } from '../../../src/amazon/listings/table-file.ts';
import { InvalidInputError } from '../../../src/config/problem.ts';
import { createTempRepo, type TempRepo } from '../../helpers/temp-repo.ts';

let repo: TempRepo | undefined;
afterEach(async () => {
  await repo?.cleanup();
  repo = undefined;
});

describe('the listings attribute table', () => {
  it('ships an entry for every attribute the issue asks for, each saying whether it is confirmed', async () => {
    const table = await loadAttributeTable();
    expect(table.productType).toBe('ABIS_BOOK');
    const names = table.rules.map((r) => r.attribute);
    for (const wanted of [
      'externally_assigned_product_identifier',
      'item_name',
      'contributor',
      'publisher',
      'language',
      'binding',
      'publication_date',
      'edition',
      'pages',
      'product_description',
      'generic_keyword',
      'list_price',
      'main_product_image_locator',
    ]) {
      expect(names).toContain(wanted);
    }
    expect(table.rules.every((r) => typeof r.confirmed === 'boolean')).toBe(true);
  });

  it('names in its schema exactly the sources the program has', () => {
    const schema = JSON.parse(readFileSync(new URL('../../../config/listings-attributes.schema.json', import.meta.url), 'utf8'));
    expect([...schema.definitions.attribute.properties.source.enum].sort()).toEqual([...SOURCE_NAMES].sort());
  });

  it("lays a repository's own table over the shipped one: replace, add, drop", async () => {
    repo = await createTempRepo({
      files: {
        'config/listings-attributes.yaml': [
          'attributes:',
          '  - attribute: binding',
          '    source: productForm',
          '    confirmed: true',
          '    template: { value: "{form}" }',
          '    codes: { form: { BC: perfect_bound } }',
          '  - attribute: generic_keyword',
          '    enabled: false',
          '  - attribute: thema_code',
          '    source: thema',
          '    confirmed: false',
          '    template: { value: "{code}" }',
          '',
        ].join('\n'),
      },
    });
    const table = await loadAttributeTable(repo.root);
    const binding = table.rules.find((r) => r.attribute === 'binding')!;
    expect(binding).toMatchObject({ confirmed: true, codes: { form: { BC: 'perfect_bound' } }, perMarketplace: true, localized: false });
    expect(table.rules.map((r) => r.attribute)).not.toContain('generic_keyword');
    expect(table.rules.at(-1)).toMatchObject({ attribute: 'thema_code', source: 'thema', group: 'product' });
    // The shipped order is kept for replaced entries.
    const names = table.rules.map((r) => r.attribute);
    expect(names.indexOf('binding')).toBeLessThan(names.indexOf('publication_date'));
  });

  it('refuses a broken table with the file, line and what would be right', () => {
    const text = ['attributes:', '  - attribute: item_name', '    source: titel', '    confirmed: true', '    template: { value: "{title}" }', ''].join('\n');
    let error: unknown;
    try {
      parseAttributeTable(text, 'config/listings-attributes.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const [problem] = (error as InvalidInputError).problems;
    expect(problem).toMatchObject({ path: 'config/listings-attributes.yaml', line: 3 });
    expect(problem.message).toMatch(/titel/);
    expect(problem.message).toMatch(/title/);
  });

  it('refuses an entry without a template, unless it only drops a shipped entry', () => {
    expect(() => parseAttributeTable('attributes:\n  - attribute: item_name\n    source: title\n    confirmed: true\n', 't.yaml')).toThrow(/template/);
    expect(parseAttributeTable('attributes:\n  - attribute: item_name\n    enabled: false\n', 't.yaml').attributes).toHaveLength(1);
  });
});

describe('docs/amazon-paths.md', () => {
  it('lists every shipped attribute with whether it is confirmed, as the table says', async () => {
    const doc = readFileSync(new URL('../../../docs/amazon-paths.md', import.meta.url), 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\| `([a-z_]+)` \|[^|]*\| (yes|no)\b/gm)].map(([, name, confirmed]) => [name, confirmed === 'yes']),
    );
    const table = await loadAttributeTable();
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(table.rules.map((r) => [r.attribute, r.confirmed])));
  });
});

describe('attributeTableProblems', () => {
  it("reports a repository's broken table as problems, and none for a repository without one", async () => {
    repo = await createTempRepo({ files: { 'config/listings-attributes.yaml': 'attributes:\n  - attribute: Item Name\n    enabled: false\n' } });
    expect(await attributeTableProblems(repo.root)).toEqual([
      expect.objectContaining({ path: 'config/listings-attributes.yaml', line: 2, message: expect.stringMatching(/attribute/) }),
    ]);
    await repo.cleanup();
    repo = await createTempRepo();
    expect(await attributeTableProblems(repo.root)).toEqual([]);
  });
});
