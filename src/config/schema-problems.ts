/**
 * JSON Schema checks whose errors read like advice: ajv's raw errors ("must be <= 23") become problems a person acts on
 * ("schedule.hour must be 0-23, got 24"), each on the line of the value or key at fault.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import type { Problem } from './problem.ts';
import { describePath, type Locate, type ValuePath } from './positions.ts';
import { closestMatch, didYouMean } from './suggest.ts';

// strictTypes is off so that if/then conditions can name a property without restating its parent's type.
const ajv = new Ajv({ allErrors: true, verbose: true, strictTypes: false });
// ajv-formats is CommonJS; depending on the loader its default export arrives wrapped once more.
type FormatsPlugin = (target: Ajv) => Ajv;
const formats = formatsPlugin as unknown as FormatsPlugin | { default: FormatsPlugin };
(typeof formats === 'function' ? formats : formats.default)(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Compiles a JSON Schema file once per process (every later call returns the same validator). */
export function compileSchema(schemaUrl: URL): ValidateFunction {
  let validate = compiled.get(schemaUrl.href);
  if (!validate) {
    validate = ajv.compile(JSON.parse(readFileSync(schemaUrl, 'utf8')) as AnySchemaObject);
    compiled.set(schemaUrl.href, validate);
  }
  return validate;
}

/** Validates `value` against the schema file and returns every problem found (none when it conforms). */
export function checkAgainstSchema(schemaUrl: URL, value: unknown, path: string, locate: Locate): Problem[] {
  const validate = compileSchema(schemaUrl);
  return validate(value) ? [] : schemaProblems(validate.errors, path, locate, value);
}

/**
 * Turns ajv errors (from a validator compiled with allErrors and verbose, as {@link compileSchema} does) into
 * problems that say what is wrong and what would be right, sorted by position, without duplicates. Errors that are
 * consequences of another (an enum miss on a value of the wrong type) are left out.
 */
