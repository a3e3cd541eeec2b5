/**
 * Writes `src/catalog/codelists.json`: the ONIX code lists the product uses, each code with its short label, read from
 * EDItEUR's `schemas/onix/3.1/ONIX_BookProduct_CodeLists.xsd`. The JSON is committed so nothing runs at install; a test
 * fails when it no longer matches the XSD (re-run `npx tsx scripts/extract-codelists.ts` after updating the XSD).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';

/** The ONIX lists the title model, its checks and the ONIX writer use. */
export const USED_LISTS = [
  1, 2, 5, 15, 17, 22, 23, 24, 27, 34, 44, 46, 48, 49, 50, 51, 57, 58, 64, 65, 74, 91, 93, 96, 150, 153, 154, 163, 166, 175,
] as const;

/** EDItEUR's code list XSD pinned in the repository. */
export const CODELISTS_XSD = fileURLToPath(new URL('../schemas/onix/3.1/ONIX_BookProduct_CodeLists.xsd', import.meta.url));
/** The extracted lists, read at run time by `src/catalog/codelists.ts`. */
export const CODELISTS_JSON = fileURLToPath(new URL('../src/catalog/codelists.json', import.meta.url));

/** The shape of `codelists.json`: list number -> list name and code -> short label. */
export interface CodeListsFile {
  /** Code list issue the XSD declares (EDItEUR publishes a new issue a few times a year). */
  issue: number;
  lists: Record<string, { name: string; codes: Record<string, string> }>;
}

/** Reads the code lists in `lists` from the CodeLists XSD text; each code keeps its first (short) documentation. */
export function extractCodeLists(xsd: string, lists: readonly number[] = USED_LISTS): CodeListsFile {
  const wanted = new Set(lists.map((n) => `List${n}`));
  const issue = Number(/ISSUE:\s*(\d+)/.exec(xsd)?.[1] ?? NaN);
  const result: CodeListsFile = { issue, lists: {} };
  const parser = new SaxesParser();
  let current: { name: string; codes: Record<string, string> } | undefined;
  let code: string | undefined;
  let documentationIndex = 0;
  let collecting = false;
  let text = '';
  parser.on('opentag', (tag) => {
    if (tag.name === 'xs:simpleType') {
      const name = tag.attributes.name as string | undefined;
      current = name && wanted.has(name) ? { name: '', codes: {} } : undefined;
      if (current) result.lists[name!.slice(4)] = current;
      code = undefined;
      documentationIndex = 0;
    } else if (current && tag.name === 'xs:enumeration') {
      code = tag.attributes.value as string;
      documentationIndex = 0;
    } else if (current && tag.name === 'xs:documentation') {
      collecting = documentationIndex === 0;
      text = '';
    }
  });
  parser.on('text', (t) => {
    if (collecting) text += t;
  });
  parser.on('closetag', (tag) => {
    if (!current) return;
    if (tag.name === 'xs:documentation') {
      if (collecting) {
        if (code === undefined) current.name = text.trim();
        else current.codes[code] = text.trim();
      }
      collecting = false;
      documentationIndex++;
    } else if (tag.name === 'xs:enumeration') {
      code = undefined;
      documentationIndex = 0;
    } else if (tag.name === 'xs:simpleType') {
      current = undefined;
    }
  });
  parser.write(xsd).close();
  const missing = lists.filter((n) => !result.lists[String(n)]);
  if (missing.length > 0) throw new Error(`the XSD has no List${missing.join(', List')}`);
  return result;
}

/** The JSON text written to `src/catalog/codelists.json` (stable, so the file only changes with the XSD). */
export function renderCodeLists(file: CodeListsFile): string {
  return JSON.stringify(file, null, 1) + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = extractCodeLists(readFileSync(CODELISTS_XSD, 'utf8'));
  writeFileSync(CODELISTS_JSON, renderCodeLists(file));
  const counts = Object.entries(file.lists).map(([n, l]) => `${n}:${Object.keys(l.codes).length}`);
  process.stdout.write(`wrote ${CODELISTS_JSON} (issue ${file.issue}; lists ${counts.join(' ')})\n`);
}
