/**
 * Temporary repositories for tests: a folder under the OS temp dir holding the files a test needs, optionally a copy
 * of this repository's example config and catalog, optionally a git repository with a first commit.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** This repository's root (the examples under `config/` and `catalog/` are copied from here). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface TempRepoOptions {
  /** Copy these top-level folders of this repository first, e.g. ['config', 'catalog']. */
  copy?: string[];
  /** Files to write (relative path: content), after the copy, so they can replace copied files. */
  files?: Record<string, string | Buffer>;
  /** Make it a git repository and commit everything. */
  git?: boolean;
}

export interface TempRepo {
  root: string;
  /** Writes a file (creating folders). */
  write(relativePath: string, content: string | Buffer): Promise<void>;
  /** Runs git in the repository with a fixed test identity and returns stdout, trimmed. */
  git(...args: string[]): string;
  /** Removes the whole folder. */
  cleanup(): Promise<void>;
}

/** Identity and settings for git commands in tests, so they work on machines with no global git config. */
export const GIT_TEST_ENV: NodeJS.ProcessEnv = {
  GIT_AUTHOR_NAME: 'onix-feeds test',
  GIT_AUTHOR_EMAIL: 'test@onix-feeds.invalid',
  GIT_COMMITTER_NAME: 'onix-feeds test',
  GIT_COMMITTER_EMAIL: 'test@onix-feeds.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `cwd` with the test identity and settings ({@link GIT_TEST_ENV}); returns stdout, trimmed. */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...process.env, ...GIT_TEST_ENV }, encoding: 'utf8' }).trim();
}

/** Creates a temporary repository; call `cleanup()` when done (e.g. in afterEach). */
export async function createTempRepo(options: TempRepoOptions = {}): Promise<TempRepo> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'onix-feeds-test-'));
  const repo: TempRepo = {
    root,
    async write(relativePath, content) {
      const target = path.join(root, relativePath);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    },
    git: (...args) => gitIn(root, ...args),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  for (const folder of options.copy ?? []) await cp(path.join(REPO_ROOT, folder), path.join(root, folder), { recursive: true });
  for (const [relativePath, content] of Object.entries(options.files ?? {})) await repo.write(relativePath, content);
  if (options.git) {
    repo.git('init', '--quiet', '--initial-branch=main');
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '--allow-empty', '-m', 'test fixture');
  }
  return repo;
}
