/**
 * `onix-feeds <command>`: parses the command line and hands over to one command module in `src/commands/`.
 * The executable is `bin/onix-feeds.js`; command modules import the types below, so this file must not run itself.
 * Exit codes: 0 success, 1 the command ran and found a problem (invalid input, failed feed), 2 usage error.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CommandContext {
  /** Repository with `config/` and `catalog/`. */
  root: string;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext): Promise<number>;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

type CommandLoader = () => Promise<Command>;

/** Loaded lazily so that `validate` does not pay for the sandbox or the XSD. Exported for checks that workflows only run real commands and options. */
export const COMMANDS: Record<string, CommandLoader> = {
  'run-summary': async () => (await import('./commands/run-summary.ts')).runSummaryCommand,
  'issues-sync': async () => (await import('./commands/issues-sync.ts')).issuesSyncCommand,
  'pr-check': async () => (await import('./commands/pr-check.ts')).prCheckCommand,
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  plan: async () => (await import('./commands/plan.ts')).planCommand,
  build: async () => (await import('./commands/build.ts')).buildCommand,
  sandbox: async () => (await import('./commands/sandbox.ts')).sandboxCommand,
  send: async () => (await import('./commands/send.ts')).sendCommand,
  reconcile: async () => (await import('./commands/reconcile.ts')).reconcileCommand,
  history: async () => (await import('./commands/history.ts')).historyCommand,
  import: async () => (await import('./commands/import.ts')).importCommand,
  record: async () => (await import('./commands/record.ts')).recordCommand,
};

const USAGE = `usage: onix-feeds <command> [--root DIR] [options]

commands:
  validate                        check every tenant config and title file
  plan [--now ISO]                print the tenants that are due, as JSON
  build --tenant T                write the ONIX document(s) for a tenant
  send --tenant T                 build, submit to Amazon, poll, record the outcome
  reconcile [--tenant T]          finish feeds left in progress by earlier runs
  history --tenant T [--isbn I]   print a tenant's feed history, or one title's trail
  sandbox [--port N]              run the local SP-API sandbox
  import FILE --tenant T          create title files from an ONIX 3.x export

GitHub Actions steps (see docs/operators.md):
  run-summary FILE...             job summary, annotations and outputs from send's record files
  record FILE...                  append send's record files to the histories, commit and push once
  issues-sync FILE...             open, update or close failure issues from a run's records
  pr-check --base REF             what a change to config/ and catalog/ will do, for a pull request

Run 'onix-feeds <command> --help' for a command's options.`;

export interface MainIo {
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export async function main(argv: string[], io: MainIo = {}): Promise<number> {
  const stdout = io.stdout ?? ((t: string) => void process.stdout.write(t));
  const stderr = io.stderr ?? ((t: string) => void process.stderr.write(t));
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    stdout(USAGE + '\n');
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    stderr(`onix-feeds: unknown command '${name}'\n${USAGE}\n`);
    return 2;
  }
  const command = await load();
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: { root: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...command.options },
    });
  } catch (error) {
    stderr(`onix-feeds ${name}: ${(error as Error).message}\nusage: ${command.usage}\n`);
    return 2;
  }
  if (parsed.values.help) {
    stdout(`${command.summary}\nusage: ${command.usage}\n`);
    return 0;
  }
  const root = (parsed.values.root as string | undefined) ?? io.cwd ?? process.cwd();
  try {
    return await command.run({
      root,
      values: parsed.values as CommandContext['values'],
      positionals: parsed.positionals,
      stdout,
      stderr,
      env: io.env ?? process.env,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      stderr(`onix-feeds ${name}: ${error.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    throw error;
  }
}
