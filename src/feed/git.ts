/**
 * A small adapter over the `git` executable (run without a shell): the few operations the feed pipeline needs to
 * read the catalog's history and to commit feed history back.
 *
 * The working directory need not be the repository's top level (a publisher may keep the data in a folder of a larger
 * repository): every path going in or coming out is relative to that directory, as the callers' paths are.
 */
import { execFile, spawn } from 'node:child_process';
import { redact } from '../amazon/redact.ts';
import { InvalidInputError } from '../config/problem.ts';

/** Who a history commit is made by. */
export interface GitIdentity {
  name: string;
  email: string;
}

/** One entry of `git diff --name-status`: paths relative to the working directory. */
export type NameStatusEntry =
  | { status: 'A' | 'M' | 'D' | 'T'; path: string }
  | { status: 'R' | 'C'; from: string; path: string };

/** One entry of `git diff --raw`: the name-status entry with the blob ids on both sides (zeros where none). */
export type DiffEntry = NameStatusEntry & { oldBlob: string; newBlob: string };

/** A git command that did not succeed; carries the command and git's own words, with credentials removed. */
export class GitError extends Error {
  override name = 'GitError';
  constructor(
    /** The git arguments, redacted. */
    readonly args: string[],
    readonly exitCode: number | null,
    /** git's stderr, redacted. */
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim() || 'no output'}`);
  }
}

/**
 * Removes secrets from git's words: credentials in remote URLs (`https://user:token@host/...`, which the shared
 * {@link redact} keeps) and everything {@link redact} knows.
 */
export function redactGitText(text: string): string {
  return redact(text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1[REDACTED]@'));
}

const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;

const NOT_A_REPOSITORY =
  'not inside a git repository: onix-feeds reads the catalog and its history with git; run it in a clone of the data repository (or point --root into one)';
const NO_COMMIT_YET = 'the git repository has no commit yet: commit config/ and catalog/ first (git add config catalog && git commit)';

/** Git operations on one working tree. */
export class Git {
  /**
   * @param cwd a directory inside the working tree.
   * @param env environment for git (identity, `GIT_*` settings); defaults to the process environment.
   */
  constructor(
    readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Runs `git <args>` and returns stdout; throws {@link GitError} on a non-zero exit. */
  run(args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(
        'git',
        args,
        { cwd: this.cwd, env: { ...this.env, ...options.env }, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error) {
            const code = typeof error.code === 'number' ? error.code : null;
            reject(new GitError(args.map(redactGitText), code, redactGitText(String(stderr || error.message))));
          } else {
            resolve(stdout);
          }
        },
      );
    });
  }

  /**
   * The full id of HEAD. Throws {@link InvalidInputError} naming the directory when it is not in a git repository or
   * the repository has no commit yet: the first git call of a run, so the user learns what to do, not git's words.
   */
  async headCommit(): Promise<string> {
    try {
      return (await this.run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'])).trim();
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      if (/not a git repository/i.test(error.stderr)) throw this.unusable(NOT_A_REPOSITORY);
      // `--verify --quiet` exits 1, saying nothing, when HEAD names no commit.
      if (error.exitCode === 1) throw this.unusable(NO_COMMIT_YET);
      throw error;
    }
  }

  private unusable(message: string): InvalidInputError {
    return new InvalidInputError([{ path: this.cwd, line: 1, col: 1, message }]);
  }

  /** The checked-out branch, or undefined on a detached HEAD. */
  async currentBranch(): Promise<string | undefined> {
    const name = (await this.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    return name === 'HEAD' ? undefined : name;
  }

  /** Whether `commit` exists locally as a commit object. */
  async hasCommit(commit: string): Promise<boolean> {
    try {
      await this.run(['cat-file', '-e', `${commit}^{commit}`]);
      return true;
    } catch (error) {
      if (error instanceof GitError) return false;
      throw error;
    }
  }

  /**
   * The changes between two commits under `path` (`git diff --raw`: what `--name-status` says, plus the blob ids,
   * which read back cheaply where `commit:path` would search a large folder's tree each time). Renames are detected.
   */
  async diff(base: string, head: string, path: string): Promise<DiffEntry[]> {
    const out = await this.run(['diff', '--raw', '-z', '-M', '--no-abbrev', '--relative', base, head, '--', path]);
    return parseRawDiffZ(out);
  }

  /**
   * The contents of many blobs (ids, or `commit:path` names with the path relative to the working directory) through
   * one `git cat-file --batch` process: a `git show` per file costs a process each, which would dominate a delta of
   * hundreds of titles. A missing blob is undefined.
   */
  async readBlobs(objects: string[]): Promise<(string | undefined)[]> {
    if (!objects.length) return [];
    const args = ['cat-file', '--batch'];
    // git reads `commit:path` from the top of the tree; `commit:./path` from the working directory.
    const names = objects.map((name) => name.replace(/^([^:]+):(?!\.?\.?\/)/, '$1:./'));
    const output = await new Promise<Buffer>((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.cwd, env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new GitError(args, code, redactGitText(stderr)))));
      child.stdin.end(names.map((name) => `${name}\n`).join(''));
    });
    const contents: (string | undefined)[] = [];
    let at = 0;
    for (let i = 0; i < objects.length; i++) {
      const headerEnd = output.indexOf(0x0a, at);
      const header = output.subarray(at, headerEnd).toString();
      at = headerEnd + 1;
      if (/ (missing|ambiguous)$/.test(header)) {
        contents.push(undefined);
        continue;
      }
      const [, type, size] = header.split(' ');
      contents.push(type === 'blob' ? output.subarray(at, at + Number(size)).toString('utf8') : undefined);
      at += Number(size) + 1;
    }
    return contents;
  }

  /** Whether this is a shallow clone (as `actions/checkout` makes by default). */
  async isShallow(): Promise<boolean> {
    return (await this.run(['rev-parse', '--is-shallow-repository'])).trim() === 'true';
  }

  /** Fetches one commit (and only it) from `remote`, as a shallow clone needs to diff against it. */
  async fetchCommit(remote: string, commit: string): Promise<void> {
    await this.run(['fetch', '--quiet', '--no-tags', '--depth=1', remote, commit]);
  }

  /** Turns a shallow clone into a full one (for servers that do not serve a single commit by id). */
  async unshallow(remote: string): Promise<void> {
    await this.run(['fetch', '--quiet', '--no-tags', '--unshallow', remote]);
  }

  /** Whether a remote of that name is configured. */
  async hasRemote(remote: string): Promise<boolean> {
    return (await this.run(['remote'])).split('\n').includes(remote);
  }

  /** Fetches `branch` from `remote`; `FETCH_HEAD` then names its tip. */
  async fetch(remote: string, branch: string): Promise<void> {
    await this.run(['fetch', '--quiet', '--no-tags', remote, branch]);
  }

  /** Stages `paths`. */
  async add(paths: string[]): Promise<void> {
    await this.run(['add', '--', ...paths]);
  }

  /** Commits the staged `paths` (only them) as `identity`; returns the new commit id. */
  async commit(message: string, identity: GitIdentity, paths: string[]): Promise<string> {
    await this.run(['commit', '--quiet', '--no-verify', '-m', message, '--', ...paths], {
      env: {
        GIT_AUTHOR_NAME: identity.name,
        GIT_AUTHOR_EMAIL: identity.email,
        GIT_COMMITTER_NAME: identity.name,
        GIT_COMMITTER_EMAIL: identity.email,
      },
    });
    return this.headCommit();
  }

  /** Pushes HEAD to `remote`'s `branch`. A rejection (someone pushed first) throws {@link GitError}. */
  async push(remote: string, branch: string): Promise<void> {
    await this.run(['push', '--quiet', remote, `HEAD:refs/heads/${branch}`]);
  }

  /**
   * Rebases the current branch onto `upstream` (uncommitted changes are stashed around it); on a conflict the rebase
   * is aborted and false returned.
   */
  async rebase(upstream: string, identity: GitIdentity): Promise<boolean> {
    const env = { GIT_COMMITTER_NAME: identity.name, GIT_COMMITTER_EMAIL: identity.email };
    try {
      await this.run(['rebase', '--quiet', '--autostash', upstream], { env });
      return true;
    } catch (error) {
      if (!(error instanceof GitError)) throw error;
      await this.run(['rebase', '--abort']).catch(() => undefined);
      return false;
    }
  }

  /**
   * Moves the branch to `commit`, updating the files that differ; uncommitted changes elsewhere are kept
   * (`git reset --keep`).
   */
  async resetKeep(commit: string): Promise<void> {
    await this.run(['reset', '--quiet', '--keep', commit]);
  }
}

