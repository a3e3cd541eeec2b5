/**
 * Failure issues: one open issue per tenant while its Amazon channel is in `error`, found again by labels (never
 * two), a comment per new failed feed, closed with a comment when a feed succeeds again. The decision is a pure
 * function ({@link planIssueAction}); {@link syncFailureIssues} is the thin Octokit adapter around it.
 */
import { createHash } from 'node:crypto';
import type { getOctokit } from '@actions/github';
import type { ChannelStatus } from '../feed/channel.ts';
import { count } from '../feed/outcome.ts';
import type { FeedRecord } from '../feed/record.ts';
import { cell } from './markdown.ts';
import { statusLabel } from './run-summary.ts';

/** The Octokit client of @actions/github. */
export type Octokit = ReturnType<typeof getOctokit>;

/** Every issue the pipeline manages carries this label; the tenant label makes it one per tenant. */
export const ISSUE_LABEL = 'onix-feeds';

/** GitHub refuses label names longer than this; tenant ids may be 63 characters long. */
export const MAX_LABEL_LENGTH = 50;

/**
 * The label that finds a tenant's failure issue again: `tenant:<id>`, or for an id too long for GitHub's limit its
 * start and a short hash of the whole id (`tenant:<start>~<hash>`), so two long ids that start alike never share one.
 */
export function tenantLabel(tenant: string): string {
  const label = `tenant:${tenant}`;
  if (label.length <= MAX_LABEL_LENGTH) return label;
  const hash = createHash('sha256').update(tenant).digest('hex').slice(0, 8);
  return `${label.slice(0, MAX_LABEL_LENGTH - hash.length - 1)}~${hash}`;
}

/** A tenant's state after a run: its channel status and the newest record that decided it. */
export interface TenantOutcome {
  tenant: string;
  channel: ChannelStatus;
  /** The newest finished (not skipped, not in progress) record; what the issue reports on. */
  latest: FeedRecord;
}

/** An open failure issue as found by its labels. */
export interface OpenIssue {
  number: number;
  /** Ids of feed records the issue already reports (from markers in its body and last comment). */
  reportedRecordIds: string[];
}

/** Links an issue body points to. */
export interface IssueLinks {
  historyUrl?: (tenant: string) => string;
  /** The operators' runbook for failed feeds. */
  runbookUrl?: string;
}

/** What to do about one tenant's failure issue: nothing, open one, comment on it, or close it. */
export type IssueAction =
  | { kind: 'none'; tenant: string }
  | { kind: 'open'; tenant: string; title: string; body: string; labels: string[] }
  | { kind: 'comment'; tenant: string; number: number; body: string }
  | { kind: 'close'; tenant: string; number: number; body: string };

/** Hidden marker naming the record an issue text reports on, so a re-run never comments twice on one failure. */
function marker(record: FeedRecord): string {
  return `<!-- onix-feeds:record:${record.id} -->`;
}

const MARKER = /<!-- onix-feeds:record:([^ ]+) -->/g;

/** Record ids named by markers in issue or comment texts. */
export function reportedRecordIds(...texts: (string | null | undefined)[]): string[] {
  return texts.flatMap((t) => [...(t ?? '').matchAll(MARKER)].map((m) => m[1]));
}

/** How many of Amazon's errors an issue text lists; the rest are in the summary and history. */
const ISSUE_ERRORS_SHOWN = 20;

function failureDetails(record: FeedRecord, links: IssueLinks): string {
  const lines = [
    `| | |`,
    `|---|---|`,
    `| Feed attempt | \`${cell(record.id)}\` |`,
    `| Status | ${statusLabel(record.status)} |`,
    `| Reason | ${cell(record.reason)} |`,
    `| Trigger | ${cell(record.trigger)}${record.slot ? ` (slot ${cell(record.slot)})` : ''} |`,
    `| Feed ids | ${cell(record.documents.map((d) => d.feedId).filter(Boolean).join(', '))} |`,
    `| Attempts | ${record.attempts} |`,
  ];
  if (record.runUrl) lines.push(`| Run | ${record.runUrl} |`);
  const history = links.historyUrl?.(record.tenant);
  if (history) lines.push(`| History | ${history} |`);
  const errors = record.documents.flatMap((d) => d.report?.issues ?? []).filter((i) => i.severity === 'ERROR');
  if (errors.length) {
    lines.push('', `Amazon's errors (${errors.length}${errors.length > ISSUE_ERRORS_SHOWN ? `, first ${ISSUE_ERRORS_SHOWN}` : ''}):`, '');
    lines.push('| code | message | ISBN |', '|---|---|---|');
    for (const e of errors.slice(0, ISSUE_ERRORS_SHOWN)) lines.push(`| ${cell(e.code)} | ${cell(e.message)} | ${cell(e.isbn ?? e.sku)} |`);
  }
  return lines.join('\n') + `\n\n${marker(record)}\n`;
}

