/**
 * XSD validation of a bounded batch of products: the batch is wrapped in the message's header and validated as one
 * small message; errors are traced back to products by line number, so a failing batch costs one or two more
 * validations, not one per product. Only when an error cannot be placed are products validated one by one.
 */
import type { OnixVersion } from '../config/tenant.ts';
import { validateOnixText, type XsdIssue } from './xsd.ts';

/** The message header failed the schema: every product would fail with it, so nothing can be sent. */
export class OnixHeaderError extends Error {
  override name = 'OnixHeaderError';
  constructor(readonly issues: XsdIssue[]) {
    super(`the ONIX header built from the tenant config is not valid: ${issues.map((i) => i.message).join('; ')}; check sender, contact and email in config/tenants/`);
  }
}

/** How a batch message is framed: everything before the first product, and the closing tag. */
export interface MessageFrame {
  header: string;
  footer: string;
  version: OnixVersion;
}

const ENDS_LINE = /\n[ \t\r]*$/;

function countLines(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/** Start line (1-based) of each product in `header + products.join('')`. */
function productStartLines(frame: MessageFrame, products: readonly string[]): number[] {
  const starts: number[] = [];
  let line = countLines(frame.header) + 1;
  for (const product of products) {
    starts.push(line);
    line += countLines(product);
  }
  return starts;
}

/** Index of the product whose lines contain `line`, or -1 when the line is in the header. */
function productAt(starts: readonly number[], line: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function describe(issues: readonly XsdIssue[]): string {
  return `ONIX schema: ${issues.map((i) => i.message).join('; ')}`;
}

async function validateEach(frame: MessageFrame, products: readonly string[], indexes: number[], failures: Map<number, string>): Promise<void> {
  for (const index of indexes) {
    const issues = await validateOnixText(frame.header + products[index] + frame.footer, frame.version);
    if (issues.length > 0) failures.set(index, describe(issues));
  }
}

/**
 * The product each issue points at (by line), as index into `batch`. Throws OnixHeaderError for an issue in the header;
 * issues past the last product (e.g. a parse error found only at the end) are left out.
 */
function placeIssues(frame: MessageFrame, batch: readonly string[], issues: readonly XsdIssue[]): Map<number, XsdIssue[]> {
  const starts = productStartLines(frame, batch);
  const end = starts[starts.length - 1] + countLines(batch[batch.length - 1]);
  const placed = new Map<number, XsdIssue[]>();
  for (const issue of issues) {
    if (issue.line === undefined || issue.line >= end) continue;
    const at = productAt(starts, issue.line);
    if (at === -1) throw new OnixHeaderError([issue]);
    // A line shared by the end of one product and the start of the next cannot be pinned on either.
    if (issue.line === starts[at] && at > 0 && !ENDS_LINE.test(batch[at - 1])) continue;
    placed.set(at, [...(placed.get(at) ?? []), issue]);
  }
  return placed;
}

/**
 * Validates `products` (complete `<Product>` elements; placing errors is cheapest when each starts on its own line)
 * inside `frame`; returns the index
 * and reason of each product that fails the schema. Throws OnixHeaderError when the header itself is invalid.
 */
export async function validateProductBatch(frame: MessageFrame, products: readonly string[]): Promise<Map<number, string>> {
  const failures = new Map<number, string>();
  let remaining = products.map((_, i) => i);
  // Each round drops every product an error points at; a few rounds cover errors that hide others.
  for (let round = 0; round < 3 && remaining.length > 0; round++) {
    const batch = remaining.map((i) => products[i]);
    const issues = await validateOnixText(frame.header + batch.join('') + frame.footer, frame.version);
    if (issues.length === 0) return failures;
    const placed = placeIssues(frame, batch, issues);
    if (placed.size === 0) break;
    for (const [at, list] of placed) failures.set(remaining[at], describe(list));
    remaining = remaining.filter((i) => !failures.has(i));
  }
  await validateEach(frame, products, remaining, failures);
  return failures;
}
