/**
 * YAML reading that keeps source positions: every problem found later in the parsed value can name its line.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Problem } from './problem.ts';
import type { Locate, ParsedDocument, Position, ValuePath } from './positions.ts';

/** Options for {@link parseYamlWithPositions}. */
export interface YamlParseOptions {
  /** What a non-empty file holds, for the "file is empty" message, e.g. "the keys sender, amazon and schedule". */
  expected?: string;
}

/**
 * Parses YAML 1.2 (core schema: `no` stays a string, dates stay strings) into a plain value. Syntax errors,
 * duplicate keys and an empty file become problems with line and column; `path` is the repository-relative path
 * the problems carry.
 */
export function parseYamlWithPositions(text: string, path: string, options: YamlParseOptions = {}): ParsedDocument {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Position => lineCounter.linePos(offset);
  // Only the first syntax error: the parser's later ones are mostly its own confusion after it.
  const problems: Problem[] = [...doc.errors, ...doc.warnings].slice(0, 1).map((error) => ({
    path,
    ...at(error.pos[0]),
    message:
      error.code === 'DUPLICATE_KEY'
        ? `YAML: key '${keyAt(text, error.pos[0])}' appears twice in the same mapping; keys must be unique, keep one`
        : `YAML: ${lowerFirst(error.message)}`,
  }));
  const locate: Locate = (valuePath, what = 'value') => at(offsetOf(doc, valuePath, what));
  if (problems.length > 0) return { value: undefined, problems, locate };
  if (doc.contents === null) {
    const expected = options.expected ? `; expected a mapping with ${options.expected}` : '';
    return { value: undefined, problems: [{ path, line: 1, col: 1, message: `file is empty${expected}` }], locate };
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }), problems, locate };
  } catch (error) {
    // toJS refuses alias bombs ("excessive alias count"); the file is unusable but the process must not be.
    return { value: undefined, problems: [{ path, line: 1, col: 1, message: `YAML: ${(error as Error).message}` }], locate };
  }
}

function offsetOf(doc: Document, valuePath: ValuePath, what: 'key' | 'value'): number {
  let node: unknown = doc.contents;
  let keyOffset: number | undefined;
  let found = 0;
  for (const segment of valuePath) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      keyOffset = rangeStart(pair.key);
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      keyOffset = rangeStart(item);
      node = item;
    } else {
      break;
    }
    found++;
  }
  const valueOffset = rangeStart(node);
  // Where the path leaves the file, the key that holds its last existing part is the place to point at.
  if ((what === 'key' || found < valuePath.length) && keyOffset !== undefined) return keyOffset;
  // An empty value (`hour:`) has a zero-width range after the colon; the key is where a person looks.
  if (valueOffset === undefined || (isScalar(node) && node.value === null && keyOffset !== undefined)) return keyOffset ?? 0;
  return valueOffset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}

/** The key written at `offset` (the parser's error range covers only its first character). */
function keyAt(text: string, offset: number): string {
  return (/^[^:\n]*/.exec(text.slice(offset, offset + 200))?.[0] ?? '').trim();
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}