/**
 * Walks `git diff -z` output (`--name-status` or `--raw`): calls `onEntry` with each entry's header field (the status,
 * or the raw line `:<modes> <blobs> <status>`) and its paths (two for renames and copies).
 */
function walkDiffZ(out: string, onEntry: (header: string, status: string, paths: string[]) => void): void {
  const fields = out.split('\0');
  for (let i = 0; i < fields.length - 1; ) {
    const header = fields[i++];
    const status = header.startsWith(':') ? header.split(' ')[4] : header;
    const count = status[0] === 'R' || status[0] === 'C' ? 2 : 1;
    onEntry(header, status, fields.slice(i, i + count));
    i += count;
  }
}

function nameStatusEntry(status: string, paths: string[]): NameStatusEntry | undefined {
  const letter = status[0];
  if (letter === 'R' || letter === 'C') return { status: letter, from: paths[0], path: paths[1] };
  if (letter === 'A' || letter === 'M' || letter === 'D' || letter === 'T') return { status: letter, path: paths[0] };
  return undefined; // U (unmerged) and X cannot occur between two commits
}

/** Parses `git diff --name-status -z` output. */
export function parseNameStatusZ(out: string): NameStatusEntry[] {
  const entries: NameStatusEntry[] = [];
  walkDiffZ(out, (_header, status, paths) => {
    const entry = nameStatusEntry(status, paths);
    if (entry) entries.push(entry);
  });
  return entries;
}

/** Parses `git diff --raw -z --no-abbrev` output. */
export function parseRawDiffZ(out: string): DiffEntry[] {
  const entries: DiffEntry[] = [];
  walkDiffZ(out, (header, status, paths) => {
    const [, , oldBlob, newBlob] = header.split(' ');
    const entry = nameStatusEntry(status, paths);
    if (entry) entries.push({ ...entry, oldBlob, newBlob });
  });
  return entries;
}
