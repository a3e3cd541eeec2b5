import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CODELISTS_JSON, CODELISTS_XSD, extractCodeLists, renderCodeLists, USED_LISTS } from '../../scripts/extract-codelists.ts';
import { CODELIST_ISSUE, codeLabel, isInCodeList } from '../../src/catalog/codelists.ts';

describe('code lists', () => {
  it('codelists.json is up to date with the pinned XSD (run scripts/extract-codelists.ts if not)', () => {
    const fresh = renderCodeLists(extractCodeLists(readFileSync(CODELISTS_XSD, 'utf8')));
    expect(readFileSync(CODELISTS_JSON, 'utf8')).toBe(fresh);
  });

  it('holds every list the product uses, with short labels', () => {
    expect(CODELIST_ISSUE).toBe(70);
    for (const list of USED_LISTS) expect(isInCodeList(list, '__none__')).toBe(false);
    expect(codeLabel(17, 'A01')).toBe('By (author)');
    expect(codeLabel(150, 'AJ')).toBe('Downloadable audio file');
    expect(codeLabel(175, 'E101')).toBe('EPUB');
    expect(codeLabel(96, 'GBP')).toBe('Pound Sterling');
    expect(codeLabel(74, 'jpn')).toBe('Japanese');
    expect(codeLabel(91, 'GB')).toBe('United Kingdom');
    expect(codeLabel(49, 'WORLD')).toBe('World');
    expect(isInCodeList(74, 'en')).toBe(false);
  });

  it('refuses a list that was not extracted, naming where to add it', () => {
    expect(() => isInCodeList(999, 'x')).toThrow(/List 999 is not in codelists.json; add it to USED_LISTS/);
  });

  it('fails loudly when the XSD lacks a wanted list', () => {
    expect(() => extractCodeLists('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', [5])).toThrow('the XSD has no List5');
  });
});
