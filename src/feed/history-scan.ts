/**
 * Reading only the part of a long history that can concern given titles. A ten-year hourly history is ~87,600 lines;
 * parsing each as JSON costs most of a read, so lines are first tested as text and parsed only when they can matter:
 * they name one of the ISBNs (in a document's ISBN list, a report issue, a held-back title), or they are a feed whose
 * documents do not list ISBNs (a full feed, or a delta written before records listed them), which only git can settle.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collapseRecords, historyDir, historyFiles, parseHistoryLines } from './history.ts';
import type { FeedRecord } from './record.ts';

/** Whether a serialized record line may concern one of `isbns` (a superset test; the caller decides on the record). */
function mayConcern(line: string, isbns: string[]): boolean {
  if (isbns.some((isbn) => line.includes(isbn))) return true;
  if (line.includes('"status":"skipped"')) return false;
  return !line.includes('"isbns":');
}

/**
 * The records of a tenant's history that may concern `isbns`, oldest first, one per id (as {@link readHistory}
 * collapses them). Every record that carried or held back one of the titles is among them.
 */
export async function readHistoryConcerning(root: string, tenant: string, isbns: string[]): Promise<FeedRecord[]> {
  const lines: FeedRecord[] = [];
  for (const name of await historyFiles(root, tenant)) {
    const relative = `${historyDir(tenant)}/${name}`;
    const text = await readFile(join(root, relative), 'utf8');
    // Lines left out are blanked rather than removed so that a bad line is still reported with its own line number.
    const kept = text.split('\n').map((line) => (mayConcern(line, isbns) ? line : '')).join('\n');
    lines.push(...parseHistoryLines(kept, relative));
  }
  return collapseRecords(lines);
}
