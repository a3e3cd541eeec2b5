/**
 * Git blob ids of title files, the key of the parse cache. Git already holds the id of every tracked file in its
 * index, so asking git costs one `ls-files` and one `status` however large the catalog is; files that differ from
 * the index (edited, untracked) are left out and get hashed from their content by {@link blobId}.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The git blob id of file content: sha1 over "blob <length>\0" and the bytes, as `git hash-object` computes it. */
export function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/**
 * Blob ids of the files under `dir` (repository-relative) whose content equals the index, keyed by
 * repository-relative path; undefined when `root` is not a git work tree or git is not available.
 */
export async function indexedBlobIds(root: string, dir: string): Promise<Map<string, string> | undefined> {
  const git = (args: string[]) =>
    run('git', ['-C', root, ...args], {
      maxBuffer: 1 << 30,
      encoding: 'utf8',
      // Reading must not write: without this, `git status` may refresh and rewrite the index.
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
  try {
    const [staged, status] = await Promise.all([
      git(['ls-files', '-s', '-z', '--', dir]),
      git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', dir]),
    ]);
    const ids = new Map<string, string>();
    for (const entry of staged.stdout.split('\0')) {
      // "<mode> <blob> <stage>\t<path>"; stage 0 is the only stage outside a merge conflict.
      const tab = entry.indexOf('\t');
      if (tab < 0 || entry[tab - 1] !== '0') continue;
      ids.set(entry.slice(tab + 1), entry.slice(7, 47));
    }
    for (const entry of status.stdout.split('\0')) if (entry.length > 3) ids.delete(entry.slice(3));
    return ids;
  } catch {
    return undefined;
  }
}