/**
 * Decides what to do with a tenant's failure issue. Pure: channel in `error` opens an issue (or comments on the open
 * one, once per failed record); channel `ok` closes the open issue with a comment naming the feed that succeeded.
 */
export function planIssueAction(outcome: TenantOutcome, open: OpenIssue | undefined, links: IssueLinks = {}): IssueAction {
  const { tenant, channel, latest } = outcome;
  const runbook = links.runbookUrl ? `\n\nWhat to do: ${links.runbookUrl}` : '';
  if (channel === 'error') {
    if (!open) {
      return {
        kind: 'open',
        tenant,
        title: `Amazon feed failing: ${tenant}`,
        labels: [ISSUE_LABEL, tenantLabel(tenant)],
        body:
          `The Amazon channel of **${cell(tenant)}** is in \`error\`: the feed below failed after its retries. ` +
          `Later failures are added as comments; the issue closes itself when a feed succeeds again.${runbook}\n\n` +
          failureDetails(latest, links),
      };
    }
    if (open.reportedRecordIds.includes(latest.id)) return { kind: 'none', tenant };
    return { kind: 'comment', tenant, number: open.number, body: `The feed failed again.\n\n${failureDetails(latest, links)}` };
  }
  if (!open) return { kind: 'none', tenant };
  return {
    kind: 'close',
    tenant,
    number: open.number,
    body: `Resolved: feed \`${cell(latest.id)}\` ended ${statusLabel(latest.status)} (${count(latest.counts.sent, 'product')} sent). The channel is ok again.\n\n${marker(latest)}\n`,
  };
}

/** Which repository the issues live in. */
export interface IssueRepo {
  owner: string;
  repo: string;
}

/**
 * Finds every open failure issue with one labelled query (the GITHUB_TOKEN allows 1,000 requests an hour), keyed by
 * tenant label. When two are open for one tenant (made by hand), the oldest is the one kept up to date.
 */
async function openIssuesByLabel(octokit: Octokit, where: IssueRepo): Promise<Map<string, { number: number; body: string; comments: number }>> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...where,
    state: 'open',
    labels: ISSUE_LABEL,
    sort: 'created',
    direction: 'asc',
    per_page: 100,
  });
  const byLabel = new Map<string, { number: number; body: string; comments: number }>();
  for (const issue of issues) {
    if (issue.pull_request) continue;
    for (const label of issue.labels) {
      const name = typeof label === 'string' ? label : label.name;
      if (name?.startsWith('tenant:') && !byLabel.has(name)) byLabel.set(name, { number: issue.number, body: issue.body ?? '', comments: issue.comments });
    }
  }
  return byLabel;
}

/** The body of an issue's newest comment (the last page of one comment each), or undefined when it has none. */
async function lastComment(octokit: Octokit, where: IssueRepo, number: number, count: number): Promise<string | undefined> {
  if (!count) return undefined;
  const { data } = await octokit.rest.issues.listComments({ ...where, issue_number: number, per_page: 1, page: count });
  return data[0]?.body ?? undefined;
}

/** Opens, comments on or closes failure issues for the tenants of a run. Returns what was done, per tenant. */
export async function syncFailureIssues(
  octokit: Octokit,
  where: IssueRepo,
  outcomes: TenantOutcome[],
  links: IssueLinks = {},
): Promise<IssueAction[]> {
  if (!outcomes.length) return [];
  const open = await openIssuesByLabel(octokit, where);
  const done: IssueAction[] = [];
  for (const outcome of outcomes) {
    const found = open.get(tenantLabel(outcome.tenant));
    // Only a failure needs the markers (to comment once per failed record); a recovery just closes.
    const issue = found && {
      number: found.number,
      reportedRecordIds:
        outcome.channel === 'error' ? reportedRecordIds(found.body, await lastComment(octokit, where, found.number, found.comments)) : [],
    };
    const action = planIssueAction(outcome, issue, links);
    if (action.kind === 'open') {
      await octokit.rest.issues.create({ ...where, title: action.title, body: action.body, labels: action.labels });
    } else if (action.kind === 'comment') {
      await octokit.rest.issues.createComment({ ...where, issue_number: action.number, body: action.body });
    } else if (action.kind === 'close') {
      await octokit.rest.issues.createComment({ ...where, issue_number: action.number, body: action.body });
      await octokit.rest.issues.update({ ...where, issue_number: action.number, state: 'closed', state_reason: 'completed' });
    }
    done.push(action);
  }
  return done;
}
