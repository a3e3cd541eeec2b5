/**
 * Committing feed records back to the repository: append to each tenant's history, regenerate its README, commit,
 * push. A push that loses a race fetches and rebases; when the rebase conflicts (another run appended to the same
 * tenant's history) our commit is dropped and the append re-applied on top of the remote, which cannot conflict.
 * So no record is lost however many runs push at once.
 */
import type { FeedRecord } from './record.ts';
import { appendRecords } from './history.ts';
import { count } from './outcome.ts';
import { Git, GitError, type GitIdentity } from './git.ts';

/** The identity history commits are made by unless the caller says otherwise. */
export const DEFAULT_IDENTITY: GitIdentity = { name: 'onix-feeds', email: 'onix-feeds@users.noreply.github.com' };

/**
 * The identity the environment asks for (`GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`, else the `GIT_COMMITTER_*` pair, as a
 * workflow sets them), or undefined to use {@link DEFAULT_IDENTITY}. Both name and email of one pair are needed.
 */
export function identityFromEnv(env: NodeJS.ProcessEnv): GitIdentity | undefined {
  for (const role of ['AUTHOR', 'COMMITTER']) {
    const name = env[`GIT_${role}_NAME`]?.trim();
    const email = env[`GIT_${role}_EMAIL`]?.trim();
    if (name && email) return { name, email };
  }
  return undefined;
}

/**
 * Refuses (WriteBackError, InvalidInputError outside a repository) a working tree the history could not be pushed
 * from: a detached HEAD, or no `remote`. Run before a feed is sent, so a record is never left unpushable.
 */
export async function checkCanPush(root: string, env?: NodeJS.ProcessEnv, remote = 'origin'): Promise<void> {
  const git = new Git(root, env);
  const head = await git.headCommit();
  if (!(await git.currentBranch())) {
    throw new WriteBackError(
      `HEAD is detached at ${head.slice(0, 12)}: the feed history could not be pushed. Check out the branch the history goes to ` +
        `(git switch main), or pass --no-commit and commit the record with 'onix-feeds record'. Nothing was sent.`,
    );
  }
  if (!(await git.hasRemote(remote))) {
    throw new WriteBackError(
      `no remote '${remote}' to push the feed history to: add it (git remote add ${remote} URL), or pass --no-commit and commit the ` +
        `record with 'onix-feeds record'. Nothing was sent.`,
    );
  }
}

/** Input of {@link writeBack}. */
export interface WriteBackOptions {
  /** Repository working tree with `catalog/`. */
  root: string;
  records: FeedRecord[];
  /** false: write the files only (`--no-commit`). */
  commit: boolean;
  identity?: GitIdentity;
  /** Remote to push to; when it is not configured, the commit stays local. Default `origin`. */
  remote?: string;
  /** Push attempts before giving up. Default 12: each lost race means another run's push won. */
  maxPushAttempts?: number;
  /** First backoff delay after a rejected push; doubles per attempt up to 30 s. Default 500 ms. */
  backoffMs?: number;
  sleep: (ms: number) => Promise<void>;
  /** Random in [0, 1) for jitter, so racing runs spread out. */
  random?: () => number;
  log?: (line: string) => void;
  /** Environment for git (identity, credentials helpers). */
  env?: NodeJS.ProcessEnv;
}

/** What {@link writeBack} wrote, committed and pushed. */
export interface WriteBackResult {
  /** Paths written, relative to the root. */
  paths: string[];
  /** The history commit, when one was made. */
  commit?: string;
  pushed: boolean;
  pushAttempts: number;
}

/** Raised when the history could not be pushed after every retry; the commit is still in the local branch. */
export class WriteBackError extends Error {
  override name = 'WriteBackError';
}

function productCount(record: FeedRecord): string {
  return count(record.counts.sent + record.counts.deleted, 'product');
}

