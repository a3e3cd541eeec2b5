/**
 * `onix-feeds history --tenant T [--json]`: a tenant's feed history, as the page beside it shows it (Markdown), or
 * every record as a JSON array.
 */
import type { Command } from '../cli.ts';
import { loadTenant } from '../config/load.ts';
import { readHistory } from '../feed/history.ts';
import { renderHistoryReadme } from '../feed/history-readme.ts';
import { OptionError, reportCommandError } from './send.ts';

const USAGE = 'onix-feeds history --tenant T [--json]';

/** The `history` command. */
export const historyCommand: Command = {
  summary: "Print a tenant's feed history: channel status, last success, recent feeds (or every record with --json).",
  usage: USAGE,
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    try {
      const tenant = ctx.values.tenant as string | undefined;
      if (!tenant) throw new OptionError('--tenant is required');
      await loadTenant(ctx.root, tenant);
      const records = await readHistory(ctx.root, tenant);
      ctx.stdout(ctx.values.json ? JSON.stringify(records, null, 2) + '\n' : renderHistoryReadme(tenant, records));
      return 0;
    } catch (error) {
      return reportCommandError(ctx, 'history', USAGE, error);
    }
  },
};
