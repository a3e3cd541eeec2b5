/**
 * A problem found in a user's file: what `validate` prints as `path:line:col: message`, and what GitHub shows as an
 * annotation on that line. Every check in the product reports problems in this one shape.
 */
export interface Problem {
  /** Path relative to the repository root, with forward slashes. */
  path: string;
  /** 1-based; 1 when the problem is about the whole file. */
  line: number;
  /** 1-based. */
  col: number;
  /** What is wrong and what would be right, e.g. "hour must be 0-23, got 24". */
  message: string;
}

/** `path:line:col: message`, the one form problems are printed in. */
export function formatProblem(p: Problem): string {
  return `${p.path}:${p.line}:${p.col}: ${p.message}`;
}

/** Thrown when input cannot be used; carries every problem found, not just the first. */
export class InvalidInputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InvalidInputError';
  }
}
