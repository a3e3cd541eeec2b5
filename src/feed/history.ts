/**
 * The committed feed history of a tenant: `catalog/<tenant>/feeds/amazon.jsonl`, one record per line, append-only.
 *
 * Once the current file holds more than one month, the lines of earlier months move to `amazon-YYYY-MM.jsonl` (by the
 * month the attempt started, UTC); reading takes the monthly files in order and then `amazon.jsonl`. A record that
 * changes later (an `in_progress` feed finished by reconcile) is appended again with the same id; the later line wins.
 */
import { mkdir, readdir, readFile, rename, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../config/problem.ts';
import type { FeedRecord } from './record.ts';
import { serializeRecord } from './history-format.ts';
import { renderHistoryReadme } from './history-readme.ts';

export { lastSuccess, channelStatus, type ChannelStatus } from './channel.ts';

/** The folder of a tenant's history, relative to the repository root (forward slashes). */
export function historyDir(tenant: string): string {
  return `catalog/${tenant}/feeds`;
}

/** The current history file of a tenant, relative to the repository root. */
export function historyFile(tenant: string): string {
  return `${historyDir(tenant)}/amazon.jsonl`;
}

const CURRENT_FILE = 'amazon.jsonl';
const MONTHLY_FILE = /^amazon-(\d{4})-(\d{2})\.jsonl$/;

/** The names of a tenant's history files in reading order: the monthly files by month, then `amazon.jsonl`. */
export async function historyFiles(root: string, tenant: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(join(root, historyDir(tenant)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const monthly = names.filter((n) => MONTHLY_FILE.test(n)).sort();
  return [...monthly, ...(names.includes(CURRENT_FILE) ? [CURRENT_FILE] : [])];
}

/** Parses JSONL history text; a bad line is an {@link InvalidInputError} naming the file and line. */
export function parseHistoryLines(text: string, path: string): FeedRecord[] {
  const records: FeedRecord[] = [];
  const problems = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      const value = JSON.parse(line) as FeedRecord;
      if (typeof value !== 'object' || value === null || typeof value.id !== 'string' || typeof value.status !== 'string') {
        throw new Error('expected a feed record object with "id" and "status"');
      }
      records.push(value);
    } catch (error) {
      problems.push({
        path,
        line: i + 1,
        col: 1,
        message: `not a feed record (${(error as Error).message}); each line must be one JSON object as written by onix-feeds`,
      });
    }
  }
  if (problems.length) throw new InvalidInputError(problems);
  return records;
}

/**
 * Keeps one record per id (the last line written for it wins), ordered by start time (oldest first; ties keep file
 * order).
 */
export function collapseRecords(lines: FeedRecord[]): FeedRecord[] {
  const byId = new Map<string, { record: FeedRecord; index: number }>();
  lines.forEach((record, index) => {
    const first = byId.get(record.id);
    byId.set(record.id, { record, index: first ? first.index : index });
  });
  return [...byId.values()]
    .sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt) || a.index - b.index)
    .map((entry) => entry.record);
}

/** A tenant's feed history, oldest first, one record per feed attempt (see {@link collapseRecords}). */
export async function readHistory(root: string, tenant: string): Promise<FeedRecord[]> {
  const lines: FeedRecord[] = [];
  for (const name of await historyFiles(root, tenant)) {
    const relative = `${historyDir(tenant)}/${name}`;
    lines.push(...parseHistoryLines(await readFile(join(root, relative), 'utf8'), relative));
  }
  return collapseRecords(lines);
}

function monthOf(record: FeedRecord): string {
  return record.startedAt.slice(0, 7);
}

/**
 * Moves lines of months before the newest month out of `amazon.jsonl` into their monthly files, so the current file
 * holds at most one month.
 */
async function rotate(dir: string, lines: FeedRecord[]): Promise<FeedRecord[]> {
  const newest = lines.reduce((max, r) => (monthOf(r) > max ? monthOf(r) : max), '');
  const older = lines.filter((r) => monthOf(r) < newest);
  if (!older.length) return lines;
  const byMonth = new Map<string, FeedRecord[]>();
  for (const r of older) byMonth.set(monthOf(r), [...(byMonth.get(monthOf(r)) ?? []), r]);
  for (const [month, records] of byMonth) {
    await appendFile(join(dir, `amazon-${month}.jsonl`), records.map((r) => serializeRecord(r) + '\n').join(''));
  }
  return lines.filter((r) => monthOf(r) === newest);
}

/**
 * Appends records to a tenant's history and regenerates the `README.md` beside it. A record the history already
 * holds as it is (a re-run of the committing job) is not written again. Returns the paths written, relative to the
 * root (what a commit must include); empty when there was nothing new.
 */
export async function appendRecords(root: string, tenant: string, given: FeedRecord[]): Promise<string[]> {
  const known = new Map((await readHistory(root, tenant)).map((r) => [r.id, serializeRecord(r)]));
  const records = given.filter((r) => known.get(r.id) !== serializeRecord(r));
  if (!records.length) return [];
  const dirRelative = historyDir(tenant);
  const dir = join(root, dirRelative);
  await mkdir(dir, { recursive: true });
  const currentPath = join(dir, CURRENT_FILE);
  let text = '';
  try {
    text = await readFile(currentPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const current = parseHistoryLines(text, historyFile(tenant));
  const all = [...current, ...records];
  const kept = await rotate(dir, all);
  if (kept.length === all.length) {
    const separator = text && !text.endsWith('\n') ? '\n' : '';
    await appendFile(currentPath, separator + records.map((r) => serializeRecord(r) + '\n').join(''));
  } else {
    const temporary = `${currentPath}.tmp`;
    await writeFile(temporary, kept.map((r) => serializeRecord(r) + '\n').join(''));
    await rename(temporary, currentPath);
  }
  await writeFile(join(dir, 'README.md'), renderHistoryReadme(tenant, await readHistory(root, tenant)));
  // The whole folder: rotation may have created or extended monthly files.
  return [dirRelative];
}
