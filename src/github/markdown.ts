/**
 * Small GitHub-flavoured Markdown helpers for job summaries: safe table cells and tables that stop at a byte budget
 * (GitHub refuses a step summary over 1 MiB, so every table that grows with the catalog must be able to stop early).
 */

/** Makes any text safe inside one table cell: no line breaks, no column breaks, no raw HTML. */
export function cell(text: string | number | undefined): string {
  if (text === undefined || text === '') return '-';
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\s*\r?\n\s*/g, ' ');
}

/** UTF-8 size of a string, the unit of GitHub's summary limit. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A header row plus separator. */
function tableHead(headers: string[]): string {
  return `| ${headers.join(' | ')} |\n|${headers.map(() => '---').join('|')}|\n`;
}

/** One table row; cells are escaped with {@link cell}. */
function tableRow(cells: (string | number | undefined)[]): string {
  return `| ${cells.map(cell).join(' | ')} |\n`;
}

/** A table of rows that may be pre-formatted (Markdown kept) or plain (escaped). */
export interface TableOptions {
  headers: string[];
  rows: (string | number | undefined)[][];
  /** Largest size of the whole table including the note on left-out rows. */
  maxBytes: number;
  /** What one row is, for the note on rows left out ("issues", "titles"). */
  noun: string;
  /** Where the rows left out can be read in full. */
  fullListAt?: string;
}

/**
 * Renders a table that keeps as many rows as fit in `maxBytes` and says how many were left out, so a summary of a
 * 100,000-title catalog stays under GitHub's limit. Returns '' when not even the header fits.
 */
export function boundedTable({ headers, rows, maxBytes, noun, fullListAt }: TableOptions): string {
  const head = tableHead(headers);
  const note = (left: number) =>
    `\n_${left.toLocaleString('en-US')} more ${noun} not shown${fullListAt ? `; the full list is in ${fullListAt}` : ''}._\n`;
  // Reserve room for the longest possible note up front, so the rows never push it past the budget.
  const reserve = byteLength(note(rows.length));
  let used = byteLength(head);
  if (used + reserve > maxBytes && rows.length) return byteLength(note(rows.length)) <= maxBytes ? note(rows.length) : '';
  let text = head;
  let shown = 0;
  for (const row of rows) {
    const line = tableRow(row);
    const size = byteLength(line);
    if (used + size + (shown + 1 < rows.length ? reserve : 0) > maxBytes) break;
    text += line;
    used += size;
    shown++;
  }
  return shown < rows.length ? text + note(rows.length - shown) : text;
}

/** Bytes in people's units: "1.4 MiB (1,468,006 bytes)". */
export function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return exact;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]} (${exact})`;
}

/** A duration in people's units: "4 min 12 s", "1 h 3 min", "850 ms". */
export function formatDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  const seconds = Math.round(abs / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h) return `${sign}${h} h ${m} min`;
  if (m) return `${sign}${m} min ${s} s`;
  return `${sign}${s} s`;
}
