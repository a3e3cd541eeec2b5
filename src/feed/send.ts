/**
 * One feed run for one tenant, end to end: select the titles -> build and validate the document(s) -> submit each to
 * Amazon -> poll -> read the report -> record the outcome in the tenant's history (committed and pushed). A listings
 * feed's ONIX message is built and validated too, and kept (not sent) as the record of what was sent.
 *
 * Nothing to send: a `skipped` record and no feed. A failed step is retried (3 times, exponential backoff), resuming
 * after the last completed step from the run's journal; the same journal lets the next run finish a run that was
 * killed. A feed still processing at the polling deadline is recorded `in_progress` for reconcile to finish.
 *
 * Safeguards: a journal of another tenant is refused; a checkout the history cannot be pushed from is refused before
 * anything is sent; a fresh run first asks Amazon for feeds of its type that no record accounts for (a runner that
 * died with its journal) and sends nothing while there are any, unless forced; a run that fails before it has a
 * journal is still recorded `failed`; the journal is removed only once the record is written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FeedSubmissionUnknownError, MarketplaceRegionError } from '../amazon/errors.ts';
import type { FeedsClient } from '../amazon/feeds-client.ts';
import { CredentialsError } from '../amazon/lwa.ts';
import { locateInJson } from '../config/json-document.ts';
import { loadTenant } from '../config/load.ts';
import { InvalidInputError } from '../config/problem.ts';
import type { TenantConfig, TitlesMode } from '../config/tenant.ts';
import { buildDocuments } from './build-documents.ts';
import { NoAmazonAccessError } from './connect.ts';
import { removedFeedTypeWarning } from './feed-type-warning.ts';
import { Git, type GitIdentity } from './git.ts';
import { readHistory } from './history.ts';
import { nextMessageNumber } from './message-numbers.ts';
import { readJournal, removeJournal, writeJournal, type Journal } from './journal.ts';
import { checkManualSendAllowed } from './manual-guard.ts';
import { count, feedOutcome } from './outcome.ts';
import type { FeedRecord, Trigger } from './record.ts';
import { selectTitles } from './select.ts';
import { checkNoUnrecordedFeeds, describeFailure, isFinished, pollDocuments, submitDocuments, UnrecordedFeedError, type StepContext } from './submit.ts';
import { checkCanPush, writeBack, WriteBackError } from './write-back.ts';

export { ONIX_CONTENT_TYPE } from './build-documents.ts';

/** Retries after the first attempt of a run. */
export const DEFAULT_MAX_RETRIES = 3;

/** First backoff delay between attempts; doubles each time. */
export const DEFAULT_RETRY_DELAY_MS = 30_000;

/** Input of {@link sendFeed}. Clock, sleep, poll interval and backoff are injectable. */
export interface SendOptions {
  /** Repository with `config/` and `catalog/`. */
  root: string;
  tenant: string;
  /** Overrides the tenant's `schedule.titles`. */
  titles?: TitlesMode;
  trigger: Trigger;
  /** The scheduled slot served (ISO 8601), for scheduled runs. */
  slot?: string;
  /**
   * Send a manual feed even within 20 minutes of the last one, and send although Amazon lists a feed of the tenant's
   * type that no record accounts for (an operator checked it).
   */
  force?: boolean;
  /** Build and validate only: nothing is sent, nothing recorded. */
  dryRun?: boolean;
  /** Commit (and push) the history; false writes the files only. */
  commit: boolean;
  /** Also write the record as JSON to this file (for the workflow's record job). */
  recordOut?: string;
  /** Built documents and the journal; default `<root>/out/<tenant>`. */
  outDir?: string;
  /** Opens the Feeds client; called only when something is to be sent. */
  connect: (tenant: TenantConfig) => Promise<FeedsClient> | FeedsClient;
  /** The feeds go to Amazon itself (not a sandbox): warn about feed types Amazon removed. */
  reachesAmazon?: boolean;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Overrides the tenant's `polling.intervalSeconds`. */
  pollIntervalMs?: number;
  /** Overrides the tenant's `polling.timeoutMinutes`. */
  pollTimeoutMs?: number;
  /** Default {@link DEFAULT_RETRY_DELAY_MS}. */
  retryDelayMs?: number;
  /** Default {@link DEFAULT_MAX_RETRIES}. */
  maxRetries?: number;
  /** Link to the CI run, kept in the record. */
  runUrl?: string;
  /** History commits' author. */
  identity?: GitIdentity;
  /** Environment for git and for AMAZON_SELLER_ID. */
  env?: NodeJS.ProcessEnv;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
}

