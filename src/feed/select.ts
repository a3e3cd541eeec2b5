/**
 * Which titles a feed carries. `all`: the whole catalog. `changed`: the titles whose files differ between the catalog
 * commit of the last successful feed and HEAD (by git), plus the titles Amazon reported errors for in that feed;
 * deleted files become deletions; an edit that parses to the same record (whitespace, comments, key order) is no
 * change. Without an earlier success, or when the base commit cannot be had, the feed is full and says why.
 */
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseTitleFile } from '../catalog/parse-title.ts';
import type { Title } from '../catalog/title.ts';
import type { TitlesMode } from '../config/tenant.ts';
import type { FeedRecord } from './record.ts';
import { lastSuccess } from './channel.ts';
import { Git, GitError, type DiffEntry } from './git.ts';

/** A title to remove from Amazon's catalog: its ISBN and the record reference it was sent with. */
export interface Deletion {
  isbn: string;
  recordReference: string;
}

/** What one feed carries. */
export interface Selection {
  kind: 'full' | 'delta';
  /** ISBNs to send as complete records; absent for a full feed (every title). */
  isbns?: string[];
  deletions: Deletion[];
  /** Why, in words for people ("3 changed, 1 deleted since abc123", "No earlier successful feed - full feed"). */
  reason: string;
  /** The catalog commit the delta was computed against. */
  baseCommit?: string;
  /** The commit the catalog is read at (HEAD). */
  catalogCommit: string;
  /** Modified titles as they were at the base commit (lets listings send offer-only changes as PARTIAL_UPDATE). */
  previous?: Map<string, Title>;
}

