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
  return mappingText(value, 0, '');
}

/** A string as a YAML scalar: plain when safe, else single-quoted, else double-quoted with escapes. */
export function yamlString(text: string): string {
  if (NEEDS_ESCAPES.test(text)) return doubleQuoted(text);
  if (isPlainSafe(text)) return text;
  return `'${text.replace(/'/g, "''")}'`;
}

// Most values: a letter, then letters, digits, spaces and simple punctuation; only the special words need a look.
const SIMPLE = /^[A-Za-z][A-Za-z0-9 ,.()/_-]*[A-Za-z0-9.)]$|^[A-Za-z]$/;

function isPlainSafe(text: string): boolean {
  if (SIMPLE.test(text)) return !SPECIAL_WORDS.test(text);
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

function isEmpty(value: YamlValue): boolean {
  return Array.isArray(value) ? value.length === 0 : isMapping(value) && Object.keys(value).length === 0;
}

/** `prefix` (a key or a dash) followed by the value: inline for scalars and empty collections, else as a block below. */
function entryText(prefix: string, value: YamlValue, indent: number): string {
  if (Array.isArray(value)) return value.length === 0 ? `${prefix} []\n` : `${prefix}\n${sequenceText(value, indent + 2, ' '.repeat(indent + 2))}`;
  if (isMapping(value)) return isEmpty(value) ? `${prefix} {}\n` : `${prefix}\n${mappingText(value, indent + 2, ' '.repeat(indent + 2))}`;
  return `${prefix} ${scalar(value)}\n`;
}

/** Keys as YAML: title files use a few dozen keys, so each is worked out once. */
const keyTexts = new Map<string, string>();

function keyText(key: string): string {
  let text = keyTexts.get(key);
  if (text === undefined) {
    text = `${yamlString(key)}:`;
    if (keyTexts.size < 1000) keyTexts.set(key, text);
  }
  return text;
}

/** A block mapping at `indent`; its first line starts with `firstPad` instead of the indent (a dash may stand there). */
function mappingText(map: { [key: string]: YamlValue }, indent: number, firstPad: string): string {
  const pad = ' '.repeat(indent);
  let text = '';
  for (const key of Object.keys(map)) text += entryText(`${text ? pad : firstPad}${keyText(key)}`, map[key], indent);
  return text;
}

function sequenceText(items: YamlValue[], indent: number, firstPad: string): string {
  const pad = ' '.repeat(indent);
  let text = '';
  for (const item of items) {
    const dash = `${text ? pad : firstPad}- `;
    // A nested block starts on the dash's line, indented two more than the dash.
    if (isMapping(item) && !isEmpty(item)) text += mappingText(item, indent + 2, dash);
    else if (Array.isArray(item) && item.length > 0) text += sequenceText(item, indent + 2, dash);
    else text += entryText(dash.slice(0, -1), item, indent);
  }
  return text;
}
