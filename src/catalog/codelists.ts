/**
 * The ONIX code lists the product uses (codes with their short labels), extracted from EDItEUR's CodeLists XSD into
 * `codelists.json` by `scripts/extract-codelists.ts`.
 */
import { readFileSync } from 'node:fs';

interface CodeListsJson {
  issue: number;
  lists: Record<string, { name: string; codes: Record<string, string> }>;
}

const file = JSON.parse(readFileSync(new URL('./codelists.json', import.meta.url), 'utf8')) as CodeListsJson;
const lists = new Map<number, ReadonlyMap<string, string>>(
  Object.entries(file.lists).map(([n, list]) => [Number(n), new Map(Object.entries(list.codes))]),
);

/** Code list issue the extracted lists come from. */
export const CODELIST_ISSUE = file.issue;

/** The codes of ONIX list `list` with their short labels; throws when the list was not extracted. */
export function codeList(list: number): ReadonlyMap<string, string> {
  const codes = lists.get(list);
  if (!codes) throw new Error(`ONIX List ${list} is not in codelists.json; add it to USED_LISTS in scripts/extract-codelists.ts`);
  return codes;
}

/** True when `code` is in ONIX list `list`. */
export function isInCodeList(list: number, code: string): boolean {
  return codeList(list).has(code);
}

/** The short label of `code` in ONIX list `list`, e.g. codeLabel(17, 'A01') is "By (author)". */
export function codeLabel(list: number, code: string): string | undefined {
  return codeList(list).get(code);
}

/** ONIX list numbers with names, for callers that check codes. */
export const LISTS = {
  contributorRole: 17,
  region: 49,
  language: 74,
  country: 91,
  currency: 96,
  productForm: 150,
  productFormDetail: 175,
} as const;
