/**
 * Makes a mapped title pass the same checks a title file must pass (`config/title.schema.json` and
 * `src/catalog/checks.ts`): a value that fails is left out and reported (a bad price drops that price, a bad
 * country that country, an empty market that market), as long as what remains is still a title. When a required
 * value fails (ISBN, form, title, language, publisher, status, the last market), the product cannot be imported.
 */
import { checkTitle, type TitlePath } from '../catalog/checks.ts';
import { normaliseTitle, type TitleFile } from '../catalog/normalise.ts';
import { TITLE_SCHEMA_URL } from '../catalog/parse-title.ts';
import type { Title } from '../catalog/title.ts';
import { compileSchema } from '../config/schema-problems.ts';
import type { NotCarried } from './map-context.ts';
import { titleFileValue, type FileValue } from './title-file.ts';

/** A title that passes every check, or why there is none; either way with what had to be left out. */
export type Settled = { title: Title; file: FileValue; dropped: NotCarried[] } | { reason: string; dropped: NotCarried[] };

/** Optional values outside lists that can be left out, by the first two keys of their path. */
const OPTIONAL = new Set([
  'recordReference', 'asin', 'collection', 'edition', 'originalLanguage', 'pages', 'durationMinutes', 'cover', 'publicationDate',
  'title.prefix', 'title.subtitle', 'descriptions.long', 'descriptions.short', 'publisher.imprint',
  'measures.height', 'measures.width', 'measures.thickness', 'measures.weight',
]);
/** Removals are repeated because one can expose another (a market left without prices); each round removes something. */
const MAX_ROUNDS = 20;

/** Checks `title` and leaves out what fails, until it passes or a required value fails. */
export function settleTitle(title: Title): Settled {
  const dropped: NotCarried[] = [];
  let current = title;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const file = titleFileValue(current);
    const issues = problemsOf(current, file);
    if (issues.length === 0) return { title: current, file, dropped };
    const removed = new Set<string>();
    // Deepest and last first, so that removing a list item does not shift the index of another still to remove.
    const targets = issues.map((issue) => ({ issue, target: removalTarget(issue.at) })).sort((a, b) => comparePaths(b.target ?? [], a.target ?? []));
    for (const { issue, target } of targets) {
      if (!target) return { reason: fatalReason(issue), dropped };
      const key = describe(target);
      if ([...removed].some((r) => key === r || key.startsWith(`${r}.`) || key.startsWith(`${r}[`))) continue;
      removed.add(key);
      remove(file as Record<string, unknown>, target);
      dropped.push({ path: key, reason: issue.message });
    }
    current = normaliseTitle(file as unknown as TitleFile);
  }
  return { reason: 'the title still fails its checks after leaving out every value that failed', dropped };
}

interface Issue {
  at: TitlePath;
  message: string;
}

/** Schema errors of the title's file value, then the checks beyond the schema. */
function problemsOf(title: Title, file: FileValue): Issue[] {
  const validate = compileSchema(TITLE_SCHEMA_URL);
  if (!validate(file)) {
    return (validate.errors ?? []).map((error) => {
      const at: TitlePath = error.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? Number(part) : part.replace(/~1/g, '/').replace(/~0/g, '~')));
      const missing = (error.params as { missingProperty?: string }).missingProperty;
      return { at: missing ? [...at, missing] : at, message: error.message ?? 'is not valid' };
    });
  }
  return checkTitle(title, `${title.isbn}.yaml`);
}

/** What to remove for a problem at `at`: the deepest list item on the path, else an optional value; none when required. */
function removalTarget(at: TitlePath): TitlePath | undefined {
  for (let i = at.length - 1; i >= 0; i--) if (typeof at[i] === 'number') return at.slice(0, i + 1);
  if (OPTIONAL.has(String(at[0]))) return at.slice(0, 1);
  const two = at.slice(0, 2).join('.');
  return OPTIONAL.has(two) ? at.slice(0, 2) : undefined;
}

function remove(file: Record<string, unknown>, target: TitlePath): void {
  let parent: unknown = file;
  for (const key of target.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[key];
  const last = target[target.length - 1];
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[String(last)];
}

function fatalReason(issue: Issue): string {
  if (issue.at.length === 1 && issue.at[0] === 'supply') return 'no market is left that the title model can hold (see what was left out)';
  return `${describe(issue.at) || 'title'}: ${issue.message}`;
}

/** `supply[1].prices[0]`, as the report and title files' readers know the path. */
function describe(at: TitlePath): string {
  return at.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function comparePaths(a: TitlePath, b: TitlePath): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    return typeof a[i] === 'number' && typeof b[i] === 'number' ? (a[i] as number) - (b[i] as number) : String(a[i]) < String(b[i]) ? -1 : 1;
  }
  return a.length - b.length;
}
