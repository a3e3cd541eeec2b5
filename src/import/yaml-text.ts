/**
 * A small YAML emitter for title files: block mappings and sequences in the order given, two-space indents, strings
 * left plain only where every YAML reader (1.1 and 1.2, js-yaml and eemeli/yaml) reads them back as the same string.
 * Quoting is deliberately generous: ISBNs, dates, codes that start with a digit, `no`, `on` and `null` are quoted, so
 * that no value silently turns into a number, a date, a boolean or nothing.
 */

/** A value a title file holds: strings, numbers, booleans, lists and mappings. */
export type YamlValue = string | number | boolean | YamlValue[] | { [key: string]: YamlValue };

// Words YAML 1.1 or 1.2 reads as booleans or null, in any of their spellings.
const SPECIAL_WORDS = /^(?:y|yes|n|no|true|false|on|off|null|~|<<|=)$/i;
// Starts like a number, a date, a time or .inf/.nan in some YAML version.
const NUMBER_LIKE = /^[-+]?(?:\.?[0-9]|\.(?:inf|nan)$)/i;
// Characters a plain scalar may not start with.
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
// Line breaks in either YAML version (NEL, LS and PS count in 1.1), other control characters, BOM.
const NEEDS_ESCAPES = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/;

/** The YAML text of `value` (a mapping at the top), ending with a newline. */
export function toYaml(value: { [key: string]: YamlValue }): string {
  return mappingLines(value, 0).join('\n') + '\n';
}

/** A string as a YAML scalar: plain when safe, else single-quoted, else double-quoted with escapes. */
export function yamlString(text: string): string {
  if (NEEDS_ESCAPES.test(text)) return doubleQuoted(text);
  if (isPlainSafe(text)) return text;
  return `'${text.replace(/'/g, "''")}'`;
}

function isPlainSafe(text: string): boolean {
  return (
    text !== '' &&
    text.trim() === text &&
    !text.includes('\t') &&
    !INDICATOR_START.test(text) &&
    !SPECIAL_WORDS.test(text) &&
    !NUMBER_LIKE.test(text) &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !text.endsWith(':')
  );
}

/** JSON string syntax is YAML double-quoted syntax; the characters JSON leaves raw but YAML 1.1 breaks lines at are escaped too. */
function doubleQuoted(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function scalar(value: string | number | boolean): string {
  if (typeof value === 'string') return yamlString(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`cannot write ${value} to a title file`);
  return String(value);
}

function isMapping(value: YamlValue): value is { [key: string]: YamlValue } {
  return typeof value === 'object' && !Array.isArray(value);
}

function entryLines(prefix: string, value: YamlValue, indent: number): string[] {
  if (Array.isArray(value)) return value.length === 0 ? [`${prefix} []`] : [prefix, ...sequenceLines(value, indent + 2)];
  if (isMapping(value)) return Object.keys(value).length === 0 ? [`${prefix} {}`] : [prefix, ...mappingLines(value, indent + 2)];
  return [`${prefix} ${scalar(value)}`];
}

function mappingLines(map: { [key: string]: YamlValue }, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(map)) lines.push(...entryLines(`${pad}${yamlString(key)}:`, value, indent));
  return lines;
}

function sequenceLines(items: YamlValue[], indent: number): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const item of items) {
    if ((isMapping(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
      // A nested block starts on the dash's line: its first line loses the indent the dash now stands in.
      const nested = isMapping(item) ? mappingLines(item, indent + 2) : sequenceLines(item, indent + 2);
      lines.push(`${pad}- ${nested[0].slice(indent + 2)}`, ...nested.slice(1));
    } else {
      lines.push(...entryLines(`${pad}-`, item, indent));
    }
  }
  return lines;
}
