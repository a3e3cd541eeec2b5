/**
 * Runs `onix-feeds` in-process through `main()` from `src/cli.ts`, capturing what it prints.
 */
import { main } from '../../src/cli.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one command line, e.g. `runCli(['validate', '--root', dir])`. `env` replaces the process environment
 * entirely (default: an empty one), so a test never picks up the runner's GITHUB_ACTIONS or credentials.
 */
export async function runCli(argv: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    env: options.env ?? {},
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}
