/**
 * `onix-feeds send --tenant T`: one feed run (select, build, submit, poll, record, commit and push). Progress goes to
 * stderr, the one-line result to stdout. Exit 0: done, done with errors, skipped or still in progress; 1: failed or
 * invalid input; 2: usage; 3: a manual send refused because the last one was less than 20 minutes ago.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { UsageError, type Command, type CommandContext } from '../cli.ts';
import { ListingsConfigError } from '../amazon/listings/documents.ts';
import { InvalidInputError } from '../config/problem.ts';
import type { TitlesMode } from '../config/tenant.ts';
import { NoAmazonAccessError, openConnection, reachesAmazon, type Connection } from '../feed/connect.ts';
import { ManualSendTooSoonError } from '../feed/manual-guard.ts';
import type { Trigger } from '../feed/record.ts';
import { sendFeed } from '../feed/send.ts';
import { identityFromEnv, WriteBackError } from '../feed/write-back.ts';
import { NothingValidError } from '../onix/build.ts';
import { FaultSpecError } from '../sandbox/faults.ts';

/** Exit code of a manual send refused by the 20-minute rule. */
export const EXIT_TOO_SOON = 3;

/** The link to the GitHub Actions run, when running in one. */
export function runUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: run } = env;
  return server && repo && run ? `${server}/${repo}/actions/runs/${run}` : undefined;
}

/** Reads a string option that must be one of `allowed`; a usage message otherwise. */
export function choice<T extends string>(ctx: CommandContext, name: string, allowed: readonly T[]): T | undefined {
  const value = ctx.values[name];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

/** Maps the errors a feed command expects to messages and exit codes; rethrows the rest (UsageError: cli.ts). */
export function reportCommandError(ctx: CommandContext, command: string, error: unknown): number {
  if (error instanceof ManualSendTooSoonError) {
    ctx.stderr(`onix-feeds ${command}: refused: ${error.message}\n`);
    return EXIT_TOO_SOON;
  }
  if (
    error instanceof InvalidInputError || error instanceof NoAmazonAccessError || error instanceof WriteBackError ||
    error instanceof NothingValidError || error instanceof ListingsConfigError || error instanceof FaultSpecError
  ) {
    ctx.stderr(`onix-feeds ${command}: ${error.message}\n`);
    return 1;
  }
  throw error;
}

const USAGE =
  'onix-feeds send --tenant T [--titles all|changed] [--trigger schedule|manual] [--slot ISO] [--force] [--dry-run]\n' +
  '                [--no-commit] [--record-out FILE] [--out DIR] [--sandbox] [--verbose]\n' +
  '  --sandbox sends to a local SP-API sandbox started for the run; SANDBOX_FAULTS arms its faults (docs/sandbox.md).';

/** The `send` command. */
export const sendCommand: Command = {
  summary: 'Build the tenant\'s feed, submit it to Amazon, poll for the result, and record it in the history (committed and pushed).',
  usage: USAGE,
  options: {
    tenant: { type: 'string' },
    titles: { type: 'string' },
    trigger: { type: 'string' },
    slot: { type: 'string' },
    force: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'no-commit': { type: 'boolean' },
    'record-out': { type: 'string' },
    out: { type: 'string' },
    sandbox: { type: 'boolean' },
    verbose: { type: 'boolean' },
  },
  async run(ctx) {
    try {
      return await send(ctx);
    } catch (error) {
      return reportCommandError(ctx, 'send', error);
    }
  },
};

async function send(ctx: CommandContext): Promise<number> {
  const tenant = ctx.values.tenant as string | undefined;
  if (!tenant) throw new UsageError('--tenant is required');
  const titles = choice<TitlesMode>(ctx, 'titles', ['all', 'changed']);
  const trigger = choice<Trigger>(ctx, 'trigger', ['schedule', 'manual']) ?? 'manual';
  const slot = ctx.values.slot as string | undefined;
  if (slot !== undefined && Number.isNaN(Date.parse(slot))) throw new UsageError(`--slot must be an ISO 8601 time such as 2026-11-28T06:00:00Z, got '${slot}'`);
  const log = (line: string) => ctx.stderr(`${line}\n`);
  const dryRun = ctx.values['dry-run'] === true;
  const sandbox = ctx.values.sandbox === true;
  // A dry run sends nothing, so it needs no credentials. In GitHub Actions, missing ones fail the run when it comes to
  // sending, so the failure is recorded (history, summary, failure issue) like any other: the channel is broken. From
  // a terminal they are refused at once and nothing is recorded: someone trying the tool must not write a failure
  // into the publisher's shared history.
  let connection: Connection | undefined;
  let noAccess: NoAmazonAccessError | undefined;
  try {
    connection = dryRun ? undefined : await openConnection({ env: ctx.env, sandbox, log, verbose: ctx.values.verbose === true });
  } catch (error) {
    if (!(error instanceof NoAmazonAccessError) || ctx.env.GITHUB_ACTIONS !== 'true') throw error;
    noAccess = error;
  }
  if (connection) log(`sending to ${connection.description}`);
  try {
    const result = await sendFeed({
      root: ctx.root,
      tenant,
      titles,
      trigger,
      slot: slot === undefined ? undefined : new Date(slot).toISOString(),
      force: ctx.values.force === true,
      dryRun,
      commit: ctx.values['no-commit'] !== true,
      recordOut: ctx.values['record-out'] as string | undefined,
      outDir: ctx.values.out as string | undefined,
      connect: (config) => {
        if (noAccess) throw noAccess;
        if (!connection) throw new Error('a dry run does not connect to Amazon');
        return connection.connect(config);
      },
      reachesAmazon: reachesAmazon(ctx.env, sandbox),
      pollIntervalMs: connection?.pollIntervalMs,
      now: () => new Date(),
      sleep: (ms) => delay(ms),
      runUrl: runUrlFrom(ctx.env),
      identity: identityFromEnv(ctx.env),
      env: ctx.env,
      log,
    });
    for (const doc of dryRun ? result.documents : []) ctx.stdout(`${doc.path}\n`);
    ctx.stdout(`${result.summary}\n`);
    return result.record?.status === 'failed' ? 1 : 0;
  } finally {
    await connection?.close();
  }
}
