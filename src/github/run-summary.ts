/**
 * The job summary of a feed run, rendered from feed records alone (pure): what was sent, when, what Amazon said, and
 * where to read more. Always fits GitHub's 1 MiB per-step limit: tables that grow with the catalog stop with a count.
 */
import type { ChannelStatus } from '../feed/channel.ts';
import { count } from '../feed/outcome.ts';
import type { FeedDocumentRecord, FeedRecord, FeedStatus } from '../feed/record.ts';
import type { ReportIssue } from '../amazon/report.ts';
import { boundedTable, byteLength, cell, formatBytes, formatDuration } from './markdown.ts';

/** GitHub's hard limit for one step's summary is 1 MiB; stay well below it to leave room for other writers. */
export const SUMMARY_BUDGET_BYTES = 900 * 1024;

/** Where the pages a summary links to live. */
export interface SummaryLinks {
  /** Link to the history page (`catalog/<tenant>/feeds/` on the branch) of a tenant. */
  historyUrl?: (tenant: string) => string;
  /** Where the generated documents and records of this run can be downloaded (the run's artifacts). */
  artifactsUrl?: string;
  /** Each tenant's channel status after the run (its history with the run's records). */
  channels?: ReadonlyMap<string, ChannelStatus>;
}

/** Links and the size limit of a run summary. */
export interface RunSummaryOptions extends SummaryLinks {
  /** Largest summary in bytes; default {@link SUMMARY_BUDGET_BYTES}. */
  maxBytes?: number;
}

const STATUS_MARK: Record<FeedStatus, string> = {
  done: '✅ done',
  done_with_errors: '⚠️ done with errors',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  in_progress: '⏳ in progress',
};

/** The status in words with a mark people can scan. */
export function statusLabel(status: FeedStatus): string {
  return STATUS_MARK[status] ?? status;
}

/** `ok`, or `error` with what it means. */
export function channelLabel(channel: ChannelStatus): string {
  return channel === 'ok' ? '🟢 ok' : '🔴 error: feeds fail until one succeeds (a failure issue tracks it)';
}

/** How late the run started against the scheduled slot (GitHub delays and drops cron ticks). */
export function cronDelay(record: FeedRecord): string | undefined {
  if (!record.slot) return undefined;
  const ms = Date.parse(record.startedAt) - Date.parse(record.slot);
  return Number.isFinite(ms) ? formatDuration(ms) : undefined;
}

function issuesOf(record: FeedRecord): { issue: ReportIssue; document: string }[] {
  const rows: { issue: ReportIssue; document: string }[] = [];
  for (const d of record.documents) for (const issue of d.report?.issues ?? []) rows.push({ issue, document: d.fileName });
  const rank = { ERROR: 0, WARNING: 1, INFO: 2 } as const;
  return rows.sort((a, b) => (rank[a.issue.severity] ?? 3) - (rank[b.issue.severity] ?? 3));
}

function timeline(d: FeedDocumentRecord): string {
  if (!d.statusTimeline?.length) return d.processingStatus ?? '-';
  return d.statusTimeline.map((t) => `${t.status} ${t.at.slice(11, 19)}`).join(' → ');
}

function reportSummary(d: FeedDocumentRecord): string {
  const r = d.report;
  if (!r) return '-';
  return `${r.messagesProcessed} processed, ${r.messagesAccepted} accepted, ${r.messagesInvalid} invalid; ${r.errors} errors, ${r.warnings} warnings`;
}

function facts(record: FeedRecord, links: SummaryLinks): string {
  const channel = links.channels?.get(record.tenant);
  const rows: [string, string | undefined][] = [
    ['Channel status', channel && channelLabel(channel)],
    ['Trigger', record.trigger],
    ['Scheduled slot (UTC)', record.slot],
    ['Started (UTC)', record.startedAt],
    ['Cron delay', cronDelay(record)],
    ['Finished (UTC)', record.finishedAt],
    ['Titles', `${record.titlesMode} → ${record.kind} feed (${record.format})`],
    ['Products', `${record.counts.sent} sent, ${record.counts.heldBack} held back, ${record.counts.deleted} deleted`],
    ['Catalog commit', record.catalogCommit.slice(0, 12)],
    ['Delta base commit', record.baseCommit?.slice(0, 12)],
    ['Attempts', String(record.attempts)],
    ['Reason', record.reason],
  ];
  const lines = rows.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `| ${k} | ${cell(v)} |`);
  const history = links.historyUrl?.(record.tenant);
  if (history) lines.push(`| History | [catalog/${cell(record.tenant)}/feeds](${history}) |`);
  if (links.artifactsUrl && record.documents.length) lines.push(`| Files | ${runFiles(record)}, in the run's [artifacts](${links.artifactsUrl}) |`);
  return `| | |\n|---|---|\n${lines.join('\n')}\n`;
}

/** `2 documents sent, the ONIX record of what was sent and the run record`: what the run's artifacts hold. */
function runFiles(record: FeedRecord): string {
  const onix = record.artifacts?.length ? `, ${record.artifacts.length === 1 ? 'the ONIX file' : `${record.artifacts.length} ONIX files`} recording what was sent` : '';
  return `${count(record.documents.length, 'document')} sent${onix} and the run record`;
}

