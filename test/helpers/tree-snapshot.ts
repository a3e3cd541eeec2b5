/**
 * Proof that a command changed nothing: every path under a folder with its size and modification time, taken before
 * and after, compared with `expect(after).toEqual(before)`.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** Relative path (forward slashes) -> "dir" or "size@mtimeMs", sorted, including hidden files and .git. */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const entries: [string, string][] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      const stats = await lstat(full);
      if (entry.isDirectory()) {
        entries.push([relative, `dir@${stats.mtimeMs}`]);
        await walk(full);
      } else {
        entries.push([relative, `${stats.size}@${stats.mtimeMs}`]);
      }
    }
  }
  await walk(root);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}
