/**
 * One title file from text to a checked `Title`. The hot path uses js-yaml (core schema, so dates stay strings) and
 * JSON.parse, which are several times faster than a position-keeping parser; only a file that fails gets parsed again
 * with positions, to point each problem at its line and column.
 */
import { posix } from 'node:path';
import { CORE_SCHEMA, load as loadYaml, YAMLException } from 'js-yaml';
import { parseJsonWithPositions } from '../config/json-document.ts';
import type { ParsedDocument } from '../config/positions.ts';
import type { Problem } from '../config/problem.ts';
import { compileSchema, schemaProblems } from '../config/schema-problems.ts';
import { parseYamlWithPositions } from '../config/yaml-document.ts';
import { checkTitle, type TitleIssue } from './checks.ts';
import { normaliseTitle, type TitleFile } from './normalise.ts';
import type { Title } from './title.ts';

/** The JSON Schema of a title file. */
export const TITLE_SCHEMA_URL = new URL('../../config/title.schema.json', import.meta.url);

/** Larger files are refused unparsed: a title is a few KB, and parsing megabytes of YAML only to refuse them is slow. */
const MAX_FILE_CHARACTERS = 10_000_000;

const EXPECTED = 'the keys isbn, productForm, title, language, publisher, publishingStatus and supply';

/** A parsed title file: the title when the file is clean, otherwise every problem found in it. */
export interface ParsedTitle {
  title?: Title;
  problems: Problem[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** {@link parseTitleFile} for a file's bytes as read from disk: anything but UTF-8 is a problem of the file. */
export function parseTitleBytes(path: string, bytes: Uint8Array): ParsedTitle {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { problems: [{ path, line: 1, col: 1, message: 'file is not UTF-8 text: save it with UTF-8 encoding' }] };
  }
  return parseTitleFile(path, text);
}

/**
 * Parses, schema-checks, normalises and checks one title file. `path` is repository-relative (it names the file in
 * problems, and its base name must equal the ISBN); a `.json` path is read as JSON, anything else as YAML.
 */
export function parseTitleFile(path: string, text: string): ParsedTitle {
  if (text.length > MAX_FILE_CHARACTERS) {
    const size = `${(text.length / 1_000_000).toFixed(1)} million characters`;
    return { problems: [{ path, line: 1, col: 1, message: `file has ${size}: a title file takes a few thousand; look for a pasted image or document and remove it` }] };
  }
  const json = path.endsWith('.json');
  let value: unknown;
  try {
    // Editors on Windows may start a file with a byte order mark, which JSON.parse refuses (js-yaml skips it).
    value = json ? JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) : loadYaml(text, { schema: CORE_SCHEMA, filename: path });
  } catch (error) {
    return { problems: syntaxProblems(path, text, json, error) };
  }
  if (value === undefined || value === null) {
    return { problems: [{ path, line: 1, col: 1, message: `file is empty; expected ${json ? 'an object' : 'a mapping'} with ${EXPECTED}` }] };
  }
  const validate = compileSchema(TITLE_SCHEMA_URL);
  if (!validate(value)) return { problems: schemaProblems(validate.errors, path, withPositions(path, text).locate, value) };
  const title = normaliseTitle(value as TitleFile);
  const issues = checkTitle(title, posix.basename(path));
  if (issues.length > 0) return { problems: locateIssues(path, text, issues) };
  // js-yaml hands out slices of the file text, which keep the whole text alive; a JSON round trip copies them out,
  // cutting the memory a large catalog holds by about two thirds (measured: 980 MB -> 330 MB for 100k titles).
  // JSON.parse copies its strings already (measured: 50k titles held take the same heap with or without the trip).
  return { title: json ? title : (JSON.parse(JSON.stringify(title)) as Title), problems: [] };
}

/** Gives title issues the line and column of the value they are about (parses the file again, with positions). */
export function locateIssues(path: string, text: string, issues: TitleIssue[]): Problem[] {
  const { locate } = withPositions(path, text);
  return issues.map((issue) => ({ path, ...locate(issue.at), message: issue.message }));
}

function withPositions(path: string, text: string): ParsedDocument {
  return path.endsWith('.json') ? parseJsonWithPositions(text, path, { expected: EXPECTED }) : parseYamlWithPositions(text, path, { expected: EXPECTED });
}

// The position-keeping parser usually explains a syntax error best; js-yaml's own mark is the fallback for the rare
// text that only js-yaml refuses.
function syntaxProblems(path: string, text: string, json: boolean, error: unknown): Problem[] {
  const detailed = withPositions(path, text).problems;
  if (detailed.length > 0) return detailed;
  if (!json && error instanceof YAMLException) {
    return [{ path, line: error.mark.line + 1, col: error.mark.column + 1, message: `YAML: ${error.reason}` }];
  }
  return [{ path, line: 1, col: 1, message: `${json ? 'JSON' : 'YAML'}: ${(error as Error).message}` }];
}
