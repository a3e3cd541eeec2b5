/**
 * One title's trail through a tenant's feeds: every feed that carried it, what changed in its file since the feed
 * before (by commit, with the fields that differ), what Amazon said, and whether its current version has been sent.
 *
 * Which feeds carried a title: a delta's documents list their ISBNs; a full feed carried every title its catalog
 * commit had (and did not hold back); for a delta written before documents listed ISBNs, git settles it the way the
 * selection decided: the title's parsed record differs between the base and the catalog commit, or the base feed
 * reported errors for it. Only the history lines that can concern the title are parsed ({@link readHistoryConcerning}),
 * and git runs a fixed handful of processes (versions in batches, the commit graph and the file's log once each), so
 * the work follows the title's own life and the feeds that may have carried it, not the number of records.
 */
import { isValidIsbn13 } from '../catalog/isbn.ts';
import { InvalidInputError } from '../config/problem.ts';
import {
  carriedPerRecord, describeResult, heldBackReason, isSuccess, titleResult, type TitleResult,
} from './carriage.ts';
import { Git } from './git.ts';
import { readHistoryConcerning } from './history-scan.ts';
import type { FeedRecord, Trigger } from './record.ts';
import { isbnsWithErrors, titlesDir } from './select.ts';
import { titleFieldChanges, type FieldChange } from './title-diff.ts';
import { sameVersion, TitleVersions, type TitleCommit } from './title-versions.ts';

/** Changes of the title file over a range of commits. */
export interface TitleChanges {
  /** Commits that touched the file, newest first (at most `MAX_COMMITS_LISTED` of title-versions.ts). */
  commits: TitleCommit[];
  /** Older commits were left out. */
  moreCommits: boolean;
  /** Fields that differ between the two ends of the range (empty for the first feed: everything was new). */
  fields: FieldChange[];
}

/** A feed that carried the title. */
export interface TrailFeed {
  id: string;
  startedAt: string;
  trigger: Trigger;
  kind: 'full' | 'delta';
  status: FeedRecord['status'];
  feedIds: string[];
  catalogCommit: string;
  /** Whether the feed sent the title's record or its deletion. */
  action: 'update' | 'delete';
  result: TitleResult;
  /** What changed since the feed before that carried the title; for the first, the file's history up to it. */
  changes: TitleChanges;
}

/** A feed that left the title out because its file was invalid. */
export interface TrailHeldBack {
  id: string;
  startedAt: string;
  reason: string;
}

/**
 * Whether Amazon has the current version: `accepted` (sent and accepted), `rejected` (sent, Amazon reported errors),
 * `not_sent` (changed since the last successful feed that carried it), `never_sent`.
 */
export type TitleState = 'accepted' | 'rejected' | 'not_sent' | 'never_sent';

/** The whole trail of one title. */
export interface TitleTrail {
  tenant: string;
  isbn: string;
  /** HEAD when the trail was read. */
  headCommit: string;
  /** The title file at HEAD, if any. */
  currentPath?: string;
  state: TitleState;
  /** One sentence for people saying the state. */
  verdict: string;
  /** Id of the last successful feed that carried the title. */
  lastSuccess?: string;
  /** Feeds that carried the title, oldest first. */
  feeds: TrailFeed[];
  heldBack: TrailHeldBack[];
  /** Changes made since the last successful feed that carried the title (or ever, if none did); absent when sent. */
  unsent?: TitleChanges;
}

/** The title is not in the catalog and no feed carried it. */
export class UnknownTitleError extends InvalidInputError {}

function checkIsbn(isbn: string, tenant: string): void {
  if (isValidIsbn13(isbn)) return;
  throw new InvalidInputError([{
    path: '--isbn', line: 1, col: 1,
    message: `'${isbn}' is not a valid ISBN-13: give the 13 digits of a title of ${tenant}, without hyphens (as its file name under ${titlesDir(tenant)})`,
  }]);
}

/**
 * The records among `records` (a tenant's, oldest first) that carried the title, as git and the records tell
 * (see the module comment), and those that held it back.
 */
export async function feedsCarrying(records: FeedRecord[], versions: TitleVersions): Promise<{ carried: FeedRecord[]; heldBack: TrailHeldBack[] }> {
  const { isbn } = versions;
  const undecidedDeltas = records.filter((r) => r.kind === 'delta' && r.baseCommit && carriedPerRecord(r, isbn) === undefined);
  await versions.load([...records.map((r) => r.catalogCommit), ...undecidedDeltas.map((r) => r.baseCommit!)]);
  const carried: FeedRecord[] = [];
  const heldBack: TrailHeldBack[] = [];
  // The latest success per catalog commit so far: the feed a delta was computed against is the one at its base.
  const successAt = new Map<string, FeedRecord>();
  for (const record of records) {
    const reason = heldBackReason(record, isbn);
    if (reason !== undefined) heldBack.push({ id: record.id, startedAt: record.startedAt, reason });
    if (carriedBy(record, isbn, versions, successAt)) carried.push(record);
    if (isSuccess(record)) successAt.set(record.catalogCommit, record);
  }
  return { carried, heldBack };
}

