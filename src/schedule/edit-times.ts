/**
 * When each tenant's schedule last changed: the commit time of the newest commit that changed the `schedule` block of
 * its config file. An edit elsewhere in the file (a new sender email) or one that only reformats the block is no
 * schedule change, so it must not move the edit time and drop a slot that a late cron tick is about to catch up.
 *
 * Two git processes for all tenants, because the planner runs over thousands of tenants on every tick: one `git log`
 * lists the blob ids of every version of every config file, one `git cat-file --batch` reads those versions.
 */
import { parseDocument } from 'yaml';
import { TENANTS_DIR } from '../config/load.ts';
import { TENANT_DEFAULTS } from '../config/tenant-defaults.ts';
import { Git, GitError } from '../feed/git.ts';

const MARK = '--commit--';
// `:<old mode> <new mode> <old blob> <new blob> <status>\t<path>`, one line per file a commit changed.
const RAW_LINE = /^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) [A-Z]\d*\t(.+)$/;
const TENANT_FILE = new RegExp(`^${TENANTS_DIR}/[^/]+\\.yaml$`);
const NO_FILE = /^0+$/;

/** One commit's change to one config file. */
interface FileChange {
  time: Date;
  oldBlob: string;
  newBlob: string;
}

/**
 * Map of config path (relative to `root`, e.g. `config/tenants/acme.yaml`) to the commit time of the newest commit
 * that changed its schedule. Empty when `root` is not in a git repository (or it has no commit); a path missing from
 * the map is not committed yet. Only the first-parent line of HEAD counts: a schedule changed on a branch takes effect
 * when the branch is merged, not when the commit on the branch was made.
 */
export async function configEditTimes(root: string, env?: NodeJS.ProcessEnv): Promise<Map<string, Date>> {
  const git = new Git(root, env);
  const changes = await configFileChanges(git);
  const times = new Map<string, Date>();
  // Deleted at its newest commit: that tenant no longer exists in HEAD.
  const live = [...changes].filter(([, history]) => !NO_FILE.test(history[0].newBlob));
  const blobs = [...new Set(live.flatMap(([, history]) => history.flatMap((c) => [c.oldBlob, c.newBlob])))].filter((b) => !NO_FILE.test(b));
  const texts = await git.readBlobs(blobs);
  const textOf = new Map(blobs.map((blob, i) => [blob, texts[i]]));
  const keys = new Map<string, string>();
  const keyOf = (blob: string): string => {
    let key = keys.get(blob);
    if (key === undefined) keys.set(blob, (key = NO_FILE.test(blob) ? 'no file' : scheduleKey(textOf.get(blob))));
    return key;
  };
  for (const [path, history] of live) {
    // The oldest change adds the file, and no file differs from any schedule: a change is always found.
    const edit = history.find((change) => keyOf(change.oldBlob) !== keyOf(change.newBlob));
    if (edit) times.set(path, edit.time);
  }
  return times;
}

/** Every change to a tenant file along HEAD's first-parent line, by path, newest first. */
async function configFileChanges(git: Git): Promise<Map<string, FileChange[]>> {
  let out: string;
  try {
    out = await git.run([
      'log', '--first-parent', '--diff-merges=first-parent', `--format=${MARK}%cI`, '--raw', '--no-renames', '--no-abbrev', '--relative',
      '--', `${TENANTS_DIR}/`,
    ]);
  } catch (error) {
    if (error instanceof GitError && /not a git repository|does not have any commits/i.test(error.stderr)) return new Map();
    throw error;
  }
  const byPath = new Map<string, FileChange[]>();
  let time: Date | undefined;
  for (const line of out.split('\n')) {
    if (line.startsWith(MARK)) {
      time = new Date(line.slice(MARK.length));
      continue;
    }
    const raw = RAW_LINE.exec(line);
    if (!raw || !time || !TENANT_FILE.test(raw[3])) continue;
    const [, oldBlob, newBlob, path] = raw;
    let history = byPath.get(path);
    if (!history) byPath.set(path, (history = []));
    history.push({ time, oldBlob, newBlob });
  }
  return byPath;
}

/**
 * The schedule block of a config file's text as a comparable string: keys sorted, defaults filled in (writing out
 * `timezone: UTC` changes nothing), comments and layout gone. A file that does not parse compares as "unreadable".
 */
function scheduleKey(text: string | undefined): string {
  if (text === undefined) return 'no file';
  let value: unknown;
  try {
    const doc = parseDocument(text);
    if (doc.errors.length) return 'unreadable';
    value = doc.toJS();
  } catch {
    return 'unreadable'; // e.g. more aliases than the parser expands
  }
  const schedule = typeof value === 'object' && value !== null ? (value as { schedule?: unknown }).schedule : undefined;
  if (typeof schedule !== 'object' || schedule === null || Array.isArray(schedule)) return JSON.stringify(schedule ?? null);
  const withDefaults: Record<string, unknown> = { timezone: TENANT_DEFAULTS.timezone, titles: TENANT_DEFAULTS.titles, ...schedule };
  return JSON.stringify(Object.fromEntries(Object.entries(withDefaults).sort(([a], [b]) => (a < b ? -1 : 1))));
}
