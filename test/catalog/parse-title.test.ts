import { describe, expect, it } from 'vitest';
import { parseTitleFile } from '../../src/catalog/parse-title.ts';

const PATH = 'catalog/harbour-lane/titles/9781917620017.yaml';

/** A minimal valid title file; `edit` swaps lines to break it. */
const MINIMAL = `# yaml-language-server: $schema=../../../config/title.schema.json
isbn: '9781917620017'
productForm: BB
title:
  text: Salt Road
language: eng
publisher:
  name: Harbour Lane Press
publishingStatus: active
publicationDate: '2025-04-10'
supply:
  - market: gb
    countries: [GB]
    availability: available
    prices:
      - amount: 20
        currency: GBP
`;

function edit(from: string, to: string): string {
  if (!MINIMAL.includes(from)) throw new Error(`fixture has no ${from}`);
  return MINIMAL.replace(from, to);
}

describe('parseTitleFile', () => {
  it('normalises a minimal file, filling the defaults', () => {
    const { title, problems } = parseTitleFile(PATH, MINIMAL);
    expect(problems).toEqual([]);
    expect(title).toEqual({
      isbn: '9781917620017',
      recordReference: '9781917620017',
      productForm: 'BB',
      productFormDetails: [],
      title: { text: 'Salt Road' },
      contributors: [],
      language: 'eng',
      subjects: { bisac: [], thema: [], keywords: [] },
      descriptions: {},
      measures: {},
      publisher: { name: 'Harbour Lane Press' },
      publishingStatus: 'active',
      publicationDate: '2025-04-10',
      salesRights: [],
      related: [],
      supply: [{ market: 'gb', countries: ['GB'], availability: 'available', prices: [{ amount: 20, currency: 'GBP', type: 'rrp-excluding-tax' }] }],
    });
  });

  it('keeps dates as strings even when unquoted', () => {
    const { title } = parseTitleFile(PATH, edit("publicationDate: '2025-04-10'", 'publicationDate: 2025-04-10'));
    expect(title?.publicationDate).toBe('2025-04-10');
  });

  it('reads JSON with the same schema, ignoring the $schema key', () => {
    const { title: fromYaml } = parseTitleFile(PATH, MINIMAL);
    const json = JSON.stringify({ $schema: '../../../config/title.schema.json', ...(fromYaml as object) }, null, 2);
    const { title, problems } = parseTitleFile(PATH.replace('.yaml', '.json'), json);
    expect(problems).toEqual([]);
    expect(title).toEqual(fromYaml);
  });

  it('accepts a byte order mark at the start of YAML and JSON files', () => {
    const { title } = parseTitleFile(PATH, MINIMAL);
    expect(parseTitleFile(PATH, `\uFEFF${MINIMAL}`)).toEqual({ title, problems: [] });
    expect(parseTitleFile(PATH.replace('.yaml', '.json'), `\uFEFF${JSON.stringify(title)}`)).toEqual({ title, problems: [] });
  });

  it('puts a wrong check digit on the line and column of the ISBN', () => {
    const text = edit("isbn: '9781917620017'", "isbn: '9781917620018'");
    expect(parseTitleFile(PATH.replace('017', '018'), text).problems).toEqual([
      { path: 'catalog/harbour-lane/titles/9781917620018.yaml', line: 2, col: 7, message: expect.stringContaining('the last digit must be 7') },
    ]);
  });

  it('reports a file name that differs from the ISBN', () => {
    const path = 'catalog/harbour-lane/titles/9781917620024.yaml';
    expect(parseTitleFile(path, MINIMAL).problems).toEqual([
      { path, line: 2, col: 7, message: 'file name 9781917620024.yaml does not match isbn 9781917620017: rename the file to 9781917620017.yaml' },
    ]);
  });

  it('reports a misspelt key with a suggestion, on its line', () => {
    const problems = parseTitleFile(PATH, edit('  text: Salt Road', '  text: Salt Road\n  subtitel: A Novel')).problems;
    expect(problems).toEqual([{ path: PATH, line: 6, col: 3, message: expect.stringContaining("unknown key 'subtitel', did you mean 'subtitle'?") }]);
  });

  it('asks to quote an ISBN written as a number', () => {
    const problems = parseTitleFile(PATH, edit("isbn: '9781917620017'", 'isbn: 9781917620017')).problems;
    expect(problems).toEqual([{ path: PATH, line: 2, col: 7, message: expect.stringContaining('quote it') }]);
  });

  it('reports every schema problem at once', () => {
    const text = edit('publishingStatus: active', 'publishingStatus: activ').replace('language: eng\n', '');
    const problems = parseTitleFile(PATH, text).problems;
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringContaining("missing required key 'language'"),
      expect.stringContaining("did you mean 'active'?"),
    ]);
    expect(problems[1].line).toBe(8);
  });

  it('points at a zero price', () => {
    const problems = parseTitleFile(PATH, edit('amount: 20', 'amount: 0')).problems;
    expect(problems).toEqual([{ path: PATH, line: 16, col: 17, message: expect.stringContaining('price must be more than 0, got 0') }]);
  });

  it('points at a date that does not exist', () => {
    const problems = parseTitleFile(PATH, edit("publicationDate: '2025-04-10'", 'publicationDate: 2025-02-30')).problems;
    expect(problems).toEqual([{ path: PATH, line: 10, col: 18, message: '2025-02-30 does not exist: 2025-02 has days 01-28' }]);
  });

  it('points at a control character written as a YAML escape', () => {
    const problems = parseTitleFile(PATH, edit('  text: Salt Road', '  text: "Salt\\x07Road"')).problems;
    expect(problems).toEqual([{ path: PATH, line: 5, col: 9, message: expect.stringContaining('character U+0007 at position 5') }]);
  });

  it('refuses a 5 MB description on its line', () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const problems = parseTitleFile(PATH, `${MINIMAL}descriptions:\n  long: ${big}\n`).problems;
    expect(problems).toEqual([{ path: PATH, line: 19, col: 9, message: 'text is 5,242,880 characters long: at most 100,000 are allowed; shorten it' }]);
  });

  it('refuses a file of more than 10 million characters without parsing it', () => {
    const problems = parseTitleFile(PATH, `${MINIMAL}descriptions:\n  long: ${'x'.repeat(10_000_000)}\n`).problems;
    expect(problems).toEqual([{ path: PATH, line: 1, col: 1, message: expect.stringMatching(/^file has 10\.0 million characters: a title file takes a few thousand/) }]);
  });

  it.each([
    ['an empty file', ''],
    ['whitespace only', '  \n\n'],
    ['comments only', '# yaml-language-server: $schema=../../../config/title.schema.json\n'],
  ])('reports %s as empty', (_, text) => {
    expect(parseTitleFile(PATH, text).problems).toEqual([{ path: PATH, line: 1, col: 1, message: expect.stringMatching(/^file is empty; expected/) }]);
  });

  it('reports a YAML syntax error on its line', () => {
    const problems = parseTitleFile(PATH, edit('  text: Salt Road', '  text: "Salt Road')).problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ path: PATH, message: expect.stringMatching(/^YAML: /) });
    expect(problems[0].line).toBeGreaterThanOrEqual(5);
  });

  it('reports a duplicate key', () => {
    const problems = parseTitleFile(PATH, edit('productForm: BB', 'productForm: BB\nproductForm: BC')).problems;
    expect(problems).toEqual([{ path: PATH, line: 4, col: 1, message: expect.stringMatching(/^YAML: .*unique/i) }]);
  });

  it('reports a JSON syntax error and JSON check problems on their lines', () => {
    const jsonPath = PATH.replace('.yaml', '.json');
    const { title } = parseTitleFile(PATH, MINIMAL);
    const good = JSON.stringify(title, null, 2);
    // The missing comma ends line 4; JSON notices it at the next key.
    expect(parseTitleFile(jsonPath, good.replace('"productForm": "BB",', '"productForm": "BB"')).problems).toEqual([
      { path: jsonPath, line: 5, col: 3, message: expect.stringMatching(/^JSON: /) },
    ]);
    expect(parseTitleFile(jsonPath, good.replace('"language": "eng"', '"language": "en"')).problems).toEqual([
      { path: jsonPath, line: 10, col: 15, message: "'en' is not an ISO 639-2/B language code: use 'eng'" },
    ]);
  });
});