/** One tenant's section; tables that grow with the catalog share what is left of `maxBytes`. */
function recordSection(record: FeedRecord, links: SummaryLinks, maxBytes: number): string {
  let text = `## ${cell(record.tenant)}: ${statusLabel(record.status)}\n\n`;
  for (const warning of record.warnings ?? []) text += `> [!WARNING]\n> ${cell(warning)}\n\n`;
  text += `${facts(record, links)}\n`;
  const fullListAt = links.artifactsUrl ? `the run's [artifacts](${links.artifactsUrl})` : "the run's artifacts";
  const tables: { title: string; render: (budget: number) => string }[] = [];
  if (record.documents.length) {
    tables.push({
      title: 'Documents',
      render: (budget) =>
        boundedTable({
          headers: ['file', 'size', 'sha256', 'products', 'feed id', 'status timeline', "Amazon's report"],
          rows: record.documents.map((d) => [
            d.fileName, formatBytes(d.bytes), d.sha256, d.products, d.feedId, timeline(d), reportSummary(d),
          ]),
          maxBytes: budget,
          noun: 'documents',
          fullListAt,
        }),
    });
  }
  if (record.artifacts?.length) {
    const artifacts = record.artifacts;
    tables.push({
      title: 'ONIX record of what was sent (kept, not sent)',
      render: (budget) =>
        boundedTable({
          headers: ['file', 'size', 'sha256', 'products'],
          rows: artifacts.map((a) => [a.fileName, formatBytes(a.bytes), a.sha256, a.products]),
          maxBytes: budget,
          noun: 'files',
          fullListAt,
        }),
    });
  }
  const issues = issuesOf(record);
  if (issues.length) {
    tables.push({
      title: `Issues Amazon reported (${issues.length.toLocaleString('en-US')})`,
      render: (budget) =>
        boundedTable({
          headers: ['severity', 'code', 'message', 'ISBN', 'document'],
          rows: issues.map(({ issue, document }) => [issue.severity, issue.code, issue.message, issue.isbn ?? issue.sku, document]),
          maxBytes: budget,
          noun: 'issues',
          fullListAt,
        }),
    });
  }
  if (record.heldBack?.length) {
    tables.push({
      title: `Held back (${record.heldBack.length.toLocaleString('en-US')}): not sent until fixed`,
      render: (budget) =>
        boundedTable({
          headers: ['ISBN', 'file', 'reason'],
          rows: record.heldBack!.map((h) => [h.isbn, h.path, h.reason]),
          maxBytes: budget,
          noun: 'titles',
          fullListAt: 'the feed history record',
        }),
    });
  }
  for (const [i, table] of tables.entries()) {
    const heading = `### ${table.title}\n\n`;
    // Later tables keep an equal share, so a flood of issues cannot hide the held-back titles.
    const share = Math.floor((maxBytes - byteLength(text)) / (tables.length - i)) - byteLength(heading) - 1;
    if (share <= 0) break;
    const body = table.render(share);
    if (body) text += heading + body + '\n';
  }
  return text;
}

function overview(records: FeedRecord[], links: SummaryLinks): string {
  const channels = links.channels;
  const rows = records.map((r) => {
    const history = links.historyUrl?.(r.tenant);
    const channel = channels ? ` ${channels.get(r.tenant) ?? '-'} |` : '';
    return `| ${history ? `[${cell(r.tenant)}](${history})` : cell(r.tenant)} | ${statusLabel(r.status)} |${channel} ${cell(r.trigger)} | ${cell(
      r.slot,
    )} | ${cell(cronDelay(r))} | ${r.counts.sent} | ${r.counts.heldBack} | ${r.counts.deleted} | ${cell(
      r.documents.map((d) => d.feedId).filter(Boolean).join(', '),
    )} |`;
  });
  return [
    `| tenant | status |${channels ? ' channel |' : ''} trigger | slot (UTC) | cron delay | sent | held back | deleted | feed ids |`,
    `|---|---|${channels ? '---|' : ''}---|---|---|---|---|---|---|`,
    ...rows,
    '',
  ].join('\n');
}

/**
 * Renders the job summary for the records of one run (one per tenant, or several in the committing job). Pure: the
 * same records give the same Markdown. The result is at most `maxBytes` long whatever the catalog size.
 */
export function renderRunSummary(records: FeedRecord[], options: RunSummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? SUMMARY_BUDGET_BYTES;
  if (!records.length) return '# onix-feeds\n\nNo feed records in this run: nothing was due or nothing was sent.\n';
  const failed = records.filter((r) => r.status === 'failed').length;
  let text = `# onix-feeds: ${records.length} feed${records.length === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}\n\n`;
  if (records.length > 1) text += overview(records, options) + '\n';
  // Each tenant gets an equal share of what is left, so one huge catalog cannot crowd out the others.
  for (const [i, record] of records.entries()) {
    const share = Math.floor((maxBytes - byteLength(text)) / (records.length - i));
    const section = recordSection(record, options, share);
    if (byteLength(section) > share) {
      const left = records.length - i;
      text += `\n_${left} more tenant section${left === 1 ? '' : 's'} not shown: the summary reached GitHub's size limit._\n`;
      break;
    }
    text += section;
  }
  return text;
}

/** A short line for logs and check titles: "harbour-lane: done, 12 sent, 0 held back, 1 deleted". */
export function oneLineResult(record: FeedRecord): string {
  const feedIds = record.documents.map((d) => d.feedId).filter(Boolean);
  return `${record.tenant}: ${record.status}, ${record.counts.sent} sent, ${record.counts.heldBack} held back, ${record.counts.deleted} deleted${
    feedIds.length ? `, feed ${feedIds.join(' ')}` : ''
  }`;
}
