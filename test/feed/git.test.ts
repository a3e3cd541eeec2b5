import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { InvalidInputError } from '../../src/config/problem.ts';
import { Git, GitError, parseNameStatusZ, parseRawDiffZ, redactGitText } from '../../src/feed/git.ts';
import { cloneOf, commitAll, git, removeFiles, repoWithOrigin, tempDir, TEST_GIT_ENV, writeFiles } from './git-repos.ts';

describe('parseRawDiffZ', () => {
  it('reads added, modified, deleted and renamed entries with their blob ids', () => {
    const [a, b, c, z] = ['a'.repeat(40), 'b'.repeat(40), 'c'.repeat(40), '0'.repeat(40)];
    const out = [
      `:000000 100644 ${z} ${a} A`, 't/a.yaml',
      `:100644 100644 ${a} ${b} M`, 't/b.yaml',
      `:100644 000000 ${c} ${z} D`, 't/c yaml.yaml',
      `:100644 100644 ${b} ${c} R092`, 't/old.yaml', 't/new.json', '',
    ].join('\0');
    expect(parseRawDiffZ(out)).toEqual([
      { status: 'A', path: 't/a.yaml', oldBlob: z, newBlob: a },
      { status: 'M', path: 't/b.yaml', oldBlob: a, newBlob: b },
      { status: 'D', path: 't/c yaml.yaml', oldBlob: c, newBlob: z },
      { status: 'R', from: 't/old.yaml', path: 't/new.json', oldBlob: b, newBlob: c },
    ]);
    expect(parseRawDiffZ('')).toEqual([]);
  });

  it('reads --name-status output the same way', () => {
    const out = 'A\0t/a.yaml\0M\0t/b.yaml\0D\0t/c.yaml\0R092\0t/old.yaml\0t/new.json\0';
    expect(parseNameStatusZ(out)).toEqual([
      { status: 'A', path: 't/a.yaml' },
      { status: 'M', path: 't/b.yaml' },
      { status: 'D', path: 't/c.yaml' },
      { status: 'R', from: 't/old.yaml', path: 't/new.json' },
    ]);
  });
});

describe('redactGitText', () => {
  it('removes credentials from remote URLs and tokens', () => {
    const text = "fatal: unable to access 'https://x-access-token:ghs_secret123@github.com/o/r.git/': 403 Atza|abcdef";
    const out = redactGitText(text);
    expect(out).not.toContain('ghs_secret123');
    expect(out).not.toContain('abcdef');
    expect(out).toContain('github.com/o/r.git');
  });
});