/** What {@link sendFeed} did. */
export interface SendResult {
  /** The record written (absent for a dry run). */
  record?: FeedRecord;
  /** Documents built (dry run: what would have been sent). */
  documents: { path: string; bytes: number; products: number }[];
  /** One line for people: what happened. */
  summary: string;
}

/** A record id: the start time and the tenant, e.g. `20261128T060712Z-acme-books`. */
export function recordId(startedAt: Date, tenant: string): string {
  return `${startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${tenant}`;
}

/** Errors a retry cannot fix: credentials, configuration, or a feed whose existence is unknown. */
function isFinal(error: unknown): boolean {
  return (
    error instanceof FeedSubmissionUnknownError || error instanceof CredentialsError || error instanceof MarketplaceRegionError ||
    error instanceof NoAmazonAccessError || error instanceof UnrecordedFeedError
  );
}

/** A saved run journal of another tenant: resuming it would record (and poll) that tenant's feeds as this one's. */
export class JournalTenantError extends InvalidInputError {
  override name = 'JournalTenantError';
}

/** The record a journal amounts to; `failure` when the last attempt failed; `warnings` for the operator. */
export function recordFromJournal(journal: Journal, now: Date, failure?: unknown, warnings: string[] = []): FeedRecord {
  // A delta's documents list their ISBNs (what the per-title trail reads); a full feed carries the whole catalog.
  const documents = journal.documents.map(({ path: _path, isbns, skuToIsbn: _map, uploaded: _up, createFeedStartedAt: _started, noReport: _none, ...doc }) =>
    journal.kind === 'delta' ? { ...doc, isbns } : doc,
  );
  let { status, reason } = feedOutcome(documents);
  if (failure !== undefined) {
    const why = describeFailure(failure);
    const notSubmitted = journal.documents.filter((d) => !d.feedId).length;
    if (notSubmitted) {
      status = 'failed';
      const submitted = journal.documents.length - notSubmitted;
      reason = `Failed after ${count(journal.attempts, 'attempt')}: ${why}${submitted ? ` (${submitted} of ${journal.documents.length} documents submitted; their feeds are listed)` : ''}`;
    } else if (journal.documents.some((d) => !isFinished(d))) {
      status = 'in_progress';
      reason = `Submitted; reading the outcome failed (${why}); reconcile records the outcome`;
    }
  }
  return {
    id: journal.id,
    tenant: journal.tenant,
    trigger: journal.trigger,
    slot: journal.slot,
    titlesMode: journal.titlesMode,
    kind: journal.kind,
    format: journal.format,
    status,
    reason,
    warnings: warnings.length ? warnings : undefined,
    selection: journal.reason,
    catalogCommit: journal.catalogCommit,
    baseCommit: journal.baseCommit,
    counts: journal.counts,
    heldBack: journal.heldBack.length ? journal.heldBack : undefined,
    documents,
    artifacts: journal.artifacts,
    attempts: journal.attempts,
    startedAt: journal.startedAt,
    finishedAt: status === 'in_progress' ? undefined : now.toISOString(),
    runUrl: journal.runUrl,
  };
}

async function finish(record: FeedRecord, options: SendOptions, log: (line: string) => void): Promise<void> {
  if (options.recordOut) await writeFile(options.recordOut, JSON.stringify(record, null, 2) + '\n');
  await writeBack({ root: options.root, records: [record], commit: options.commit, identity: options.identity, sleep: options.sleep, env: options.env, log });
}