function carriedBy(record: FeedRecord, isbn: string, versions: TitleVersions, successAt: Map<string, FeedRecord>): boolean {
  const known = carriedPerRecord(record, isbn);
  if (known !== undefined) return known;
  const now = versions.at(record.catalogCommit);
  if (record.kind === 'full' || !record.baseCommit) return now.text !== undefined;
  const baseFeed = successAt.get(record.baseCommit);
  const resent = now.text !== undefined && baseFeed !== undefined && isbnsWithErrors(baseFeed).includes(isbn);
  return resent || !sameVersion(versions.at(record.baseCommit), now);
}

/** A stretch of the title's life: the file's commits (newest first) between the versions at `since` and `until`. */
interface Stretch {
  commits: string[];
  since?: string;
  until: string;
}

/** The changes over each stretch, the versions they need read from git at once. */
async function changesOver(versions: TitleVersions, stretches: Stretch[]): Promise<TitleChanges[]> {
  const described = await versions.describe(stretches.map((s) => s.commits));
  return stretches.map(({ since, until }, i) => ({
    commits: described[i].commits,
    moreCommits: described[i].more,
    fields: since ? titleFieldChanges(versions.at(since).title, versions.at(until).title) : [],
  }));
}

const NO_CHANGES: TitleChanges = { commits: [], moreCommits: false, fields: [] };

function verdictOf(state: TitleState, last: TrailFeed | undefined, unsent: TitleChanges | undefined): string {
  const at = last ? `feed ${last.feedIds.join(', ') || last.id} of ${last.startedAt}` : '';
  const pending = unsent ? `${unsent.commits.length}${unsent.moreCommits ? '+' : ''} commit${unsent.commits.length === 1 ? '' : 's'}` : '';
  switch (state) {
    case 'accepted':
      return `Amazon has the current version: ${last!.action === 'delete' ? 'the deletion' : 'it'} was ${describeResult(last!.result)} in ${at}.`;
    case 'rejected':
      return `The current version was sent in ${at}, but Amazon ${describeResult(last!.result)}. The next delta sends it again.`;
    case 'not_sent':
      return `Not sent yet: ${pending} changed the title since ${at}. The next feed carries it.`;
    case 'never_sent':
      return 'Never sent: no successful feed has carried this title yet. The next feed carries it.';
  }
}

/** Input of {@link titleTrail}. */
export interface TitleTrailOptions {
  /** Repository working tree (git history and feed history). */
  root: string;
  tenant: string;
  isbn: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads one title's trail. Throws {@link InvalidInputError} for a malformed ISBN and {@link UnknownTitleError} when
 * the tenant has no such title and no feed ever carried it.
 */
export async function titleTrail(options: TitleTrailOptions): Promise<TitleTrail> {
  const { root, tenant, isbn } = options;
  checkIsbn(isbn, tenant);
  const git = new Git(root, options.env);
  const headCommit = await git.headCommit();
  const versions = new TitleVersions(git, tenant, isbn);
  const records = await readHistoryConcerning(root, tenant, [isbn]);
  const { carried, heldBack } = await feedsCarrying(records, versions);
  await versions.load([headCommit]);
  const head = versions.at(headCommit);
  if (!carried.length && !heldBack.length && head.text === undefined) {
    throw new UnknownTitleError([{
      path: `${titlesDir(tenant)}${isbn}.yaml`, line: 1, col: 1,
      message: `no title file for ${isbn} at HEAD and no feed of ${tenant} carried it: check the ISBN (title files are named <isbn13>.yaml or .json)`,
    }]);
  }

  // The file's commits by feed: segment i holds those first in feed i, the last segment those after every feed.
  const segments = await versions.segments([...carried.map((r) => r.catalogCommit), headCommit]);
  const lastIndex = carried.findLastIndex(isSuccess);
  const last = carried[lastIndex];
  const sent = last !== undefined && sameVersion(versions.at(last.catalogCommit), head);

  const changed = carried.map((r, i) => i === 0 || !sameVersion(versions.at(carried[i - 1].catalogCommit), versions.at(r.catalogCommit)));
  const stretches: Stretch[] = carried.flatMap((r, i) => (changed[i] ? [{ commits: segments[i], since: carried[i - 1]?.catalogCommit, until: r.catalogCommit }] : []));
  // Not sent: every commit after the last successful feed that carried the title.
  if (!sent) stretches.push({ commits: segments.slice(lastIndex + 1).toReversed().flat(), since: last?.catalogCommit, until: headCommit });
  const changes = await changesOver(versions, stretches);

  const feeds: TrailFeed[] = carried.map((record, i) => ({
    id: record.id, startedAt: record.startedAt, trigger: record.trigger, kind: record.kind, status: record.status,
    feedIds: record.documents.flatMap((d) => (d.feedId ? [d.feedId] : [])),
    catalogCommit: record.catalogCommit,
    action: versions.at(record.catalogCommit).text === undefined ? 'delete' : 'update',
    result: titleResult(record, isbn),
    changes: changed[i] ? changes.shift()! : NO_CHANGES,
  }));
  const lastFeed = feeds[lastIndex];
  const state: TitleState = !lastFeed ? 'never_sent' : !sent ? 'not_sent' : lastFeed.result.kind === 'accepted' ? 'accepted' : 'rejected';
  const unsent = sent ? undefined : changes.shift();
  return {
    tenant, isbn, headCommit, currentPath: head.path, state, verdict: verdictOf(state, lastFeed, unsent), lastSuccess: lastFeed?.id,
    feeds, heldBack, unsent,
  };
}
