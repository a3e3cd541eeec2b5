/**
 * The per-run journal, `out/<tenant>/journal.json`: what a feed run has done so far, written after every step. A run
 * that was killed (runner lost, process ended) is resumed from it by the next run for the tenant, after the last
 * completed step: a document Amazon already has a feed for is polled, never submitted again.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { locateInJson, parseJsonWithPositions } from '../config/json-document.ts';
import { InvalidInputError, type Problem } from '../config/problem.ts';
import type { FeedDocumentRecord, FeedRecord } from './record.ts';

/** One document of a run and how far it got. */
export interface JournalDocument extends FeedDocumentRecord {
  /** Where the built file is. */
  path: string;
  /** ISBNs in the document, in message order (message n is `isbns[n - 1]`). */
  isbns: string[];
  /** Listings documents: SKU -> ISBN, to put ISBNs on the report's issues. */
  skuToIsbn?: Record<string, string>;
  /** Set once the file reached the pre-signed URL for `feedDocumentId`. */
  uploaded?: boolean;
  /**
   * Set just before createFeed is called. With no `feedId`, the outcome is unknown (the run died during the call):
   * the feed is looked up before anything is created again.
   */
  createFeedStartedAt?: string;
  /** Set when the feed ended without a result document (Amazon does not always write one). */
  noReport?: boolean;
}

/** A run in progress: the record it will become (attempts count across resumed runs), and its documents' progress. */
export interface Journal
  extends Pick<
    FeedRecord,
    'id' | 'tenant' | 'trigger' | 'slot' | 'titlesMode' | 'kind' | 'format' | 'catalogCommit' | 'baseCommit' | 'counts' | 'artifacts' | 'attempts' | 'startedAt' | 'runUrl'
  > {
  version: 1;
  /** Why these titles were chosen (the record's `selection`). */
  reason: string;
  heldBack: NonNullable<FeedRecord['heldBack']>;
  documents: JournalDocument[];
}

const FILE = 'journal.json';

/**
 * The journal in `outDir`, if a run left one. A file that is not a journal of this version is an
 * {@link InvalidInputError} saying what the file is and what to check before deleting it: deleting it blindly can lose
 * the record of a feed Amazon already has, or send it twice.
 */
export async function readJournal(outDir: string): Promise<Journal | undefined> {
  const path = join(outDir, FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = parseJsonWithPositions(text, path, { expected: 'version, id, tenant and documents' });
  const value = parsed.value as Partial<Journal> | undefined;
  if (parsed.problems.length) throw damaged(parsed.problems[0], text);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof value.id !== 'string' || typeof value.tenant !== 'string' || !Array.isArray(value.documents)) {
    throw damaged({ path, line: 1, col: 1, message: 'not a feed run journal: expected an object with version, id, tenant and documents' }, text);
  }
  if (value.version !== 1) {
    const message = `journal version ${value.version} is not supported; finish or remove it with the onix-feeds version that wrote it`;
    throw new InvalidInputError([{ path, ...locateInJson(text, ['version']), message }]);
  }
  return value as Journal;
}

/** The problem, with what the file is and what to do about it. */
function damaged(problem: Problem, text: string): InvalidInputError {
  // Read from the text, not the value: a damaged file still names the feeds it got to.
  const feedIds = [...text.matchAll(/"feedId"\s*:\s*"([^"\\]+)"/g)].map((m) => m[1]);
  const feeds = feedIds.length ? `${feedIds.length === 1 ? 'feed' : 'feeds'} ${feedIds.join(', ')}` : 'none is named; look for a feed created at the run\'s time';
  const message =
    `${problem.message}. It is the journal of a feed run that did not finish, which the next send resumes from so that no feed ` +
    `is lost or sent twice: repair it, or delete it only after checking the feeds it names (${feeds}) with 'onix-feeds reconcile' ` +
    `or Amazon's getFeed/getFeeds, and recording any that Amazon accepted`;
  return new InvalidInputError([{ ...problem, message }]);
}

/** Writes the journal atomically (a crash leaves the old or the new one, never half of one). */
export async function writeJournal(outDir: string, journal: Journal): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const temporary = join(outDir, `${FILE}.tmp`);
  await writeFile(temporary, JSON.stringify(journal, null, 2) + '\n');
  await rename(temporary, join(outDir, FILE));
}

/** Removes the journal once the run's record is safely written. */
export async function removeJournal(outDir: string): Promise<void> {
  await rm(join(outDir, FILE), { force: true });
}
