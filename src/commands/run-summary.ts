/**
 * `onix-feeds run-summary FILE|DIR...`: the job summary, annotations and outputs of a feed run, from the record files
 * the send jobs wrote. Outside GitHub Actions it prints the summary's Markdown.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, type Command } from '../cli.ts';
import { appendSummary, emitAnnotations, inActions, runLinks, setOutputs, workspacePath } from '../github/actions.ts';
import { feedAnnotations } from '../github/annotations.ts';
import { channelStatus, type ChannelStatus } from '../feed/channel.ts';
import type { FeedRecord } from '../feed/record.ts';
import { historyWithRun, readRecordFiles } from '../github/record-files.ts';
import { renderRunSummary } from '../github/run-summary.ts';
import { reportCommandError } from './send.ts';

/** Each tenant's channel status once the run's records are in its history. */
async function channelsAfterRun(root: string, records: FeedRecord[]): Promise<Map<string, ChannelStatus>> {
  const channels = new Map<string, ChannelStatus>();
  for (const tenant of new Set(records.map((r) => r.tenant))) channels.set(tenant, channelStatus(await historyWithRun(root, tenant, records)));
  return channels;
}

/** The `run-summary` command. */
export const runSummaryCommand: Command = {
  summary: 'Write the job summary, annotations and outputs of a feed run from its record files.',
  usage: 'onix-feeds run-summary [--root DIR] FILE|DIR...',
  options: {},
  async run(ctx) {
    if (!ctx.positionals.length) throw new UsageError('name the record files (or folders of them) that send --record-out wrote');
    let records;
    let channels;
    try {
      records = await readRecordFiles(ctx.positionals);
      channels = await channelsAfterRun(ctx.root, records);
    } catch (error) {
      return reportCommandError(ctx, 'run-summary', error);
    }
    const links = runLinks(ctx.env, ctx.root);
    const markdown = renderRunSummary(records, { ...links, channels });
    if (!inActions(ctx.env)) {
      ctx.stdout(markdown);
      return 0;
    }
    await appendSummary(markdown, ctx.env);
    const titleFile = (tenant: string, isbn: string) =>
      ['yaml', 'json']
        .map((ext) => `catalog/${tenant}/titles/${isbn}.${ext}`)
        .find((path) => existsSync(join(ctx.root, path)));
    // Paths in records are relative to the root; GitHub wants them relative to the checkout.
    emitAnnotations(
      feedAnnotations(records, titleFile).map((a) => (a.file ? { ...a, file: workspacePath(ctx.env, ctx.root, a.file) } : a)),
    );
    setOutputs({
      tenants: records.map((r) => r.tenant).join(' '),
      failed: records.filter((r) => r.status === 'failed').map((r) => r.tenant).join(' '),
      sent: records.reduce((n, r) => n + r.counts.sent, 0),
    });
    return 0;
  },
};