describe('Git', () => {
  it('reads HEAD and the branch, diffs a folder with renames, and reads old content', async () => {
    const { root } = await repoWithOrigin({ 'catalog/t/titles/a.yaml': 'a: 1\n', 'catalog/t/titles/b.yaml': 'b: 1\n', 'other.txt': 'x\n' });
    const g = new Git(root, TEST_GIT_ENV);
    const base = await g.headCommit();
    await writeFiles(root, { 'catalog/t/titles/c.yaml': 'c: 1\n', 'other.txt': 'y\n' });
    await removeFiles(root, ['catalog/t/titles/a.yaml']);
    await git(root, 'mv', 'catalog/t/titles/b.yaml', 'catalog/t/titles/b2.yaml');
    const head = await commitAll(root, 'edit');
    expect(await g.headCommit()).toBe(head);
    const blob = async (spec: string) => (await git(root, 'rev-parse', spec)).trim();
    const zero = '0'.repeat(40);
    expect(await g.diff(base, head, 'catalog/t/titles/')).toEqual([
      { status: 'D', path: 'catalog/t/titles/a.yaml', oldBlob: await blob(`${base}:catalog/t/titles/a.yaml`), newBlob: zero },
      { status: 'R', from: 'catalog/t/titles/b.yaml', path: 'catalog/t/titles/b2.yaml', oldBlob: await blob(`${base}:catalog/t/titles/b.yaml`), newBlob: await blob(`${head}:catalog/t/titles/b2.yaml`) },
      { status: 'A', path: 'catalog/t/titles/c.yaml', oldBlob: zero, newBlob: await blob(`${head}:catalog/t/titles/c.yaml`) },
    ]);
    expect(await g.readBlobs([
      `${base}:catalog/t/titles/a.yaml`,
      await blob(`${head}:catalog/t/titles/c.yaml`),
      `${head}:catalog/t/titles/a.yaml`,
      `${head}:catalog/t/titles`,
      `${base}:catalog/t/titles/b.yaml`,
    ])).toEqual(['a: 1\n', 'c: 1\n', undefined, undefined, 'b: 1\n']);
    expect(await g.readBlobs([])).toEqual([]);
    expect(await g.hasCommit(base)).toBe(true);
    expect(await g.hasCommit('0'.repeat(40))).toBe(false);
    expect(await g.currentBranch()).toBe('main');
  });

  it('fetches a commit a shallow clone lacks', async () => {
    const { root, origin } = await repoWithOrigin({ 'catalog/t/titles/a.yaml': 'a: 1\n' });
    const old = (await git(root, 'rev-parse', 'HEAD')).trim();
    await writeFiles(root, { 'catalog/t/titles/a.yaml': 'a: 2\n' });
    await commitAll(root, 'edit');
    await git(root, 'push', '-q', 'origin', 'main');
    const shallow = new Git(await cloneOf(origin, 1), TEST_GIT_ENV);
    expect(await shallow.isShallow()).toBe(true);
    expect(await shallow.hasCommit(old)).toBe(false);
    await shallow.fetchCommit('origin', old);
    expect(await shallow.hasCommit(old)).toBe(true);
    expect(await shallow.readBlobs([`${old}:catalog/t/titles/a.yaml`])).toEqual(['a: 1\n']);
  });

  it('reports a failed command with its arguments and git\'s message', async () => {
    const { root } = await repoWithOrigin({ 'a.txt': 'a\n' });
    const error = await new Git(root, TEST_GIT_ENV).diff('HEAD', 'no-such-branch', '.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toMatch(/^git diff --raw -z -M --no-abbrev --relative HEAD no-such-branch -- \. failed \(exit 128\): fatal: .*no-such-branch/);
  });

  it('works from a folder inside the repository: paths in and out are relative to that folder', async () => {
    // A publisher's repository with the data under metadata/ (the action's `root` input).
    const { root: top } = await repoWithOrigin({ 'metadata/catalog/t/titles/a.yaml': 'a: 1\n', 'catalog/t/titles/a.yaml': 'outside: 1\n' });
    const root = join(top, 'metadata');
    const g = new Git(root, TEST_GIT_ENV);
    const base = await g.headCommit();
    await writeFiles(root, { 'catalog/t/titles/a.yaml': 'a: 2\n' });
    await writeFiles(top, { 'catalog/t/titles/a.yaml': 'outside: 2\n' });
    const head = await commitAll(top, 'edit');
    expect((await g.diff(base, head, 'catalog/t/titles/')).map((e) => [e.status, e.path])).toEqual([['M', 'catalog/t/titles/a.yaml']]);
    expect(await g.readBlobs([`${base}:catalog/t/titles/a.yaml`, `${head}:catalog/t/titles/a.yaml`, `${head}:catalog/t/titles/b.yaml`]))
      .toEqual(['a: 1\n', 'a: 2\n', undefined]);
  });

  it('says what to do when the folder is not in a git repository, or the repository has no commit yet', async () => {
    const plain = await tempDir();
    const error = await new Git(plain, TEST_GIT_ENV).headCommit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toBe(`${plain}:1:1: not inside a git repository: onix-feeds reads the catalog and its history with git; run it in a clone of the data repository (or point --root into one)`);
    await git(plain, 'init', '-q', '-b', 'main');
    const unborn = await new Git(plain, TEST_GIT_ENV).headCommit().catch((e: unknown) => e);
    expect(unborn).toBeInstanceOf(InvalidInputError);
    expect((unborn as Error).message).toBe(`${plain}:1:1: the git repository has no commit yet: commit config/ and catalog/ first (git add config catalog && git commit)`);
  });
});
