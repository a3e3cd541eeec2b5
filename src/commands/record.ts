/**
 * `onix-feeds record FILE|DIR...`: appends the records that send jobs wrote (`send --record-out`) to their tenants'
 * histories and commits and pushes them once: what the workflow's single committing job runs, so parallel send jobs
 * never race each other's pushes.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { UsageError, type Command } from '../cli.ts';
import { readRecordFiles } from '../github/record-files.ts';
import { count } from '../feed/outcome.ts';
import { identityFromEnv, writeBack } from '../feed/write-back.ts';
import { reportCommandError } from './send.ts';

const USAGE = 'onix-feeds record [--no-commit] FILE|DIR...';

/** The `record` command. */
export const recordCommand: Command = {
  summary: 'Append feed records written by send --record-out to the histories, then commit and push them once.',
  usage: USAGE,
  options: { 'no-commit': { type: 'boolean' } },
  async run(ctx) {
    try {
      if (!ctx.positionals.length) throw new UsageError('name the record files (or folders of them) that send --record-out wrote');
      const records = await readRecordFiles(ctx.positionals);
      const result = await writeBack({
        root: ctx.root,
        records,
        commit: ctx.values['no-commit'] !== true,
        identity: identityFromEnv(ctx.env),
        sleep: (ms) => delay(ms),
        env: ctx.env,
        log: (line) => ctx.stderr(`${line}\n`),
      });
      const tenants = [...new Set(records.map((r) => r.tenant))].join(', ');
      ctx.stdout(`${count(records.length, 'record')} for ${tenants || 'no tenant'} ${result.pushed ? 'committed and pushed' : result.commit ? 'committed' : 'written'}\n`);
      return 0;
    } catch (error) {
      return reportCommandError(ctx, 'record', error);
    }
  },
};