/** `; ONIX record a.xml`: where a listings feed's ONIX record is, for the dry-run line. */
function onixRecordNote(artifacts: { fileName: string }[]): string {
  return artifacts.length ? `; ONIX record ${artifacts.map((a) => a.fileName).join(', ')}` : '';
}

function summarize(record: FeedRecord): string {
  const feeds = record.documents.map((d) => d.feedId).filter(Boolean);
  return `${record.tenant}: ${record.status} - ${record.counts.sent} sent, ${record.counts.deleted} deleted, ${record.counts.heldBack} held back${feeds.length ? `; ${feeds.length === 1 ? 'feed' : 'feeds'} ${feeds.join(', ')}` : ''} (${record.reason}; ${record.selection})`;
}

/** Refuses a journal another tenant's run left in `outDir` (an out folder or cache entry mixed up by hand). */
async function checkJournalTenant(journal: Journal, tenant: string, outDir: string): Promise<void> {
  if (journal.tenant === tenant) return;
  const path = join(outDir, 'journal.json');
  const where = locateInJson(await readFile(path, 'utf8'), ['tenant']);
  throw new JournalTenantError([{
    path, ...where,
    message:
      `this journal is of tenant '${journal.tenant}' (run ${journal.id}), not of '${tenant}': resuming it would record that tenant's feeds ` +
      `as this one's. Finish it with 'onix-feeds send --tenant ${journal.tenant} --out ${outDir}', or move it to that tenant's out folder`,
  }]);
}

/** What the checks before a run found; a check that fails refuses the run and records nothing. */
interface Preflight {
  tenant: TenantConfig;
  history: FeedRecord[];
  outDir: string;
  journal?: Journal;
  warnings: string[];
}

async function preflight(options: SendOptions, log: (line: string) => void): Promise<Preflight> {
  const { config: tenant } = await loadTenant(options.root, options.tenant);
  const outDir = options.outDir ?? join(options.root, 'out', tenant.id);
  const history = await readHistory(options.root, tenant.id);
  const journal = options.dryRun ? undefined : await readJournal(outDir);
  if (journal) await checkJournalTenant(journal, tenant.id, outDir);
  else if (options.trigger === 'manual' && !options.force && !options.dryRun) checkManualSendAllowed(tenant.id, history, options.now());
  // A record that cannot be pushed is a record lost: know before anything reaches Amazon.
  if (options.commit && !options.dryRun) await checkCanPush(options.root, options.env);
  const warning = options.reachesAmazon ? removedFeedTypeWarning(tenant) : undefined;
  if (warning) log(`warning: ${warning}`);
  return { tenant, history, outDir, journal, warnings: warning ? [warning] : [] };
}

/**
 * Runs one feed for a tenant; see the module comment. Throws ManualSendTooSoonError, InvalidInputError (the journal
 * of another tenant: JournalTenantError), WriteBackError (a history that could not be pushed), all changing nothing.
 * A run that fails after these checks and before its journal exists (no git repository, a listings setting missing)
 * is recorded `failed` with the reason, then the error is thrown.
 */
export async function sendFeed(options: SendOptions): Promise<SendResult> {
  const log = options.log ?? (() => undefined);
  const checked = await preflight(options, log);
  const startedAt = options.now();
  try {
    return await runFeed(options, checked, startedAt, log);
  } catch (error) {
    if (error instanceof RunRecordedError) throw error.cause;
    if (!options.dryRun) await recordEarlyFailure(options, checked, startedAt, error, log);
    throw error;
  }
}

/** Thrown past the early-failure handler: the run's own record was written (or writing it failed). */
class RunRecordedError extends Error {
  constructor(override readonly cause: unknown) {
    super('the run was recorded');
  }
}

/**
 * Records a run that failed before it had a journal: the history, the summary and the failure issue show it, and the
 * slot counts as served. Writing it may fail too (the cause may be the repository itself): that is logged, and the
 * caller throws the first error.
 */
