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

/**
 * A batch is closed at this many characters of XML (or sooner): libxml2's memory, which never shrinks, follows the
 * largest batch, while each validation has a fixed cost of milliseconds, so batches are as large as memory allows.
 * 1M characters (about 200 typical products) keeps a 100k-product build with two validator threads under 300 MB.
 */
export const XSD_BATCH_CHARS = 1_000_000;

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
 * The products (indexes into `batch`) that issues point at by line. Throws OnixHeaderError for an issue in the
 * header; issues past the last product (e.g. a parse error found only at the end) are left out.
 */
function placeIssues(frame: MessageFrame, batch: readonly string[], issues: readonly XsdIssue[]): Set<number> {
  const starts = productStartLines(frame, batch);
  const end = starts[starts.length - 1] + countLines(batch[batch.length - 1]);
  const placed = new Set<number>();
  for (const issue of issues) {
    if (issue.line === undefined || issue.line >= end) continue;
    const at = productAt(starts, issue.line);
    if (at === -1) throw new OnixHeaderError([issue]);
    // A line shared by the end of one product and the start of the next cannot be pinned on either.
    if (issue.line === starts[at] && at > 0 && !ENDS_LINE.test(batch[at - 1])) continue;
    placed.add(at);
  }
  return placed;
}

/**
 * Validates `products` (complete `<Product>` elements; placing errors is cheapest when each starts on its own line)
 * inside `frame`; returns the index and reason of each product that fails the schema. Throws OnixHeaderError when
 * the header itself is invalid.
 *
 * A product an error points at is confirmed by validating it alone (so a misplaced error never holds back a good
 * product), then the rest is validated again. Errors that cannot be placed end in checking products one by one.
 */
export async function validateProductBatch(frame: MessageFrame, products: readonly string[]): Promise<Map<number, string>> {
  const failures = new Map<number, string>();
  let remaining = products.map((_, i) => i);
  for (let round = 0; round < MAX_ROUNDS && remaining.length > 0; round++) {
    const batch = remaining.map((i) => products[i]);
    const issues = await validateOnixText(frame.header + batch.join('') + frame.footer, frame.version);
    if (issues.length === 0) return failures;
    const confirmed: number[] = [];
    for (const at of placeIssues(frame, batch, issues)) {
      const alone = await validateOnixText(frame.header + batch[at] + frame.footer, frame.version);
      if (alone.length === 0) continue;
      failures.set(remaining[at], describe(alone));
      confirmed.push(remaining[at]);
    }
    if (confirmed.length === 0) break;
    remaining = remaining.filter((i) => !failures.has(i));
  }
  await validateEach(frame, products, remaining, failures);
  return failures;
}

/** Rounds of "validate, remove the products errors point at"; more means errors that hide behind others. */
const MAX_ROUNDS = 4;
