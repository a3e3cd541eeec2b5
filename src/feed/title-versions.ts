/**
 * One title file as git knows it: its parsed version at given commits, and the commits that touched it. A title file
 * is `<isbn>.yaml` or `<isbn>.json` (it may move between the two), so both names are asked for.
 */
import { isDeepStrictEqual } from 'node:util';
import { parseTitleFile } from '../catalog/parse-title.ts';
import type { Title } from '../catalog/title.ts';
import type { Git } from './git.ts';
import { titlesDir } from './select.ts';
import { titleFieldChanges, type FieldChange } from './title-diff.ts';

/** The title file at one commit. */
export interface TitleVersion {
  /** Repository path of the file; absent when the commit has no file for the ISBN. */
  path?: string;
  text?: string;
  /** The parsed title; absent when there is no file or it does not parse (then the feed held it back). */
  title?: Title;
}

/** Whether two versions would make the same record: both absent, equal parsed titles, or equal unparsable texts. */
export function sameVersion(a: TitleVersion, b: TitleVersion): boolean {
  if (a.title && b.title) return isDeepStrictEqual(a.title, b.title);
  return a.text === b.text;
}

/** A commit that touched the title file. */
export interface TitleCommit {
  commit: string;
  /** Committer time, ISO 8601. */
  time: string;
  author: string;
  subject: string;
  /** The commit created the file (no version at its first parent). */
  added: boolean;
  /** The commit removed the file. */
  removed: boolean;
  /** Fields that differ from the first parent's version. */
  fields: FieldChange[];
  /** The file at this commit does not parse as a title. */
  invalid: boolean;
}

/** Commits listed per range at most; the first feed of a long-lived title would otherwise list its whole life. */
export const MAX_COMMITS_LISTED = 20;

/** The versions of one title file, read from git on demand and kept. */
export class TitleVersions {
  private readonly versions = new Map<string, TitleVersion>();
  /** What the file's log said about each commit that touched it. */
  private readonly logged = new Map<string, { commit: string; firstParent?: string; time: string; author: string; subject: string }>();
  /** Parsed titles by file text: most commits share a handful of versions, and parsing is the costly part. */
  private readonly parsed = new Map<string, Title | undefined>();
  readonly paths: string[];

  constructor(
    private readonly git: Git,
    tenant: string,
    readonly isbn: string,
  ) {
    this.paths = ['yaml', 'json'].map((ext) => `${titlesDir(tenant)}${isbn}.${ext}`);
  }

  /** Reads the versions at `commits` not read yet, in one git process. */
  async load(commits: string[]): Promise<void> {
    const wanted = [...new Set(commits)].filter((c) => !this.versions.has(c));
    if (!wanted.length) return;
    const names = wanted.flatMap((c) => this.paths.map((p) => `${c}:${p}`));
    const texts = await this.git.readBlobs(names);
    wanted.forEach((commit, i) => {
      const at = this.paths.findIndex((_p, j) => texts[i * this.paths.length + j] !== undefined);
      if (at < 0) return void this.versions.set(commit, {});
      const path = this.paths[at];
      const text = texts[i * this.paths.length + at]!;
      if (!this.parsed.has(path + text)) this.parsed.set(path + text, parseTitleFile(path, text).title);
      this.versions.set(commit, { path, text, title: this.parsed.get(path + text) });
    });
  }

  /** The version at `commit`; {@link load} it first. */
  at(commit: string): TitleVersion {
    const version = this.versions.get(commit);
    if (!version) throw new Error(`title version at ${commit} was not loaded`);
    return version;
  }

  /**
   * Splits the file's commits by feed: for each of `boundaries` (commits in feed order, oldest first), the commits that
   * touched the file and are reachable from it but from no earlier boundary, newest first. Two git processes in all:
   * the commit graph and the file's own log, whatever the number of feeds (a process per feed costs more than the walk).
   */
  async segments(boundaries: string[]): Promise<string[][]> {
    if (!boundaries.length) return [];
    const tips = [...new Set(boundaries)];
    const [graph, log] = await Promise.all([
      this.git.run(['rev-list', '--parents', ...tips]),
      this.git.run(['log', '--format=%H%x1f%P%x1f%cI%x1f%an%x1f%s%x1e', ...tips, '--', ...this.paths]),
    ]);
    const parents = new Map<string, string[]>();
    for (const line of graph.split('\n')) {
      if (!line) continue;
      const [commit, ...rest] = line.split(' ');
      parents.set(commit, rest);
    }
    const order = new Map<string, number>();
    for (const row of log.split('\x1e').map((r) => r.trim()).filter(Boolean)) {
      const [commit, parentList, time, author, subject] = row.split('\x1f');
      order.set(commit, order.size);
      this.logged.set(commit, { commit, firstParent: parentList.split(' ')[0] || undefined, time, author, subject });
    }
    const seen = new Set<string>();
    return boundaries.map((boundary) => {
      const found: string[] = [];
      const stack = [boundary];
      while (stack.length) {
        const commit = stack.pop()!;
        if (seen.has(commit)) continue;
        seen.add(commit);
        if (order.has(commit)) found.push(commit);
        stack.push(...(parents.get(commit) ?? []));
      }
      return found.sort((a, b) => order.get(a)! - order.get(b)!);
    });
  }

  /**
   * Each list of commits (from {@link segments}, newest first) with the fields each commit changed, at most
   * {@link MAX_COMMITS_LISTED} per list; `more` says whether older ones were left out. One git process for all.
   */
  async describe(lists: string[][]): Promise<{ commits: TitleCommit[]; more: boolean }[]> {
    const listed = lists.map((commits) => commits.slice(0, MAX_COMMITS_LISTED).map((c) => this.logged.get(c)!));
    await this.load(listed.flat().flatMap((c) => [c.commit, ...(c.firstParent ? [c.firstParent] : [])]));
    return listed.map((entries, i) => ({
      commits: entries.map(({ commit, firstParent, time, author, subject }) => {
        const before = firstParent ? this.at(firstParent) : {};
        const after = this.at(commit);
        return {
          commit, time, author, subject,
          added: before.text === undefined && after.text !== undefined,
          removed: after.text === undefined,
          fields: before.title && after.title ? titleFieldChanges(before.title, after.title) : [],
          invalid: after.text !== undefined && !after.title,
        };
      }),
      more: lists[i].length > MAX_COMMITS_LISTED,
    }));
  }
}