async function recordEarlyFailure(options: SendOptions, checked: Preflight, startedAt: Date, error: unknown, log: (line: string) => void): Promise<void> {
  const { tenant } = checked;
  const catalogCommit = await new Git(options.root, options.env).headCommit().catch(() => '');
  const record: FeedRecord = {
    id: recordId(startedAt, tenant.id), tenant: tenant.id, trigger: options.trigger, slot: options.slot,
    // Nothing was selected: `kind` must name one, and a failed record is never the base of a delta.
    titlesMode: options.titles ?? tenant.schedule.titles, kind: 'full', format: tenant.amazon.delivery.format,
    status: 'failed', reason: `Failed before anything was sent: ${describeFailure(error)}`,
    warnings: checked.warnings.length ? checked.warnings : undefined, selection: 'No titles selected: the run failed first',
    catalogCommit, counts: { sent: 0, deleted: 0, heldBack: 0 }, documents: [], attempts: 1,
    startedAt: startedAt.toISOString(), finishedAt: options.now().toISOString(), runUrl: options.runUrl,
  };
  try {
    await finish(record, options, log);
    log(`${tenant.id}: recorded the failure (${record.id})`);
  } catch (recordError) {
    log(`${tenant.id}: could not record the failure: ${describeFailure(recordError)}`);
  }
}

async function runFeed(options: SendOptions, checked: Preflight, startedAt: Date, log: (line: string) => void): Promise<SendResult> {
  const { tenant, history, outDir, warnings } = checked;
  let journal = checked.journal;
  const resumed = journal !== undefined;

  if (journal) {
    log(`resuming run ${journal.id} from ${join(outDir, 'journal.json')} (after ${count(journal.attempts, 'attempt')})`);
  } else {
    log(`${tenant.id}: selecting titles`);
    const selection = await selectTitles({
      root: options.root, tenant: tenant.id, mode: options.titles ?? tenant.schedule.titles, history, env: options.env, log,
    });
    log(`${tenant.id}: ${selection.kind} feed: ${selection.reason}`);
    const base = {
      id: recordId(startedAt, tenant.id), tenant: tenant.id, trigger: options.trigger, slot: options.slot,
      titlesMode: options.titles ?? tenant.schedule.titles, kind: selection.kind, format: tenant.amazon.delivery.format,
      catalogCommit: selection.catalogCommit, baseCommit: selection.baseCommit, startedAt: startedAt.toISOString(), runUrl: options.runUrl,
    };
    const skip = async (reason: string, heldBack: NonNullable<FeedRecord['heldBack']> = []): Promise<SendResult> => {
      const record: FeedRecord = {
        ...base, status: 'skipped', reason, selection: selection.reason,
        counts: { sent: 0, deleted: 0, heldBack: heldBack.length }, heldBack: heldBack.length ? heldBack : undefined,
        documents: [], attempts: 0, finishedAt: options.now().toISOString(),
      };
      if (!options.dryRun) await finishOrKeep(record, options, outDir, log);
      return { record: options.dryRun ? undefined : record, documents: [], summary: summarize(record) };
    };
    if (selection.kind === 'delta' && !selection.isbns?.length && !selection.deletions.length) return skip('No changes - feed skipped');
    log(`${tenant.id}: building ${tenant.amazon.delivery.format} documents${tenant.amazon.delivery.format === 'listings' ? ' and their ONIX record' : ''}`);
    const built = await buildDocuments({ root: options.root, tenant, selection, outDir, startedAt, messageNumber: nextMessageNumber(history), env: options.env });
    for (const d of built.documents) log(`built ${d.fileName}: ${count(d.products, 'product')}, ${d.bytes} bytes`);
    for (const a of built.artifacts) log(`built ${a.fileName} (the ONIX record of the feed, not sent): ${count(a.products, 'product')}, ${a.bytes} bytes`);
    for (const h of built.heldBack) log(`held back ${h.isbn} (${h.path}): ${h.reason}`);
    if (!built.documents.length) return skip('Nothing to send - feed skipped', built.heldBack);
    const documents = built.documents.map((d) => ({ path: d.path, bytes: d.bytes, products: d.products }));
    if (options.dryRun) {
      return { documents, summary: `${tenant.id}: dry run - ${count(built.written, 'title')}, ${count(built.deleted, 'deletion')} in ${count(documents.length, 'document')}, ${built.heldBack.length} held back; nothing sent${onixRecordNote(built.artifacts)}` };
    }
    journal = {
      version: 1, ...base, reason: selection.reason, counts: { sent: built.written, deleted: built.deleted, heldBack: built.heldBack.length },
      heldBack: built.heldBack, documents: built.documents, attempts: 0,
      artifacts: built.artifacts.length ? built.artifacts.map(({ path: _path, ...artifact }) => artifact) : undefined,
    };
    await writeJournal(outDir, journal);
  }

  const recordedFeedIds = new Set(history.flatMap((r) => r.documents.flatMap((d) => (d.feedId ? [d.feedId] : []))));
  let ctx: StepContext | undefined;
  const pollTimeoutMs = options.pollTimeoutMs ?? tenant.amazon.polling.timeoutMinutes * 60_000;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  let deadline: Date | undefined;
  let failure: unknown;
  for (let retry = 0; ; retry++) {
    journal.attempts++;
    await writeJournal(outDir, journal);
    try {
      ctx ??= {
        api: await options.connect(tenant), outDir, now: options.now, sleep: options.sleep, log,
        feedType: tenant.amazon.delivery.feedType, marketplaceIds: tenant.amazon.marketplaceIds,
        pollIntervalMs: options.pollIntervalMs ?? tenant.amazon.polling.intervalSeconds * 1000,
        recordedFeedIds,
      };
      // A fresh run after a runner died without its journal: a feed of ours may be at Amazon with no record.
      if (!resumed && !options.force && journal.documents.every((d) => !d.feedId && !d.createFeedStartedAt)) {
        await checkNoUnrecordedFeeds(ctx, unrecordedSince(history, options.now()));
      }
      log(`${tenant.id}: submitting (attempt ${journal.attempts})`);
      await submitDocuments(journal, ctx);
      deadline ??= new Date(options.now().getTime() + pollTimeoutMs);
      await pollDocuments(journal, ctx, deadline);
      failure = undefined;
      break;
    } catch (error) {
      failure = error;
      log(`${tenant.id}: attempt ${journal.attempts} failed: ${describeFailure(error)}`);
      if (isFinal(error) || retry >= maxRetries) break;
      const delay = (options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS) * 2 ** retry;
      log(`${tenant.id}: retrying in ${Math.round(delay / 1000)} s, after the last completed step`);
      await options.sleep(delay);
    }
  }
  const record = recordFromJournal(journal, options.now(), failure, warnings);
  await finishOrKeep(record, options, outDir, log);
  await removeJournal(outDir);
  return { record, documents: journal.documents.map((d) => ({ path: d.path, bytes: d.bytes, products: d.products })), summary: summarize(record) };
}

