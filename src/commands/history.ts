/**
 * `onix-feeds history --tenant T [--isbn ISBN] [--json]`: a tenant's feed history, as the page beside it shows it
 * (Markdown), or every record as a JSON array; with `--isbn`, one title's trail: the feeds that carried it, what
 * changed between them, what Amazon said, and whether its current version has been sent.
 */
import { UsageError, type Command } from '../cli.ts';
import { loadTenant } from '../config/load.ts';
import { GitError } from '../feed/git.ts';
import { readHistory } from '../feed/history.ts';
import { renderHistoryReadme } from '../feed/history-readme.ts';
import { titleTrail } from '../feed/title-trail.ts';
import { renderTitleTrail } from '../feed/title-trail-render.ts';
import { reportCommandError } from './send.ts';

const USAGE = 'onix-feeds history --tenant T [--isbn ISBN] [--json]';

function asJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** The `history` command. */
export const historyCommand: Command = {
  summary:
    "Print a tenant's feed history: channel status, last success, recent feeds (or every record with --json); " +
    'with --isbn, one title: every feed that carried it, its changes by commit, what Amazon said, whether it is sent.',
  usage: USAGE,
  options: { tenant: { type: 'string' }, isbn: { type: 'string' }, json: { type: 'boolean' } },
  async run(ctx) {
    try {
      const tenant = ctx.values.tenant as string | undefined;
      if (!tenant) throw new UsageError('--tenant is required');
      await loadTenant(ctx.root, tenant);
      const isbn = ctx.values.isbn as string | undefined;
      if (isbn !== undefined) {
        const trail = await titleTrail({ root: ctx.root, tenant, isbn: isbn.replace(/[-\s]/g, ''), env: ctx.env });
        ctx.stdout(ctx.values.json ? asJson(trail) : renderTitleTrail(trail));
        return 0;
      }
      const records = await readHistory(ctx.root, tenant);
      ctx.stdout(ctx.values.json ? asJson(records) : renderHistoryReadme(tenant, records));
      return 0;
    } catch (error) {
      if (error instanceof GitError) {
        ctx.stderr(`onix-feeds history: a title's trail needs the git history of ${ctx.root} (a clone with full history, fetch-depth: 0): ${error.message}\n`);
        return 1;
      }
      return reportCommandError(ctx, 'history', error);
    }
  },
};
