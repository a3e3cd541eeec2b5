/**
 * Positions inside a parsed user file, so that a problem found in the parsed value can point at the line a person
 * edits. Shared by the YAML and JSON readers.
 */
import type { Problem } from './problem.ts';

/** Path to a value inside a document: map keys and list indexes, as in a JSON Pointer (`/schedule/hour`). */
export type ValuePath = readonly (string | number)[];

/** 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/**
 * Finds where a value sits in the source text. `what: 'key'` points at the map key that holds the value (where an
 * "unknown key" or a "missing key in ..." belongs); `'value'` (default) at the value itself. A path that does not
 * exist resolves to the deepest part of it that does, so every problem still gets a line.
 */
export type Locate = (path: ValuePath, what?: 'key' | 'value') => Position;

/** A user file parsed to a plain value, with the problems met while parsing and a way back to source positions. */
export interface ParsedDocument {
  /** The plain value (undefined when the file could not be parsed). */
  value: unknown;
  /** Syntax problems; when non-empty, `value` must not be trusted. */
  problems: Problem[];
  locate: Locate;
}

/** Renders a value path the way messages name it: `schedule.hour`, `amazon.marketplaceIds[1]`. */
export function describePath(path: ValuePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out ? `.${segment}` : segment;
  }
  return out;
}
