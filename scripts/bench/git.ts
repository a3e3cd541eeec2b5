/**
 * Git for generated benchmark repositories: a fixed identity and no background maintenance, so the repositories
 * are real but nothing in them depends on the machine's git configuration.
 */
import { execFileSync } from 'node:child_process';

/** Environment for git in benchmark repositories. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1',
  // No automatic gc or maintenance writing into .git while a scratch folder is removed.
  GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'gc.auto', GIT_CONFIG_VALUE_0: '0', GIT_CONFIG_KEY_1: 'maintenance.auto', GIT_CONFIG_VALUE_1: 'false',
};

/** Runs git in `cwd` and returns its trimmed output. */
export function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = GIT_ENV): string {
  return execFileSync('git', args, { cwd, env, maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();
}

/** Makes `dir` a repository on branch `main` with everything in it committed; returns the commit. */
export function commitAll(dir: string, message: string, init = false, env: NodeJS.ProcessEnv = GIT_ENV): string {
  if (init) git(dir, ['init', '-q', '-b', 'main'], env);
  git(dir, ['add', '-A'], env);
  git(dir, ['commit', '-q', '-m', message], env);
  return git(dir, ['rev-parse', 'HEAD'], env);
}

/** A fresh working copy of repository `source` at `target` (local clone: objects are hard-linked, so it is quick). */
export function cloneRepo(source: string, target: string, bare = false): void {
  git(source, ['clone', '-q', '--local', ...(bare ? ['--bare'] : []), source, target]);
}
