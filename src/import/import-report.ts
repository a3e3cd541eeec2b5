/**
 * The import report: per product what became of it (created, updated with the fields that changed, unchanged, or
 * skipped with the reason) and what could not be carried over (element path and count); at the end a summary with
 * the counts of every path over the whole message.
 */
import type { NotCarried } from './map-context.ts';

/** Where a product sits in the input. */
export interface ProductPlace {
  /** 1-based position in the message. */
  index: number;
  /** Line of its `<Product>` start tag. */
  line: number;
}

/** What became of one product. */
export type ProductOutcome = ProductPlace &
  (
    | {
        status: 'created' | 'updated' | 'unchanged';
        isbn: string;
        /** The title file, relative to the repository root. */
        path: string;
        /** For an update: the top-level fields whose value changed. */
        changes?: string[];
        notCarried: NotCarried[];
      }
    | { status: 'skipped'; isbn?: string; recordReference?: string; reason: string; notCarried: NotCarried[] }
  );

/** Counts over the whole import. */
export interface ImportSummary {
  products: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Per path of something not carried over: in how many products, how many times. */
  notCarried: Map<string, { products: number; count: number }>;
  dryRun: boolean;
  millis: number;
}

/** An empty summary to count into. */
export function emptySummary(dryRun: boolean): ImportSummary {
  return { products: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, notCarried: new Map(), dryRun, millis: 0 };
}

/** Counts one outcome into the summary. */
export function tally(summary: ImportSummary, outcome: ProductOutcome): void {
  summary.products++;
  summary[outcome.status]++;
  for (const [path, group] of groupByPath(outcome.notCarried)) {
    const entry = summary.notCarried.get(path) ?? { products: 0, count: 0 };
    entry.products++;
    entry.count += group.length;
    summary.notCarried.set(path, entry);
  }
}

function groupByPath(entries: NotCarried[]): Map<string, NotCarried[]> {
  const groups = new Map<string, NotCarried[]>();
  for (const entry of entries) {
    const group = groups.get(entry.path);
    if (group) group.push(entry);
    else groups.set(entry.path, [entry]);
  }
  return groups;
}

const SHOWN_VALUES = 3;

/** The report lines of one product; empty for a product created or unchanged with everything carried over. */
export function formatOutcome(outcome: ProductOutcome, dryRun: boolean): string {
  if ((outcome.status === 'created' || outcome.status === 'unchanged') && outcome.notCarried.length === 0) return '';
  const where = `product ${outcome.index}, line ${outcome.line}`;
  let text: string;
  if (outcome.status === 'skipped') {
    const id = outcome.isbn ?? (outcome.recordReference ? `record ${outcome.recordReference}` : 'no ISBN');
    text = `${id} (${where}): skipped: ${outcome.reason}\n`;
  } else {
    const verb = { created: dryRun ? 'would be created' : 'created', updated: dryRun ? 'would be updated' : 'updated', unchanged: 'unchanged' }[outcome.status];
    const changes = outcome.changes && outcome.changes.length > 0 ? ` (changed: ${outcome.changes.join(', ')})` : '';
    text = `${outcome.isbn} (${where}): ${outcome.path} ${verb}${changes}\n`;
  }
  if (outcome.notCarried.length > 0) {
    text += '  not carried over:\n';
    for (const [path, group] of groupByPath(outcome.notCarried)) {
      const values = [...new Set(group.map((e) => e.value).filter((v) => v !== undefined))];
      const shown = values.length > 0 ? ` (${values.slice(0, SHOWN_VALUES).join(', ')}${values.length > SHOWN_VALUES ? ', ...' : ''})` : '';
      const reasons = [...new Set(group.map((e) => e.reason).filter((r) => r !== undefined))];
      text += `    ${path}: ${group.length}${shown}${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}\n`;
    }
  }
  return text;
}

/** The closing summary: counts, then every path not carried over with its product and element counts. */
export function formatSummary(summary: ImportSummary, source: string, tenant: string): string {
  const { products, created, updated, unchanged, skipped } = summary;
  const would = summary.dryRun ? 'would be ' : '';
  let text =
    `${source} -> ${tenant}: ${plural(products, 'product')}: ${created} ${would}created, ${updated} ${would}updated, ` +
    `${unchanged} unchanged, ${skipped} skipped${summary.dryRun ? ' (dry run: nothing written)' : ''}\n`;
  if (summary.notCarried.size > 0) {
    text += 'not carried over (element path: products, occurrences):\n';
    const rows = [...summary.notCarried].sort(([a, x], [b, y]) => y.products - x.products || (a < b ? -1 : 1));
    for (const [path, { products: inProducts, count }] of rows) text += `  ${path}: ${inProducts}, ${count}\n`;
  }
  return text;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
