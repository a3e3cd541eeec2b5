/**
 * A small adapter over the `git` executable (run without a shell): the few operations the feed pipeline needs to
 * read the catalog's history and to commit feed history back.
 */
import { execFile, spawn } from 'node:child_process';
import { redact } from '../amazon/redact.ts';

/** Who a history commit is made by. */
export interface GitIdentity {
  name: string;
  email: string;
}

/** One entry of `git diff --name-status`: paths relative to the repository root. */
export type DiffEntry =
  | { status: 'A' | 'M' | 'D' | 'T'; path: string }
  | { status: 'R' | 'C'; from: string; path: string };

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

  /** Absolute path of the working tree's top folder. */
  async topLevel(): Promise<string> {
    return (await this.run(['rev-parse', '--show-toplevel'])).trim();
  }

  /** The full id of HEAD. */
  async headCommit(): Promise<string> {
    return (await this.run(['rev-parse', 'HEAD'])).trim();
  }

  /** The checked-out branch, or undefined on a detached HEAD. */
  async currentBranch(): Promise<string | undefined> {
    const name = (await this.run(['rev-parse', '--abbrev-ref', 'HEAD'])).trim();
    return name === 'HEAD' ? undefined : name;
  }

  /** Commit time of the last commit that changed `path` (what makes a schedule edit take effect), if any. */
  async lastChangeTime(path: string): Promise<Date | undefined> {
    const out = (await this.run(['log', '-1', '--format=%cI', '--', path])).trim();
    return out ? new Date(out) : undefined;
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

  /** `git diff --name-status` between two commits, limited to `path`; renames are detected. */
  async diffNameStatus(base: string, head: string, path: string): Promise<DiffEntry[]> {
    const out = await this.run(['diff', '--name-status', '-z', '-M', base, head, '--', path]);
    return parseNameStatusZ(out);
  }

  /** The content of `path` at `commit`. */
  showFile(commit: string, path: string): Promise<string> {
    return this.run(['show', `${commit}:${path}`]);
  }

  /**
   * The contents of many `commit:path` files through one `git cat-file --batch` process (a `git show` per file costs a
   * process each, which dominates a delta of hundreds of titles). A file missing at its commit is undefined.
   */
  async showFiles(files: { commit: string; path: string }[]): Promise<(string | undefined)[]> {
    if (!files.length) return [];
    const args = ['cat-file', '--batch'];
    const output = await new Promise<Buffer>((resolve, reject) => {
      const child = spawn('git', args, { cwd: this.cwd, env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new GitError(args, code, redactGitText(stderr)))));
      child.stdin.end(files.map((f) => `${f.commit}:${f.path}\n`).join(''));
    });
    const contents: (string | undefined)[] = [];
    let at = 0;
    for (let i = 0; i < files.length; i++) {
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

  /** Deepens a shallow clone by `commits` more commits of history. */
  async fetchDeepen(remote: string, commits: number): Promise<void> {
    await this.run(['fetch', '--quiet', '--no-tags', `--deepen=${commits}`, remote]);
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

  /** Whether the staged index differs from HEAD for `paths`. */
  async hasStagedChanges(paths: string[]): Promise<boolean> {
    try {
      await this.run(['diff', '--cached', '--quiet', '--', ...paths]);
      return false;
    } catch (error) {
      if (error instanceof GitError && error.exitCode === 1) return true;
      throw error;
    }
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

/** Parses `git diff --name-status -z` output. */
export function parseNameStatusZ(out: string): DiffEntry[] {
  const fields = out.split('\0');
  const entries: DiffEntry[] = [];
  for (let i = 0; i < fields.length - 1; ) {
    const status = fields[i++];
    const letter = status[0];
    if (letter === 'R' || letter === 'C') {
      entries.push({ status: letter, from: fields[i], path: fields[i + 1] });
      i += 2;
    } else if (letter === 'A' || letter === 'M' || letter === 'D' || letter === 'T') {
      entries.push({ status: letter, path: fields[i++] });
    } else {
      // U (unmerged) and X cannot occur between two commits; skip the path rather than misread the stream.
      i++;
    }
  }
  return entries;
}
