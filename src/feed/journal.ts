/**
 * The per-run journal, `out/<tenant>/journal.json`: what a feed run has done so far, written after every step. A run
 * that was killed (runner lost, process ended) is resumed from it by the next run for the tenant, after the last
 * completed step: a document Amazon already has a feed for is polled, never submitted again.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/** The journal in `outDir`, if a run left one. */
export async function readJournal(outDir: string): Promise<Journal | undefined> {
  let text: string;
  try {
    text = await readFile(join(outDir, FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const journal = JSON.parse(text) as Journal;
  if (journal.version !== 1) {
    throw new Error(`${join(outDir, FILE)}: journal version ${journal.version} is not supported; finish or remove it with the onix-feeds version that wrote it`);
  }
  return journal;
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
