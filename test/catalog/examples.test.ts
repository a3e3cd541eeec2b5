import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import type { LoadedTitle } from '../../src/catalog/title.ts';
import { REPO_ROOT } from '../helpers/temp-repo.ts';

const TENANTS = {
  'harbour-lane': { currencies: ['EUR', 'GBP'], markets: ['de', 'gb'] },
  'northwind-books': { currencies: ['CAD', 'USD'], markets: ['ca', 'us'] },
};

describe.each(Object.entries(TENANTS))('example catalog %s', (tenant, expected) => {
  let titles: LoadedTitle[] = [];

  it('loads clean: every title file passes every check', async () => {
    const loaded = await loadCatalog(REPO_ROOT, tenant, { cacheDir: undefined });
    expect(loaded.problems).toEqual([]);
    titles = loaded.titles;
    expect(titles.length).toBeGreaterThanOrEqual(25);
    expect(new Set(titles.map((t) => t.source.format))).toEqual(new Set(['yaml', 'json']));
  });

  it('has the formats, roles, prices and statuses the brief asks for', () => {
    const all = titles.map((t) => t.title);
    expect(new Set(all.map((t) => t.productForm))).toEqual(new Set(['BB', 'BC', 'ED', 'AJ']));
    for (const epub of all.filter((t) => t.productForm === 'ED')) expect(epub.productFormDetails).toContain('E101');
    for (const audio of all.filter((t) => t.productForm === 'AJ')) {
      expect(audio.durationMinutes).toBeGreaterThan(0);
      expect(audio.contributors.some((c) => c.roles.includes('E07'))).toBe(true);
    }
    const roles = new Set(all.flatMap((t) => t.contributors.flatMap((c) => c.roles)));
    for (const role of ['A01', 'B01', 'B06', 'A12']) expect(roles).toContain(role);
    expect(new Set(all.flatMap((t) => t.supply.flatMap((s) => s.prices.map((p) => p.currency)))).size).toBe(2);
    expect([...new Set(all.flatMap((t) => t.supply.flatMap((s) => s.prices.map((p) => p.currency))))].sort()).toEqual(expected.currencies);
    expect([...new Set(all.flatMap((t) => t.supply.map((s) => s.market)))].sort()).toEqual(expected.markets);
    expect(all.some((t) => t.publishingStatus === 'forthcoming' && t.publicationDate! > '2026-12-31')).toBe(true);
    expect(all.some((t) => t.publishingStatus === 'out-of-print')).toBe(true);
    expect(all.every((t) => t.subjects.bisac.length > 0 && t.subjects.thema.length > 0 && t.subjects.keywords.length > 0)).toBe(true);
    expect(all.some((t) => /<(p|em|strong|ul)>/.test(t.descriptions.long ?? ''))).toBe(true);
  });

  it('has non-ASCII text, CJK, an ampersand and angle brackets in titles', () => {
    const names = titles.map((t) => `${t.title.title.text} ${t.title.title.subtitle ?? ''}`).join('\n');
    expect(names).toMatch(/[À-ÿ]/);
    expect(names).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(names).toContain('&');
    expect(names).toMatch(/[<>]/);
  });

  it('links editions of a work both ways, only to titles in the catalog', () => {
    const byIsbn = new Map(titles.map((t) => [t.title.isbn, t.title]));
    const inverse = { 'alternative-format': 'alternative-format', replaces: 'replaced-by', 'replaced-by': 'replaces' } as Record<string, string>;
    let links = 0;
    for (const { title } of titles) {
      for (const related of title.related) {
        const other = byIsbn.get(related.isbn);
        expect(other, `${title.isbn} -> ${related.isbn}`).toBeDefined();
        expect(other!.related).toContainEqual({ relation: inverse[related.relation], isbn: title.isbn });
        links++;
      }
    }
    expect(links).toBeGreaterThan(titles.length);
  });
});