/** The commit message: `feeds(<tenant>): <status> <n> product(s) [skip ci]` for one record. */
export function commitMessage(records: FeedRecord[]): string {
  if (records.length === 1) {
    const [r] = records;
    return `feeds(${r.tenant}): ${r.status} ${productCount(r)} [skip ci]`;
  }
  const tenants = [...new Set(records.map((r) => r.tenant))].sort();
  const body = records.map((r) => `- ${r.tenant}: ${r.status} ${productCount(r)} (${r.id})`);
  return [`feeds(${tenants.join(', ')}): ${count(records.length, 'record')} [skip ci]`, '', ...body].join('\n');
}

function byTenant(records: FeedRecord[]): Map<string, FeedRecord[]> {
  const groups = new Map<string, FeedRecord[]>();
  for (const r of records) groups.set(r.tenant, [...(groups.get(r.tenant) ?? []), r]);
  return groups;
}

async function appendAll(root: string, records: FeedRecord[]): Promise<string[]> {
  const paths: string[] = [];
  for (const [tenant, group] of byTenant(records)) paths.push(...(await appendRecords(root, tenant, group)));
  return paths;
}

/** Appends the records to their tenants' histories and, unless `commit` is false, commits and pushes them. */
export async function writeBack(options: WriteBackOptions): Promise<WriteBackResult> {
  const { root, records, sleep } = options;
  const log = options.log ?? (() => undefined);
  const paths = await appendAll(root, records);
  if (!options.commit || !paths.length) return { paths, pushed: false, pushAttempts: 0 };

  const git = new Git(root, options.env);
  const identity = options.identity ?? DEFAULT_IDENTITY;
  const message = commitMessage(records);
  const commitAppend = async (written: string[]) => {
    await git.add(written);
    return git.commit(message, identity, written);
  };
  let commit = await commitAppend(paths);

  const remote = options.remote ?? 'origin';
  if (!(await git.hasRemote(remote))) {
    log(`history committed as ${commit.slice(0, 12)}; no remote '${remote}' to push to`);
    return { paths, commit, pushed: false, pushAttempts: 0 };
  }
  const branch = await git.currentBranch();
  if (!branch) throw new WriteBackError(`cannot push the feed history from a detached HEAD (commit ${commit.slice(0, 12)}); check out a branch`);

  const maxAttempts = options.maxPushAttempts ?? 12;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      await git.push(remote, branch);
      log(`history pushed to ${remote}/${branch} (${commit.slice(0, 12)}${attempt > 1 ? `, attempt ${attempt}` : ''})`);
      return { paths, commit, pushed: true, pushAttempts: attempt };
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      if (!lostRace(error)) {
        throw new WriteBackError(
          `the remote refused the feed history push; the commit ${commit.slice(0, 12)} is in the local branch ${branch}: fix what git says and push it by hand (${error.message})`,
        );
      }
      if (attempt >= maxAttempts) {
        throw new WriteBackError(
          `could not push the feed history after ${attempt} attempts; the commit ${commit.slice(0, 12)} is in the local branch ${branch}: push it by hand (last error: ${error.message})`,
        );
      }
      const delay = Math.min(30_000, (options.backoffMs ?? 500) * 2 ** (attempt - 1)) * (0.5 + random());
      log(`push rejected (attempt ${attempt}); fetching and retrying in ${Math.round(delay)} ms`);
      await sleep(delay);
      await git.fetch(remote, branch);
      if (!(await git.rebase('FETCH_HEAD', identity))) {
        // Another run appended to the same history: drop our commit, take theirs, append again.
        await git.resetKeep('HEAD~1');
        if (!(await git.rebase('FETCH_HEAD', identity))) {
          throw new WriteBackError(`local commits on ${branch} conflict with ${remote}/${branch}; resolve them, then run 'onix-feeds record' again`);
        }
        const written = await appendAll(root, records);
        if (!written.length) {
          log('the remote already holds these records; nothing to push');
          return { paths: [], pushed: false, pushAttempts: attempt };
        }
        commit = await commitAppend(written);
      } else {
        commit = await git.headCommit();
      }
    }
  }
}

/**
 * Whether a push failed because another push got there first (worth fetching and trying again), rather than being
 * refused (a hook, permissions, a protected or checked-out branch, authentication), which waiting cannot fix.
 */
function lostRace(error: GitError): boolean {
  return /\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|incorrect old value/i.test(error.stderr);
}
