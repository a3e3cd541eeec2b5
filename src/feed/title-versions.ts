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
      this.versions.set(commit, { path, text, title: parseTitleFile(path, text).title });
    });
  }

  /** The version at `commit`; {@link load} it first. */
  at(commit: string): TitleVersion {
    const version = this.versions.get(commit);
    if (!version) throw new Error(`title version at ${commit} was not loaded`);
    return version;
  }

  /**
   * The commits that touched the file in `since..until` (all of `until`'s history without `since`), newest first, at
   * most {@link MAX_COMMITS_LISTED}; `more` says whether older ones were left out.
   */
  async commits(since: string | undefined, until: string): Promise<{ commits: TitleCommit[]; more: boolean }> {
    const range = since ? [`${since}..${until}`] : [until];
    const out = await this.git.run(['log', `--max-count=${MAX_COMMITS_LISTED + 1}`, '--format=%H%x1f%P%x1f%cI%x1f%an%x1f%s%x1e', ...range, '--', ...this.paths]);
    const rows = out.split('\x1e').map((r) => r.trim()).filter(Boolean).map((r) => r.split('\x1f'));
    const listed = rows.slice(0, MAX_COMMITS_LISTED);
    const parents = listed.map(([, p]) => p.split(' ')[0]).filter(Boolean);
    await this.load([...listed.map(([c]) => c), ...parents]);
    const commits = listed.map(([commit, parentList, time, author, subject]) => {
      const parent = parentList.split(' ')[0];
      const before = parent ? this.at(parent) : {};
      const after = this.at(commit);
      return {
        commit, time, author, subject,
        added: before.text === undefined && after.text !== undefined,
        removed: after.text === undefined,
        fields: before.title && after.title ? titleFieldChanges(before.title, after.title) : [],
        invalid: after.text !== undefined && !after.title,
      };
    });
    return { commits, more: rows.length > MAX_COMMITS_LISTED };
  }
}
