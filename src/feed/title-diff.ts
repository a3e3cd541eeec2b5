/**
 * The fields that differ between two versions of a title, as dotted paths people can read
 * (`supply[0].prices[0].amount: 18.99 -> 21.99`). Pure.
 */
import type { Title } from '../catalog/title.ts';

/** One field that differs; a side is absent where the field is not set. */
export interface FieldChange {
  field: string;
  before?: string;
  after?: string;
}

/** Longest value shown; descriptions run to thousands of characters. */
const MAX_VALUE_CHARACTERS = 80;

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => leaves(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) leaves(item, path ? `${path}.${key}` : key, out);
  } else if (value !== undefined) {
    out.set(path, typeof value === 'string' ? value : JSON.stringify(value));
  }
}

function shorten(text: string | undefined): string | undefined {
  if (text === undefined || text.length <= MAX_VALUE_CHARACTERS) return text;
  return `${text.slice(0, MAX_VALUE_CHARACTERS - 1)}…`;
}

/** The fields set differently in `before` and `after`, in the order of `after` then fields only `before` had. */
export function titleFieldChanges(before: Title | undefined, after: Title | undefined): FieldChange[] {
  const old = new Map<string, string>();
  const now = new Map<string, string>();
  leaves(before, '', old);
  leaves(after, '', now);
  const changes: FieldChange[] = [];
  for (const [field, value] of now) {
    if (old.get(field) !== value) changes.push({ field, before: shorten(old.get(field)), after: shorten(value) });
  }
  for (const [field, value] of old) if (!now.has(field)) changes.push({ field, before: shorten(value) });
  return changes;
}

/** "supply[0].prices[0].amount: 18.99 -> 21.99", "subtitle: (none) -> Foo". */
export function describeFieldChange(change: FieldChange): string {
  if (change.before === undefined) return `${change.field}: (none) -> ${change.after}`;
  if (change.after === undefined) return `${change.field}: ${change.before} -> (none)`;
  return `${change.field}: ${change.before} -> ${change.after}`;
}
