/**
 * `onix-feeds reconcile [--tenant T]`: asks Amazon once about every feed left in progress by earlier runs and records
 * the outcome of those that have finished (never submits anything). Run by every scheduler tick. `--record-out FILE`
 * also writes the finished records (a JSON array) for the workflow's record job. `--list` only prints the tenants
 * with feeds in progress (a JSON array; no credentials needed): the planner gives each of them a job in its
 * environment, where the credentials are.
 */
import { writeFile } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { UsageError, type Command, type CommandContext } from '../cli.ts';
import { listTenantIds, loadTenant, tenantIdProblem } from '../config/load.ts';
import { NoAmazonAccessError, openConnection, type Connection } from '../feed/connect.ts';
import { reconcile, tenantsWithOpenFeeds } from '../feed/reconcile.ts';
import { reportCommandError } from './send.ts';

const USAGE = 'onix-feeds reconcile [--tenant T] [--list] [--no-commit] [--record-out FILE] [--verbose]';

/** The `reconcile` command. */
export const reconcileCommand: Command = {
  summary: 'Finish feeds left in progress by earlier runs: poll each once and record the outcome.',
  usage: USAGE,
  options: {
    tenant: { type: 'string' }, 'no-commit': { type: 'boolean' }, 'record-out': { type: 'string' }, verbose: { type: 'boolean' }, list: { type: 'boolean' },
  },
  async run(ctx) {
    const log = (line: string) => ctx.stderr(`${line}\n`);
    let connection: Connection | undefined;
    try {
      const tenants = await tenantsToLookAt(ctx);
      if (ctx.values.list) {
        ctx.stdout(JSON.stringify(await tenantsWithOpenFeeds(ctx.root, tenants, log)) + '\n');
        return 0;
      }
      const result = await reconcile({
        root: ctx.root,
        tenants,
        // Credentials are needed only when some feed is open.
        connect: async (tenant) => {
          connection ??= await openConnection({ env: ctx.env, sandbox: false, log, verbose: ctx.values.verbose === true });
          return connection.connect(tenant);
        },
        now: () => new Date(),
        sleep: (ms) => delay(ms),
        commit: ctx.values['no-commit'] !== true,
        env: ctx.env,
        log,
      });
      const recordOut = ctx.values['record-out'] as string | undefined;
      if (recordOut) await writeFile(recordOut, JSON.stringify(result.updated, null, 2) + '\n');
      ctx.stdout(`${result.updated.length} finished, ${result.pending.length} still in progress${result.errors.length ? `, ${result.errors.length} could not be checked` : ''}\n`);
      return 0;
    } catch (error) {
      if (error instanceof NoAmazonAccessError) {
        ctx.stderr(`onix-feeds reconcile: feeds are in progress but Amazon cannot be reached: ${error.message}\n`);
        return 1;
      }
      return reportCommandError(ctx, 'reconcile', error);
    } finally {
      await connection?.close();
    }
  },
};

/**
 * The tenant named by `--tenant`, checked as `send` checks it (a valid id, before it is joined into any path, with a
 * config that loads), or else every tenant.
 */
async function tenantsToLookAt(ctx: CommandContext): Promise<string[]> {
  const id = ctx.values.tenant as string | undefined;
  if (id === undefined) return listTenantIds(ctx.root);
  const problem = tenantIdProblem(id);
  if (problem) throw new UsageError(problem);
  await loadTenant(ctx.root, id); // InvalidInputError: no such tenant (naming the likely one), or a broken config
  return [id];
}
