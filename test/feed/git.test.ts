import { describe, expect, it } from 'vitest';
import { Git, GitError, parseNameStatusZ, redactGitText } from '../../src/feed/git.ts';
import { cloneOf, commitAll, git, removeFiles, repoWithOrigin, TEST_GIT_ENV, writeFiles } from './git-repos.ts';

describe('parseNameStatusZ', () => {
  it('reads added, modified, deleted and renamed entries', () => {
    const out = 'A\0t/a.yaml\0M\0t/b.yaml\0D\0t/c.yaml\0R092\0t/old.yaml\0t/new.json\0';
    expect(parseNameStatusZ(out)).toEqual([
      { status: 'A', path: 't/a.yaml' },
      { status: 'M', path: 't/b.yaml' },
      { status: 'D', path: 't/c.yaml' },
      { status: 'R', from: 't/old.yaml', path: 't/new.json' },
    ]);
    expect(parseNameStatusZ('')).toEqual([]);
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
  it('reads HEAD, diffs a folder with renames, shows old content and the time of a path\'s last change', async () => {
    const { root } = await repoWithOrigin({ 'catalog/t/titles/a.yaml': 'a: 1\n', 'catalog/t/titles/b.yaml': 'b: 1\n', 'other.txt': 'x\n' });
    const g = new Git(root, TEST_GIT_ENV);
    const base = await g.headCommit();
    await writeFiles(root, { 'catalog/t/titles/c.yaml': 'c: 1\n', 'other.txt': 'y\n' });
    await removeFiles(root, ['catalog/t/titles/a.yaml']);
    await git(root, 'mv', 'catalog/t/titles/b.yaml', 'catalog/t/titles/b2.yaml');
    const head = await commitAll(root, 'edit');
    expect(await g.headCommit()).toBe(head);
    expect(await g.diffNameStatus(base, head, 'catalog/t/titles/')).toEqual([
      { status: 'D', path: 'catalog/t/titles/a.yaml' },
      { status: 'R', from: 'catalog/t/titles/b.yaml', path: 'catalog/t/titles/b2.yaml' },
      { status: 'A', path: 'catalog/t/titles/c.yaml' },
    ]);
    expect(await g.showFile(base, 'catalog/t/titles/a.yaml')).toBe('a: 1\n');
    expect(await g.showFiles([
      { commit: base, path: 'catalog/t/titles/a.yaml' },
      { commit: head, path: 'catalog/t/titles/a.yaml' },
      { commit: head, path: 'catalog/t/titles' },
      { commit: head, path: 'catalog/t/titles/c.yaml' },
    ])).toEqual(['a: 1\n', undefined, undefined, 'c: 1\n']);
    expect(await g.showFiles([])).toEqual([]);
    expect(await g.hasCommit(base)).toBe(true);
    expect(await g.hasCommit('0'.repeat(40))).toBe(false);
    const committed = (await git(root, 'log', '-1', '--format=%cI')).trim();
    expect((await g.lastChangeTime('other.txt'))?.getTime()).toBe(new Date(committed).getTime());
    expect(await g.lastChangeTime('missing.txt')).toBeUndefined();
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
    expect(await shallow.showFile(old, 'catalog/t/titles/a.yaml')).toBe('a: 1\n');
  });

  it('reports a failed command with its arguments and git\'s message', async () => {
    const { root } = await repoWithOrigin({ 'a.txt': 'a\n' });
    const error = await new Git(root, TEST_GIT_ENV).showFile('HEAD', 'nope.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).message).toMatch(/^git show HEAD:nope.txt failed \(exit 128\): fatal: path 'nope.txt' does not exist/);
  });
});
