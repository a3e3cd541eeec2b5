/**
 * A title as the text of its file, the way a publisher would keep it: defaults left out (record reference equal to
 * the ISBN, empty lists), keys in the schema's order, and the editor's schema reference first (a
 * `# yaml-language-server` comment in YAML, a `$schema` key in JSON).
 */
import type { Title } from '../catalog/title.ts';
import { toYaml, type YamlValue } from './yaml-text.ts';

/** A title file format. */
export type TitleFileFormat = 'yaml' | 'json';

/** The title schema as seen from `catalog/<tenant>/titles/`. */
export const TITLE_SCHEMA_REF = '../../../config/title.schema.json';

/** What a title file holds, as plain data. */
export type FileValue = { [key: string]: YamlValue };

/** What the file holds for `title` (a normalised title, so keys are already in schema order). */
export function titleFileValue(title: Title): FileValue {
  const { isbn, recordReference, ...rest } = title;
  return withoutEmpty(recordReference === isbn ? { isbn, ...rest } : { isbn, recordReference, ...rest }) as FileValue;
}

/** The full text of a title file holding `value` (from {@link titleFileValue}). */
export function renderFileValue(value: FileValue, format: TitleFileFormat): string {
  if (format === 'json') return `${JSON.stringify({ $schema: TITLE_SCHEMA_REF, ...value }, null, 2)}\n`;
  return `# yaml-language-server: $schema=${TITLE_SCHEMA_REF}\n${toYaml(value)}`;
}

function isMapping(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Drops undefined values, empty lists and mappings that end up empty, at every level (list items included). */
function withoutEmpty(value: object): object {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined || (Array.isArray(item) && item.length === 0)) continue;
    const kept = isMapping(item) ? withoutEmpty(item) : Array.isArray(item) ? item.map((x) => (isMapping(x) ? withoutEmpty(x) : x)) : item;
    if (isMapping(kept) && Object.keys(kept).length === 0) continue;
    out[key] = kept;
  }
  return out;
}
