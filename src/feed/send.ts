/**
 * One feed run for one tenant, end to end: select the titles -> build and validate the document(s) -> submit each to
 * Amazon -> poll -> read the report -> record the outcome in the tenant's history (committed and pushed). A listings
 * feed's ONIX message is built and validated too, and kept (not sent) as the record of what was sent.
 *
 * Nothing to send: a `skipped` record and no feed. A failed step is retried (3 times, exponential backoff), resuming
 * after the last completed step from the run's journal; the same journal lets the next run finish a run that was
 * killed. A feed still processing at the polling deadline is recorded `in_progress` for reconcile to finish.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FeedSubmissionUnknownError, MarketplaceRegionError } from '../amazon/errors.ts';
import type { FeedsClient } from '../amazon/feeds-client.ts';
import { CredentialsError } from '../amazon/lwa.ts';
import { loadTenant } from '../config/load.ts';
import type { TenantConfig, TitlesMode } from '../config/tenant.ts';
import { buildDocuments } from './build-documents.ts';
import type { GitIdentity } from './git.ts';
import { readHistory } from './history.ts';
import { readJournal, removeJournal, writeJournal, type Journal, type JournalDocument } from './journal.ts';
import { checkManualSendAllowed } from './manual-guard.ts';
import { count, feedOutcome } from './outcome.ts';
import type { FeedRecord, Trigger } from './record.ts';
import { selectTitles } from './select.ts';
import { describeFailure, isFinished, pollDocuments, submitDocuments, type StepContext } from './submit.ts';
import { writeBack, WriteBackError } from './write-back.ts';

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
  /** Send a manual feed even within 20 minutes of the last one. */
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
  return error instanceof FeedSubmissionUnknownError || error instanceof CredentialsError || error instanceof MarketplaceRegionError;
}

/** The record a journal amounts to; `failure` when the last attempt failed. */
export function recordFromJournal(journal: Journal, now: Date, failure?: unknown): FeedRecord {
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

/** Runs one feed for a tenant; see the module comment. Throws ManualSendTooSoonError, InvalidInputError. */
export async function sendFeed(options: SendOptions): Promise<SendResult> {
  const log = options.log ?? (() => undefined);
  const { config: tenant } = await loadTenant(options.root, options.tenant);
  const outDir = options.outDir ?? join(options.root, 'out', tenant.id);
  const history = await readHistory(options.root, tenant.id);
  let journal = options.dryRun ? undefined : await readJournal(outDir);

  if (journal) {
    log(`resuming run ${journal.id} from ${join(outDir, 'journal.json')} (after ${count(journal.attempts, 'attempt')})`);
  } else {
    if (options.trigger === 'manual' && !options.force && !options.dryRun) checkManualSendAllowed(tenant.id, history, options.now());
    const startedAt = options.now();
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
      if (!options.dryRun) await finish(record, options, log);
      return { record: options.dryRun ? undefined : record, documents: [], summary: summarize(record) };
    };
    if (selection.kind === 'delta' && !selection.isbns?.length && !selection.deletions.length) return skip('No changes - feed skipped');
    log(`${tenant.id}: building ${tenant.amazon.delivery.format} documents${tenant.amazon.delivery.format === 'listings' ? ' and their ONIX record' : ''}`);
    const built = await buildDocuments({ root: options.root, tenant, selection, outDir, startedAt, messageNumber: history.length + 1, env: options.env });
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

  const api = await options.connect(tenant);
  const ctx: StepContext = {
    api, outDir, now: options.now, sleep: options.sleep, log,
    feedType: tenant.amazon.delivery.feedType, marketplaceIds: tenant.amazon.marketplaceIds,
    pollIntervalMs: options.pollIntervalMs ?? tenant.amazon.polling.intervalSeconds * 1000,
    recordedFeedIds: new Set(history.flatMap((r) => r.documents.flatMap((d) => (d.feedId ? [d.feedId] : [])))),
  };
  const pollTimeoutMs = options.pollTimeoutMs ?? tenant.amazon.polling.timeoutMinutes * 60_000;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  let deadline: Date | undefined;
  let failure: unknown;
  for (let retry = 0; ; retry++) {
    journal.attempts++;
    await writeJournal(outDir, journal);
    try {
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
  const record = recordFromJournal(journal, options.now(), failure);
  try {
    await finish(record, options, log);
  } catch (error) {
    // The record is committed locally (only the push failed): the run is over, a resumed run would record it twice.
    if (error instanceof WriteBackError) await removeJournal(outDir);
    throw error;
  }
  await removeJournal(outDir);
  return { record, documents: journal.documents.map((d) => ({ path: d.path, bytes: d.bytes, products: d.products })), summary: summarize(record) };
}
