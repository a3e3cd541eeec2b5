/**
 * Git blob ids of title files, the key of the parse cache. Git already holds the id of every tracked file in its
 * index, so asking git costs two `ls-files` however large the catalog is; files that differ from the index (edited,
 * untracked) are left out and get hashed from their content by {@link blobId}.
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
 * Blob ids of the files under `dir` (relative to `root`) whose content equals the index, keyed by path relative to
 * `root`; undefined when `root` is not in a git work tree or git is not available.
 */
export async function indexedBlobIds(root: string, dir: string): Promise<Map<string, string> | undefined> {
  // Both commands only read (no index refresh is written) and print paths relative to `root`, even when `root` is a
  // folder inside a larger repository.
  const git = (args: string[]) => run('git', ['-C', root, ...args], { maxBuffer: 1 << 30, encoding: 'utf8' });
  try {
    const [staged, modified] = await Promise.all([git(['ls-files', '--stage', '-z', '--', dir]), git(['ls-files', '--modified', '-z', '--', dir])]);
    const ids = new Map<string, string>();
    for (const entry of staged.stdout.split('\0')) {
      // "<mode> <blob> <stage>\t<path>"; stage 0 is the only stage outside a merge conflict.
      const tab = entry.indexOf('\t');
      const [, blob, stage] = entry.slice(0, tab).split(' ');
      if (tab > 0 && stage === '0') ids.set(entry.slice(tab + 1), blob);
    }
    // Edited (or deleted) since the last `git add`: the index no longer tells what the file holds.
    for (const path of modified.stdout.split('\0')) ids.delete(path);
    return ids;
  } catch {
    return undefined;
  }
}