export function schemaProblems(
  errors: ErrorObject[] | null | undefined,
  path: string,
  locate: Locate,
  value: unknown,
): Problem[] {
  const words = path.endsWith('.json') ? JSON_WORDS : YAML_WORDS;
  const relevant = withoutConsequences(errors ?? []);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const error of relevant) {
    const described = describeError(error, words, value);
    if (!described) continue;
    const position = described.at.length === 0 && described.what === 'key' ? { line: 1, col: 1 } : locate(described.at, described.what);
    const problem = { path, ...position, message: described.message };
    const key = `${problem.line}:${problem.col}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

interface Words {
  object: string;
  array: string;
}
const YAML_WORDS: Words = { object: 'a mapping (key: value lines)', array: 'a list' };
const JSON_WORDS: Words = { object: 'an object', array: 'an array' };

interface Described {
  at: ValuePath;
  what: 'key' | 'value';
  message: string;
}

/**
 * Drops errors that only restate another: anything else at a path with a type error, the branches of anyOf/oneOf,
 * and a missing key that a misspelt key next to it stands for (the "did you mean" already says it).
 */
function withoutConsequences(all: ErrorObject[]): ErrorObject[] {
  const alternatives = all.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  const errors = all.filter((e) => !alternatives.some((prefix) => e.schemaPath.startsWith(prefix)));
  const typeErrorPaths = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const misspelt = new Set(
    errors
      .filter((e) => e.keyword === 'additionalProperties')
      .map((e) => {
        const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
        return `${e.instancePath}/${closestMatch(String(e.params.additionalProperty), allowed)}`;
      }),
  );
  return errors.filter(
    (e) =>
      e.keyword !== 'if' &&
      !(e.keyword !== 'type' && typeErrorPaths.has(e.instancePath)) &&
      !(e.keyword === 'required' && misspelt.has(`${e.instancePath}/${e.params.missingProperty}`)),
  );
}

function describeError(error: ErrorObject, words: Words, root: unknown): Described | undefined {
  const at = parseInstancePath(error.instancePath);
  const name = describePath(at);
  const subject = name || 'the file';
  const data = 'data' in error ? error.data : valueAt(root, at);
  const parent = error.parentSchema ?? {};
  const params = error.params as Record<string, unknown>;
  const hint = branchHint(error);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties as Record<string, unknown> | undefined) ?? {});
      const suggestion = didYouMean(key, allowed);
      const message = suggestion
        ? `unknown key '${key}', ${suggestion}`
        : `unknown key '${key}'${name ? ` in ${name}` : ''}; allowed keys: ${allowed.join(', ')}`;
      return { at: [...at, key], what: 'key', message };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      return { at, what: 'key', message: `missing required key '${missing}'${name ? ` in ${name}` : ''}${hint}` };
    }
    case 'type':
      return { at, what: 'value', message: typeMessage(subject, String(params.type), data, words) };
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const suggestion = typeof data === 'string' ? didYouMean(data, allowed.map(String)) : undefined;
      const message = `${subject} must be one of ${allowed.join(', ')}, got ${show(data)}${suggestion ? `; ${suggestion}` : ''}`;
      return { at, what: 'value', message };
    }
    case 'const':
      return { at, what: 'value', message: `${subject} must be ${show(params.allowedValue)}, got ${show(data)}${hint}` };
    case 'minimum':
    case 'maximum': {
      const { minimum, maximum } = parent as { minimum?: number; maximum?: number };
      const bound =
        minimum !== undefined && maximum !== undefined
          ? `${minimum}-${maximum}`
          : error.keyword === 'minimum'
            ? `at least ${minimum}`
            : `at most ${maximum}`;
      return { at, what: 'value', message: `${subject} must be ${bound}, got ${show(data)}` };
    }
    case 'exclusiveMinimum':
      return { at, what: 'value', message: `${subject} must be greater than ${params.limit}, got ${show(data)}` };
    case 'exclusiveMaximum':
      return { at, what: 'value', message: `${subject} must be less than ${params.limit}, got ${show(data)}` };
    case 'minLength':
      return {
        at,
        what: 'value',
        message: params.limit === 1 ? `${subject} must not be empty` : `${subject} must be at least ${params.limit} characters long, got ${show(data)}`,
      };
    case 'maxLength':
      return {
        at,
        what: 'value',
        message: `${subject} must be at most ${params.limit} characters long, got ${String(data).length}`,
      };
    case 'pattern': {
      const example = (parent.examples as unknown[] | undefined)?.[0];
      const expected = example === undefined ? `match /${params.pattern}/` : `look like ${show(example)}`;
      return { at, what: 'value', message: `${subject} must ${expected}, got ${show(data)}${hint}` };
    }
    case 'format':
      return { at, what: 'value', message: `${subject} must be ${FORMAT_NOUNS[String(params.format)] ?? `a valid ${params.format}`}, got ${show(data)}` };
    case 'minItems':
      return {
        at,
        what: 'value',
        message: params.limit === 1 ? `${subject} must list at least one item` : `${subject} must list at least ${params.limit} items, got ${(data as unknown[]).length}`,
      };
    case 'maxItems':
      return { at, what: 'value', message: `${subject} must list at most ${params.limit} items, got ${(data as unknown[]).length}` };
    case 'uniqueItems': {
      const [later, earlier] = [Number(params.i), Number(params.j)].sort((a, b) => b - a);
      const item = (data as unknown[])[later];
      return { at: [...at, later], what: 'value', message: `${subject} lists ${show(item)} twice (items ${earlier + 1} and ${later + 1}); remove one` };
    }
    case 'not': {
      const forbidden = (error.schema as { required?: string[] } | undefined)?.required;
      const description = (error.schema as { description?: string } | undefined)?.description;
      const because = description ? `: ${description}` : '';
      if (forbidden?.length === 1) {
        const keyPath = [...at, forbidden[0]];
        return { at: keyPath, what: 'key', message: `${describePath(keyPath)} is not allowed here${because}` };
      }
      return { at, what: 'value', message: `${subject} is not allowed here${because}` };
    }
    case 'false schema':
      return { at, what: 'key', message: `${subject} is not allowed here` };
    case 'anyOf':
    case 'oneOf': {
      const forms = (error.schema as AnySchemaObject[]).map((branch) => branch.description).filter(Boolean);
      const list = forms.length > 0 ? `: ${forms.join('; or ')}` : '';
      if (error.keyword === 'oneOf' && params.passingSchemas) {
        return { at, what: 'value', message: `${subject} matches more than one allowed form${list}` };
      }
      return { at, what: 'value', message: `${subject} does not match any allowed form${list}` };
    }
    case 'dependencies':
    case 'dependentRequired':
      return {
        at,
        what: 'key',
        message: `${name ? `${name}: ` : ''}'${params.property}' needs '${params.missingProperty}' as well${hint}`,
      };
    case 'propertyNames':
      return undefined; // the nested error names the key and what is wrong with it
    default:
      return { at, what: 'value', message: `${subject} ${error.message ?? 'is not valid'}${hint}` };
  }
}

const FORMAT_NOUNS: Record<string, string> = {
  email: 'an email address',
  uri: 'an absolute URL',
  url: 'an absolute URL',
  date: 'a date YYYY-MM-DD',
  'date-time': 'a date and time like 2025-01-31T09:00:00Z',
};

/** A `then`/`else` branch's description says why a key is needed or refused there. */
function branchHint(error: ErrorObject): string {
  if (!/\/(then|else)\/[^/]+$/.test(error.schemaPath)) return '';
  const description = error.parentSchema?.description;
  return typeof description === 'string' ? ` (${description})` : '';
}

function typeMessage(subject: string, expected: string, data: unknown, words: Words): string {
  const got = jsonType(data);
  const noun = (type: string) =>
    type === 'object' ? words.object : type === 'array' ? words.array : type === 'integer' ? 'a whole number' : `a ${type}`;
  const wanted = expected.split(',').map(noun).join(' or ');
  if (got === 'null') return `${subject} has no value; write ${wanted}`;
  const base = `${subject} must be ${wanted}, got ${noun(got)}`;
  if (expected === 'string' && (got === 'number' || got === 'boolean')) return `${base}; quote it: "${String(data)}"`;
  if ((expected === 'number' || expected === 'integer') && got === 'string' && (data as string).trim() !== '' && Number.isFinite(Number(data))) {
    return `${base}; write it without quotes: ${(data as string).trim()}`;
  }
  if (expected === 'integer' && got === 'number') return `${subject} must be a whole number, got ${String(data)}`;
  if (expected === 'array' && got !== 'object') return `${base}; write it as a list, e.g. [${show(data)}]`;
  return base;
}

function jsonType(data: unknown): string {
  if (data === null || data === undefined) return 'null';
  if (Array.isArray(data)) return 'array';
  return typeof data;
}

/** A value as messages quote it: strings in single quotes, shortened, control characters escaped. */
function show(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value) ?? String(value);
  const escaped = JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value).slice(1, -1).replace(/\\"/g, '"');
  return `'${escaped}'`;
}

function parseInstancePath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: ValuePath): unknown {
  let node = root;
  for (const segment of path) node = (node as Record<string, unknown> | undefined)?.[segment as string];
  return node;
}