/** How far back feeds without a record are looked for at most (Amazon lists 90 days; a tenant runs at least weekly). */
const UNRECORDED_LOOKBACK_MS = 30 * 24 * 3_600_000;

/**
 * Where the look for unrecorded feeds starts: when the newest record with a feed started, at most 30 days back. A
 * record without a feed (a failure before sending, a skip) proves nothing about feeds created before it.
 */
function unrecordedSince(history: FeedRecord[], now: Date): Date {
  const floor = now.getTime() - UNRECORDED_LOOKBACK_MS;
  const submitted = history.filter((r) => r.documents.some((d) => d.feedId));
  const newest = submitted.reduce((max, r) => Math.max(max, Date.parse(r.startedAt) || 0), 0);
  return new Date(Math.max(floor, newest));
}

/**
 * Writes the record; when that fails the journal stays (the next send resumes it and records it again, under the same
 * id) and the error goes past the early-failure handler, which would record the run a second time.
 */
async function finishOrKeep(record: FeedRecord, options: SendOptions, outDir: string, log: (line: string) => void): Promise<void> {
  try {
    await finish(record, options, log);
  } catch (error) {
    // Only a run with documents has a journal (a skipped run has neither).
    if (record.documents.length) log(`${record.tenant}: the record is not safely written; the journal in ${outDir} is kept, and the next send records it`);
    throw new RunRecordedError(error);
  }
}
