/**
 * Titles with open Amazon errors: for each title, the errors of the latest processed feed that carried it, cleared
 * once a later processed feed carried it without an error. Pure, from the records alone.
 */
import type { ReportIssue } from '../amazon/report.ts';
import { heldBackReason, isSuccess, issuesFor, listedIsbns } from './carriage.ts';
import type { FeedRecord } from './record.ts';
import { isbnsWithErrors } from './select.ts';

/** A title whose latest processed feed ended with Amazon errors for it. */
export interface OpenError {
  isbn: string;
  /** Start of the first feed of the unbroken run of feeds that reported errors for the title. */
  since: string;
  /** The latest feed that carried the title. */
  record: FeedRecord;
  errors: ReportIssue[];
}

/**
 * The ISBNs a processed record carried, as far as the record and its predecessor tell: the listed ISBNs; for a full
 * feed, every title (undefined); for a delta that does not list them, the titles Amazon reported on plus those the
 * delta resent because its base feed reported errors for them (the selection's rule).
 */
function carried(record: FeedRecord, base: FeedRecord | undefined): Set<string> | undefined {
  const listed = listedIsbns(record);
  if (listed) return listed;
  if (record.kind === 'full') return undefined;
  const reported = new Set(record.documents.flatMap((d) => (d.report?.issues ?? []).flatMap((i) => (i.isbn ? [i.isbn] : []))));
  const resent = base && base.catalogCommit === record.baseCommit ? isbnsWithErrors(base) : [];
  return new Set([...reported, ...resent]);
}

/** The titles with open errors, newest feed first, then by ISBN. */
export function openErrors(records: FeedRecord[]): OpenError[] {
  const open = new Map<string, OpenError>();
  let previous: FeedRecord | undefined;
  for (const record of records) {
    if (!isSuccess(record)) continue;
    const failing = new Set(isbnsWithErrors(record));
    const scope = carried(record, previous);
    const cleared = scope ? [...scope].filter((isbn) => open.has(isbn)) : [...open.keys()];
    for (const isbn of cleared) if (!failing.has(isbn) && heldBackReason(record, isbn) === undefined) open.delete(isbn);
    for (const isbn of failing) {
      const errors = issuesFor(record, isbn).filter((i) => i.severity === 'ERROR');
      open.set(isbn, { isbn, since: open.get(isbn)?.since ?? record.startedAt, record, errors });
    }
    previous = record;
  }
  return [...open.values()].sort((a, b) => b.record.startedAt.localeCompare(a.record.startedAt) || a.isbn.localeCompare(b.isbn));
}