/** Input of {@link selectTitles}. */
export interface SelectOptions {
  /** Repository working tree (the catalog is read from it at HEAD). */
  root: string;
  tenant: string;
  mode: TitlesMode;
  /** The tenant's history, oldest first. */
  history: FeedRecord[];
  /** Remote a shallow clone fetches a missing base commit from. Default `origin`. */
  remote?: string;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

// The loader's rule: title files are <isbn>.yaml or <isbn>.json directly in the titles folder.
const TITLE_FILE = /\.(yaml|json)$/;

/** The titles folder of a tenant, relative to the repository root. */
export function titlesDir(tenant: string): string {
  return `catalog/${tenant}/titles/`;
}

function isbnOf(path: string): string {
  return basename(path).replace(TITLE_FILE, '');
}

function isTitleFile(path: string, tenant: string): boolean {
  return path.startsWith(titlesDir(tenant)) && !path.slice(titlesDir(tenant).length).includes('/') && TITLE_FILE.test(path);
}

/** ISBNs Amazon reported errors for in a feed, by document report. */
export function isbnsWithErrors(record: FeedRecord): string[] {
  const isbns = new Set<string>();
  for (const document of record.documents) {
    for (const issue of document.report?.issues ?? []) {
      if (issue.severity === 'ERROR' && issue.isbn) isbns.add(issue.isbn);
    }
  }
  return [...isbns].sort();
}

async function titleFileExists(root: string, tenant: string, isbn: string): Promise<boolean> {
  for (const ext of ['yaml', 'json']) {
    try {
      await access(join(root, titlesDir(tenant), `${isbn}.${ext}`));
      return true;
    } catch {
      // try the next extension
    }
  }
  return false;
}

/**
 * Makes sure `commit` is present, fetching it into a shallow clone (that one commit, else the whole history);
 * returns why not when it cannot be had.
 */
async function ensureCommit(git: Git, commit: string, remote: string, log: (line: string) => void): Promise<string | undefined> {
  if (await git.hasCommit(commit)) return undefined;
  const short = commit.slice(0, 12);
  if (!(await git.isShallow())) return `the base commit ${short} of the last successful feed is not in the repository (history rewritten?)`;
  log(`shallow clone: fetching the base commit ${short} from ${remote}`);
  const failures: string[] = [];
  for (const fetch of [() => git.fetchCommit(remote, commit), () => git.unshallow(remote)]) {
    try {
      await fetch();
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      failures.push(error.stderr.trim().split('\n')[0]);
      continue;
    }
    if (await git.hasCommit(commit)) return undefined;
  }
  return `the base commit ${short} of the last successful feed is not in this shallow clone and could not be fetched (${failures.join('; ') || 'not on the remote'}); use a full clone (fetch-depth: 0) for deltas`;
}

/** What changed between the base commit and HEAD, as the feed sees it. */
interface DeltaChanges {
  changed: Set<string>;
  deleted: Map<string, Deletion>;
  previous: Map<string, Title>;
  unchangedEdits: number;
}

/** How an entry of the diff affects the feed, before the files are read. */
interface EntryPlan {
  entry: DiffEntry;
  /** Title file deleted or moved to another ISBN: a deletion unless the ISBN lives on in another file. */
  deletedFrom?: string;
  /** Title file added or changed: sent, unless old and new parse to the same record. */
  changedPath?: string;
  /** The same title's file at the base commit, to tell a real change from a reformatting. */
  comparePath?: string;
}

function planEntry(entry: DiffEntry, tenant: string): EntryPlan {
  if (entry.status === 'D') return isTitleFile(entry.path, tenant) ? { entry, deletedFrom: entry.path } : { entry };
  const from = entry.status === 'R' ? entry.from : undefined;
  const newIsTitle = isTitleFile(entry.path, tenant);
  const plan: EntryPlan = { entry };
  if (from && isTitleFile(from, tenant) && (!newIsTitle || isbnOf(from) !== isbnOf(entry.path))) plan.deletedFrom = from;
  if (!newIsTitle) return plan;
  plan.changedPath = entry.path;
  if (entry.status === 'M' || entry.status === 'T') plan.comparePath = entry.path;
  else if (from && isbnOf(from) === isbnOf(entry.path)) plan.comparePath = from;
  return plan;
}

async function readChanges(git: Git, options: SelectOptions, entries: DiffEntry[]): Promise<DeltaChanges> {
  const { tenant, root } = options;
  const changes: DeltaChanges = { changed: new Set(), deleted: new Map(), previous: new Map(), unchangedEdits: 0 };
  const plans = entries.map((entry) => planEntry(entry, tenant));
  // Every file version the decisions need, read in one batch, by blob id.
  const wanted = new Map<string, string>();
  for (const { entry, deletedFrom, comparePath, changedPath } of plans) {
    if (deletedFrom || comparePath) wanted.set(entry.oldBlob, deletedFrom ?? comparePath!);
    if (comparePath) wanted.set(entry.newBlob, changedPath!);
  }
  const blobs = [...wanted.keys()];
  const texts = await git.readBlobs(blobs);
  const parsed = new Map<string, Title | undefined>();
  blobs.forEach((blob, i) => {
    const text = texts[i];
    parsed.set(blob, text === undefined ? undefined : parseTitleFile(wanted.get(blob)!, text).title);
  });

  for (const plan of plans) {
    if (plan.deletedFrom) {
      const old = parsed.get(plan.entry.oldBlob);
      const isbn = old?.isbn ?? isbnOf(plan.deletedFrom);
      changes.deleted.set(isbn, { isbn, recordReference: old?.recordReference ?? isbn });
    }
    if (!plan.changedPath) continue;
    if (plan.comparePath) {
      const before = parsed.get(plan.entry.oldBlob);
      const after = parsed.get(plan.entry.newBlob);
      if (before && after && isDeepStrictEqual(before, after)) {
        changes.unchangedEdits++;
        continue;
      }
      if (before) changes.previous.set(before.isbn, before);
    }
    changes.changed.add(isbnOf(plan.changedPath));
  }
  // A title whose file moved (say .yaml to .json) with edits shows as deleted and added: it is a change, not a deletion.
  for (const isbn of changes.deleted.keys()) {
    if (changes.changed.has(isbn) || (await titleFileExists(root, tenant, isbn))) changes.deleted.delete(isbn);
  }
  return changes;
}

/** Decides which titles the next feed of `tenant` carries. */
export async function selectTitles(options: SelectOptions): Promise<Selection> {
  const { root, tenant, mode, history } = options;
  const log = options.log ?? (() => undefined);
  const git = new Git(root, options.env);
  const catalogCommit = await git.headCommit();
  const full = (reason: string): Selection => ({ kind: 'full', deletions: [], reason, catalogCommit });
  if (mode === 'all') return full('Titles mode all - full feed');

  const success = lastSuccess(history);
  if (!success) return full('No earlier successful feed - full feed');
  const base = success.catalogCommit;
  const missing = await ensureCommit(git, base, options.remote ?? 'origin', log);
  if (missing) return full(`Full feed: ${missing}`);

  const entries = await git.diff(base, catalogCommit, titlesDir(tenant));
  const { changed, deleted, previous, unchangedEdits } = await readChanges(git, options, entries);
  const resent: string[] = [];
  for (const isbn of isbnsWithErrors(success)) {
    if (!changed.has(isbn) && (await titleFileExists(root, tenant, isbn))) {
      changed.add(isbn);
      resent.push(isbn);
    }
  }
  const parts = [
    `${changed.size - resent.length} changed`,
    `${deleted.size} deleted`,
    ...(resent.length ? [`${resent.length} resent (Amazon reported errors in ${success.id})`] : []),
    ...(unchangedEdits ? [`${unchangedEdits} edited without a change to the record`] : []),
  ];
  return {
    kind: 'delta',
    isbns: [...changed].sort(),
    deletions: [...deleted.values()].sort((a, b) => a.isbn.localeCompare(b.isbn)),
    reason: `${parts.join(', ')} since ${base.slice(0, 12)}`,
    baseCommit: base,
    catalogCommit,
    previous,
  };
}
