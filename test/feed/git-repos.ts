/**
 * Real git repositories in temp folders for the feed tests: a bare "origin" and working clones of it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Identity for commits made by tests (never the user's global config). */
export const TEST_GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Author',
  GIT_COMMITTER_EMAIL: 'author@example.test',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs git in `cwd` with the test identity; returns stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await exec('git', args, { cwd, env: TEST_GIT_ENV, maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/** A new temp folder. */
export function tempDir(prefix = 'onix-feed-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Writes files (path relative to `root` -> content), creating folders. */
export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** Deletes files relative to `root`. */
export async function removeFiles(root: string, paths: string[]): Promise<void> {
  for (const path of paths) await rm(join(root, path));
}

/** Stages everything and commits; returns the commit id. */
export async function commitAll(root: string, message: string): Promise<string> {
  await git(root, 'add', '-A');
  await git(root, 'commit', '-q', '--allow-empty', '-m', message);
  return (await git(root, 'rev-parse', 'HEAD')).trim();
}

/** A working repository (branch `main`) with `files` committed, and a bare `origin` it pushes to. */
export async function repoWithOrigin(files: Record<string, string>): Promise<{ root: string; origin: string }> {
  const base = await tempDir();
  const origin = join(base, 'origin.git');
  const root = join(base, 'work');
  await exec('git', ['init', '-q', '--bare', '-b', 'main', origin], { env: TEST_GIT_ENV });
  await exec('git', ['init', '-q', '-b', 'main', root], { env: TEST_GIT_ENV });
  await writeFiles(root, files);
  await commitAll(root, 'initial catalog');
  await git(root, 'remote', 'add', 'origin', origin);
  await git(root, 'push', '-q', '-u', 'origin', 'main');
  return { root, origin };
}

/** A new clone of `origin` in a temp folder (`depth` for a shallow clone). */
export async function cloneOf(origin: string, depth?: number): Promise<string> {
  const dir = join(await tempDir('onix-clone-'), 'work');
  const args = ['clone', '-q', ...(depth ? [`--depth=${depth}`, `file://${origin}`] : [origin]), dir];
  await exec('git', args, { env: TEST_GIT_ENV });
  return dir;
}
