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
  // Deleted at its newest commit: that tenant no longer exists in HEAD.
  const live = [...changes].filter(([, history]) => !NO_FILE.test(history[0].newBlob));
  // Adding a file always changes its schedule (from none), so only edits of an existing file need reading.
  const isEdit = (change: FileChange) => !NO_FILE.test(change.oldBlob) && !NO_FILE.test(change.newBlob);
  const blobs = [...new Set(live.flatMap(([, history]) => history.filter(isEdit).flatMap((c) => [c.oldBlob, c.newBlob])))];
  const texts = await git.readBlobs(blobs);
  const textOf = new Map(blobs.map((blob, i) => [blob, texts[i]]));
  const keys = new ScheduleKeys();
  const keyOf = (blob: string) => keys.of(textOf.get(blob));
  const times = new Map<string, Date>();
  for (const [path, history] of live) {
    // Newest first: most tenants are settled by their newest change or two.
    const edit = history.find((change) => !isEdit(change) || keyOf(change.oldBlob) !== keyOf(change.newBlob));
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
 * The schedule block of config files as comparable strings: keys sorted, defaults filled in (writing out
 * `timezone: UTC` changes nothing), comments and layout gone. A file that does not parse (or could not be read)
 * compares as "unreadable". Cached by the block's text, which most versions of a file share: an edit elsewhere in
 * the file costs no parse at all.
 */
class ScheduleKeys {
  private readonly byText = new Map<string, string>();

  of(text: string | undefined): string {
    if (text === undefined) return 'unreadable';
    const source = scheduleBlock(text) ?? text;
    let key = this.byText.get(source);
    if (key === undefined) this.byText.set(source, (key = parsedScheduleKey(source)));
    return key;
  }
}

/**
 * The lines of the top-level `schedule:` key (its own and those under it), which parse to the same schedule as the
 * whole file: a key at the start of a line is a top-level key. Undefined when that is not certain (no such line or
 * several, anchors, aliases, tags or merge keys in the block): the whole file is parsed then.
 */
function scheduleBlock(text: string): string | undefined {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (/^schedule[ \t]*:/.test(line) ? [i] : []));
  if (starts.length !== 1) return undefined;
  let end = starts[0] + 1;
  while (end < lines.length && /^([ \t#]|\r?$)/.test(lines[end])) end++;
  const block = lines.slice(starts[0], end).join('\n');
  return /[&*!]|<</.test(block) ? undefined : block;
}

function parsedScheduleKey(source: string): string {
  let value: unknown;
  try {
    const doc = parseDocument(source);
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
