/**
 * Reading the record files that send jobs hand to the committing job (`send --record-out FILE`): one record, an
 * array of records, or JSON lines. Directories are read for their `*.json` files.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError, type Problem } from '../config/problem.ts';
import { collapseRecords, readHistory } from '../feed/history.ts';
import type { FeedRecord } from '../feed/record.ts';

function isRecord(value: unknown): value is FeedRecord {
  const r = value as FeedRecord;
  return (
    typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.tenant === 'string' &&
    typeof r.status === 'string' && typeof r.startedAt === 'string' && Array.isArray(r.documents) && typeof r.counts === 'object'
  );
}

function parseRecords(text: string, path: string): { records: FeedRecord[]; problems: Problem[] } {
  const problem = (line: number, message: string): Problem => ({ path, line, col: 1, message });
  const expected = 'expected a feed record as written by `onix-feeds send --record-out` (an object with id, tenant, status, startedAt, counts, documents)';
  let values: unknown[];
  try {
    const parsed: unknown = JSON.parse(text);
    values = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    // Not one JSON value: JSON lines, one record per line.
    values = [];
    const problems: Problem[] = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        values.push(JSON.parse(line));
      } catch (error) {
        problems.push(problem(i + 1, `not JSON (${(error as Error).message}); ${expected}`));
      }
    });
    if (problems.length) return { records: [], problems };
  }
  const bad = values.findIndex((v) => !isRecord(v));
  if (bad >= 0) return { records: [], problems: [problem(1, `item ${bad + 1} is not a feed record; ${expected}`)] };
  return { records: values as FeedRecord[], problems: [] };
}

/** Record files named by `paths` (files or folders of `*.json`), in the order given; folders sorted by name. */
export async function readRecordFiles(paths: string[]): Promise<FeedRecord[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') throw new InvalidInputError([{ path, line: 1, col: 1, message: 'no such record file or folder; pass the files `send --record-out` wrote' }]);
      throw error;
    });
    if (info.isDirectory()) {
      files.push(...(await readdir(path)).filter((n) => n.endsWith('.json')).sort().map((n) => join(path, n)));
    } else files.push(path);
  }
  const records: FeedRecord[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const result = parseRecords(await readFile(file, 'utf8'), file);
    records.push(...result.records);
    problems.push(...result.problems);
  }
  if (problems.length) throw new InvalidInputError(problems);
  return records;
}

/**
 * A tenant's committed history with a run's records laid over it (by id): right in the send job (whose checkout holds
 * the uncommitted record) and in the committing job, even when the history commit failed.
 */
export async function historyWithRun(root: string, tenant: string, records: FeedRecord[]): Promise<FeedRecord[]> {
  return collapseRecords([...(await readHistory(root, tenant)), ...records.filter((r) => r.tenant === tenant)]);
}
