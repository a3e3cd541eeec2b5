/**
 * When each tenant's schedule last changed: the commit time of the newest commit touching its config file.
 * One `git log` for all tenants, because the planner runs over thousands of tenants on every tick.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MARK = '--commit--';

/**
 * Map of config path (relative to the repository, e.g. `config/tenants/acme.yaml`) to the commit time of its last
 * change. Empty when `root` is not a git repository; a path missing from the map is not committed yet.
 */
export async function configEditTimes(root: string): Promise<Map<string, Date>> {
  const times = new Map<string, Date>();
  let stdout: string;
  try {
    ({ stdout } = await run('git', ['log', `--format=${MARK}%cI`, '--name-only', '--no-renames', '--', 'config/tenants/'], {
      cwd: root,
      maxBuffer: 256 * 1024 * 1024,
    }));
  } catch {
    return times;
  }
  let current: Date | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(MARK)) current = new Date(line.slice(MARK.length));
    else if (line && current && !times.has(line)) times.set(line, current);
  }
  return times;
}
