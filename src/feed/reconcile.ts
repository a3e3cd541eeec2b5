/**
 * Finishing feeds that earlier runs left `in_progress` (still processing at their polling deadline): each scheduler
 * tick asks Amazon once about each such feed, without waiting and without ever submitting anything, and appends the
 * record again (same id) with the final outcome. A feed Amazon still has not finished when asked 24 hours or more
 * after its run started is recorded `failed`, with what to do.
 */
import { TERMINAL_STATUSES, type FeedsClient } from '../amazon/feeds-client.ts';
import { loadTenant } from '../config/load.ts';
import { InvalidInputError } from '../config/problem.ts';
import type { TenantConfig } from '../config/tenant.ts';
import type { GitIdentity } from './git.ts';
import { readHistory } from './history.ts';
import { feedOutcome, feedsWithStatus, withIsbns } from './outcome.ts';
import type { FeedDocumentRecord, FeedRecord } from './record.ts';
import { describeFailure } from './submit.ts';
import { writeBack, type WriteBackResult } from './write-back.ts';

/** How long after its start an in-progress feed is still waited for. */
export const RECONCILE_MAX_AGE_MS = 24 * 3600_000;

/** Input of {@link reconcile}. */
export interface ReconcileOptions {
  root: string;
  /** The tenants to look at. */
  tenants: string[];
  connect: (tenant: TenantConfig) => Promise<FeedsClient> | FeedsClient;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Commit (and push) the updated records; false writes the files only. */
  commit: boolean;
  identity?: GitIdentity;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/** What one reconcile pass did. */
export interface ReconcileResult {
  /** Updated records (final outcome), in the order written. */
  updated: FeedRecord[];
  /** Records still in progress after this pass. */
  pending: FeedRecord[];
  /**
   * Feeds that could not be asked about (Amazon unreachable), and tenants whose history or config could not be read
   * (no `id`): tried again next tick.
   */
  errors: { tenant: string; id?: string; message: string }[];
  writeBack?: WriteBackResult;
}

function hasEnded(doc: FeedDocumentRecord): boolean {
  return !!doc.processingStatus && TERMINAL_STATUSES.has(doc.processingStatus);
}

/** Asks Amazon once about each open document of `record`; returns the documents as they stand now. */
async function refreshDocuments(record: FeedRecord, api: FeedsClient, now: Date): Promise<FeedDocumentRecord[]> {
  const documents: FeedDocumentRecord[] = [];
  for (const doc of record.documents) {
    if (!doc.feedId || (hasEnded(doc) && doc.report)) {
      documents.push(doc);
      continue;
    }
    const feed = await api.getFeed(doc.feedId);
    const next: FeedDocumentRecord = { ...doc };
    if (feed.processingStatus !== doc.processingStatus) {
      next.processingStatus = feed.processingStatus;
      next.statusTimeline = [...(doc.statusTimeline ?? []), { status: feed.processingStatus, at: now.toISOString() }];
    }
    if (TERMINAL_STATUSES.has(feed.processingStatus)) {
      const { report } = await api.getFeedResult(feed);
      // The record keeps a delta document's ISBNs in message order: issues that name only a MessageID get theirs.
      if (report) next.report = withIsbns(report, doc);
    }
    documents.push(next);
  }
  return documents;
}

async function reconcileRecord(record: FeedRecord, api: FeedsClient, now: Date): Promise<FeedRecord | undefined> {
  // Asked first even when the wait is over: a feed Amazon finished while no tick ran must not be recorded failed
  // (and its titles resent).
  const documents = await refreshDocuments(record, api, now);
  const { status, reason } = feedOutcome(documents);
  if (status !== 'in_progress') return { ...record, status, reason, documents, finishedAt: now.toISOString() };
  if (now.getTime() - Date.parse(record.startedAt) < RECONCILE_MAX_AGE_MS) return undefined;
  const open = documents.filter((d) => !hasEnded(d));
  return {
    ...record,
    status: 'failed',
    reason: `Amazon had not finished ${feedsWithStatus(open)} 24 hours after the run started; open a case with Amazon developer support quoting the feed id. The next feed resends the titles.`,
    documents,
    finishedAt: now.toISOString(),
  };
}

async function openRecords(root: string, tenant: string): Promise<FeedRecord[]> {
  return (await readHistory(root, tenant)).filter((r) => r.status === 'in_progress');
}

/** Runs `look` for one tenant; a damaged history or config is logged and left out, so it never stops the others. */
async function perTenant<T>(tenant: string, log: (line: string) => void, look: () => Promise<T>): Promise<T | InvalidInputError> {
  try {
    return await look();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    log(`${tenant}: left out: ${error.message}`);
    return error;
  }
}

/**
 * Those of `tenants` with a feed in progress: the ones a reconcile pass has work for (Amazon is not asked). A tenant
 * whose history cannot be read is left out and logged.
 */
export async function tenantsWithOpenFeeds(root: string, tenants: string[], log: (line: string) => void = () => undefined): Promise<string[]> {
  const open: string[] = [];
  for (const tenant of tenants) {
    const records = await perTenant(tenant, log, () => openRecords(root, tenant));
    if (!(records instanceof InvalidInputError) && records.length) open.push(tenant);
  }
  return open;
}

/** Finishes the in-progress feeds of `tenants` as far as Amazon has; see the module comment. */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const log = options.log ?? (() => undefined);
  const result: ReconcileResult = { updated: [], pending: [], errors: [] };
  for (const tenantId of options.tenants) {
    const work = await perTenant(tenantId, log, async () => {
      const open = await openRecords(options.root, tenantId);
      return { open, config: open.length ? (await loadTenant(options.root, tenantId)).config : undefined };
    });
    if (work instanceof InvalidInputError) {
      result.errors.push({ tenant: tenantId, message: work.message });
      continue;
    }
    const { open, config } = work;
    if (!config) continue;
    const api = await options.connect(config);
    for (const record of open) {
      try {
        const updated = await reconcileRecord(record, api, options.now());
        if (updated) {
          log(`${tenantId}: ${record.id} -> ${updated.status}`);
          result.updated.push(updated);
        } else {
          log(`${tenantId}: ${record.id} still in progress`);
          result.pending.push(record);
        }
      } catch (error) {
        const message = describeFailure(error);
        log(`${tenantId}: ${record.id}: could not ask Amazon (${message}); trying again next time`);
        result.errors.push({ tenant: tenantId, id: record.id, message });
        result.pending.push(record);
      }
    }
  }
  if (result.updated.length) {
    result.writeBack = await writeBack({
      root: options.root, records: result.updated, commit: options.commit, identity: options.identity, sleep: options.sleep, env: options.env, log,
    });
  }
  return result;
}
