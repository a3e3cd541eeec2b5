/**
 * JSON reading with source positions, for title files kept as `.json`: the same {@link ParsedDocument} shape as the
 * YAML reader, so checks and messages do not care which format a file is in.
 */
import type { Problem } from './problem.ts';
import type { ParsedDocument, Position, ValuePath } from './positions.ts';

/** Parses JSON; a syntax error or an empty file becomes a problem with line and column. */
export function parseJsonWithPositions(text: string, path: string, options: { expected?: string } = {}): ParsedDocument {
  const locate = (valuePath: ValuePath, what: 'key' | 'value' = 'value') => locateInJson(text, valuePath, what);
  if (text.trim() === '') {
    const expected = options.expected ? `; expected an object with ${options.expected}` : '';
    return { value: undefined, problems: [{ path, line: 1, col: 1, message: `file is empty${expected}` }], locate };
  }
  try {
    return { value: JSON.parse(stripBom(text)), problems: [], locate };
  } catch (error) {
    const message = (error as Error).message;
    const offset = Number(/at position (\d+)/.exec(message)?.[1] ?? text.trimEnd().length);
    const problem: Problem = { path, ...positionAt(text, offset), message: `JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}` };
    return { value: undefined, problems: [problem], locate };
  }
}

/**
 * Finds the position of a value (or of the key holding it) in JSON text without building a tree: it walks down the
 * path and skips everything else. A path that does not exist resolves to the deepest part that does.
 */
export function locateInJson(text: string, valuePath: ValuePath, what: 'key' | 'value' = 'value'): Position {
  const scanner = new JsonScanner(text);
  let valueOffset = scanner.skipSpace(text.charCodeAt(0) === 0xfeff ? 1 : 0);
  let keyOffset: number | undefined;
  let complete = true;
  for (const segment of valuePath) {
    const found = scanner.member(valueOffset, segment);
    if (!found) {
      complete = false;
      break;
    }
    keyOffset = found.key;
    valueOffset = found.value;
  }
  // Where the path leaves the file, the key that holds its last existing part is the place to point at.
  return positionAt(text, what === 'key' || !complete ? (keyOffset ?? valueOffset) : valueOffset);
}

/** 1-based line and column of a character offset. */
function positionAt(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: Math.max(1, offset - lineStart + 1) };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Just enough of a JSON tokenizer to step over values; it trusts that the text parsed (or stops where it does not). */
class JsonScanner {
  constructor(private readonly text: string) {}

  skipSpace(i: number): number {
    while (i < this.text.length && ' \t\r\n'.includes(this.text[i])) i++;
    return i;
  }

  /** Offsets of the key (or list item) and value named by `segment` in the object or array starting at `start`. */
  member(start: number, segment: string | number): { key: number; value: number } | undefined {
    const open = this.text[start];
    if (open !== '{' && open !== '[') return undefined;
    let i = this.skipSpace(start + 1);
    for (let index = 0; i < this.text.length && this.text[i] !== (open === '{' ? '}' : ']'); index++) {
      const key = i;
      let matches: boolean;
      if (open === '{') {
        const keyEnd = this.skipString(i);
        matches = this.decodeString(i, keyEnd) === String(segment);
        i = this.skipSpace(keyEnd);
        if (this.text[i] !== ':') return undefined;
        i = this.skipSpace(i + 1);
      } else {
        matches = index === Number(segment);
      }
      if (matches) return { key, value: i };
      i = this.skipSpace(this.skipValue(i));
      if (this.text[i] === ',') i = this.skipSpace(i + 1);
    }
    return undefined;
  }

  private skipValue(i: number): number {
    const c = this.text[i];
    if (c === '"') return this.skipString(i);
    if (c !== '{' && c !== '[') {
      while (i < this.text.length && !',}] \t\r\n'.includes(this.text[i])) i++;
      return i;
    }
    let depth = 0;
    while (i < this.text.length) {
      const ch = this.text[i];
      if (ch === '"') {
        i = this.skipString(i);
        continue;
      }
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') depth--;
      i++;
      if (depth === 0) return i;
    }
    return i;
  }

  /** Offset just past the string starting at `i`. */
  private skipString(i: number): number {
    for (i++; i < this.text.length; i++) {
      if (this.text[i] === '\\') i++;
      else if (this.text[i] === '"') return i + 1;
    }
    return i;
  }

  private decodeString(start: number, end: number): string | undefined {
    try {
      return JSON.parse(this.text.slice(start, end)) as string;
    } catch {
      return undefined;
    }
  }
}
