/**
 * `onix-feeds issues-sync FILE|DIR...`: after a run's records are committed, opens, comments on or closes each
 * tenant's failure issue on GitHub (GITHUB_TOKEN with `issues: write`, GITHUB_REPOSITORY=owner/repo).
 */
import { existsSync } from 'node:fs';
import { UsageError, type Command } from '../cli.ts';
import { channelStatus } from '../feed/channel.ts';
import type { FeedRecord } from '../feed/record.ts';
import { runLinks } from '../github/actions.ts';
import { syncFailureIssues, type TenantOutcome } from '../github/failure-issues.ts';
import { historyWithRun, readRecordFiles } from '../github/record-files.ts';
import { reportCommandError } from './send.ts';

/** Operators' runbook for failed feeds, relative to the checkout. */
const RUNBOOK = 'docs/operators.md';

/**
 * Each tenant's channel after the run: its committed history with the run's records laid over it (by id), so the
 * outcome is right even when the history commit failed.
 */
async function tenantOutcomes(root: string, records: FeedRecord[]): Promise<TenantOutcome[]> {
  const outcomes: TenantOutcome[] = [];
  for (const tenant of [...new Set(records.map((r) => r.tenant))]) {
    const history = await historyWithRun(root, tenant, records);
    const latest = history.findLast((r) => r.status !== 'skipped' && r.status !== 'in_progress');
    if (latest) outcomes.push({ tenant, channel: channelStatus(history), latest });
  }
  return outcomes;
}

/** The `issues-sync` command. */
export const issuesSyncCommand: Command = {
  summary: "Open, update or close each tenant's failure issue on GitHub from a run's records.",
  usage: 'onix-feeds issues-sync [--root DIR] FILE|DIR...   (env: GITHUB_TOKEN, GITHUB_REPOSITORY=owner/repo)',
  options: {},
  async run(ctx) {
    if (!ctx.positionals.length) throw new UsageError('name the record files (or folders of them) of the run');
    const [owner, repo, ...rest] = (ctx.env.GITHUB_REPOSITORY ?? '').split('/');
    if (!ctx.env.GITHUB_TOKEN || !owner || !repo || rest.length) {
      ctx.stderr(
        'onix-feeds issues-sync: set GITHUB_TOKEN (a token with issues: write; in a workflow, ${{ github.token }}) and ' +
          'GITHUB_REPOSITORY=owner/repo\n',
      );
      return 1;
    }
    let outcomes;
    try {
      outcomes = await tenantOutcomes(ctx.root, await readRecordFiles(ctx.positionals));
    } catch (error) {
      return reportCommandError(ctx, 'issues-sync', error);
    }
    const { getOctokit } = await import('@actions/github');
    const octokit = getOctokit(ctx.env.GITHUB_TOKEN, { baseUrl: ctx.env.GITHUB_API_URL ?? 'https://api.github.com' });
    const links = runLinks(ctx.env, ctx.root);
    const runbookUrl = links.fileUrl && existsSync(RUNBOOK) ? `${links.fileUrl(RUNBOOK)}#when-a-feed-fails` : undefined;
    const actions = await syncFailureIssues(octokit, { owner, repo }, outcomes, { historyUrl: links.historyUrl, runbookUrl });
    for (const a of actions) {
      const what = a.kind === 'none' ? 'nothing to do' : a.kind === 'open' ? 'opened an issue' : `${a.kind === 'close' ? 'closed' : 'commented on'} issue #${a.number}`;
      ctx.stdout(`${a.tenant}: ${what}\n`);
    }
    return 0;
  },
};
