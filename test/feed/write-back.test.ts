import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeBack, commitMessage, WriteBackError } from '../../src/feed/write-back.ts';
import { readHistory } from '../../src/feed/history.ts';
import { makeRecord } from './records.ts';
import { cloneOf, commitAll, git, repoWithOrigin, TEST_GIT_ENV, writeFiles } from './git-repos.ts';

const noSleep = async () => undefined;

describe('commitMessage', () => {
  it('says tenant, status and products for one record, and lists several', () => {
    const one = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z', counts: { sent: 3, deleted: 1, heldBack: 0 } });
    expect(commitMessage([one])).toBe('feeds(acme-books): done 4 products [skip ci]');
    const two = makeRecord({ startedAt: '2026-11-28T07:00:00.000Z', status: 'skipped', counts: { sent: 0, deleted: 0, heldBack: 0 } }, 'beta-press');
    expect(commitMessage([one, two])).toBe(
      'feeds(acme-books, beta-press): 2 records [skip ci]\n\n- acme-books: done 4 products (20261128T060000Z-acme-books)\n- beta-press: skipped 0 products (20261128T070000Z-beta-press)',
    );
  });

  it('says product in the singular for one product', () => {
    expect(commitMessage([makeRecord({ startedAt: '2026-11-28T06:00:00.000Z', counts: { sent: 1, deleted: 0, heldBack: 0 } })])).toBe(
      'feeds(acme-books): done 1 product [skip ci]',
    );
  });
});

describe('writeBack', () => {
  it('writes files only with commit: false', async () => {
    const { root } = await repoWithOrigin({ 'catalog/acme-books/titles/.keep': '' });
    const head = (await git(root, 'rev-parse', 'HEAD')).trim();
    const record = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z' });
    const result = await writeBack({ root, records: [record], commit: false, sleep: noSleep, env: TEST_GIT_ENV });
    expect(result.pushed).toBe(false);
    expect(result.commit).toBeUndefined();
    expect((await git(root, 'rev-parse', 'HEAD')).trim()).toBe(head);
    expect(await readHistory(root, 'acme-books')).toEqual([record]);
  });

  it('commits and pushes, and a run that lost the race re-applies its append on top of the winner', async () => {
    const { root, origin } = await repoWithOrigin({ 'catalog/acme-books/titles/.keep': '' });
    const other = await cloneOf(origin);
    const first = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z' });
    const second = makeRecord({ startedAt: '2026-11-28T06:00:01.000Z', trigger: 'manual' });
    await writeBack({ root, records: [first], commit: true, sleep: noSleep, env: TEST_GIT_ENV });
    // `other` is behind and appends to the same file: its push is rejected, its rebase conflicts.
    const logs: string[] = [];
    const result = await writeBack({ root: other, records: [second], commit: true, sleep: noSleep, env: TEST_GIT_ENV, log: (l) => logs.push(l) });
    expect(result).toMatchObject({ pushed: true, pushAttempts: 2 });
    expect(logs.join('\n')).toMatch(/push rejected \(attempt 1\)/);
    const check = await cloneOf(origin);
    expect(await readHistory(check, 'acme-books')).toEqual([first, second]);
    expect((await git(check, 'log', '-1', '--format=%s%n%an')).trim()).toBe('feeds(acme-books): done 2 products [skip ci]\nonix-feeds');
    expect(await readFile(join(check, 'catalog/acme-books/feeds/README.md'), 'utf8')).toContain('| manual |');
  });

  it('makes no commit when the records are already in the history (a re-run of the committing job)', async () => {
    const { root } = await repoWithOrigin({ 'catalog/acme-books/titles/.keep': '' });
    const record = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z' });
    await writeBack({ root, records: [record], commit: true, sleep: noSleep, env: TEST_GIT_ENV });
    const head = (await git(root, 'rev-parse', 'HEAD')).trim();
    const again = await writeBack({ root, records: [record], commit: true, sleep: noSleep, env: TEST_GIT_ENV });
    expect(again).toEqual({ paths: [], pushed: false, pushAttempts: 0 });
    expect((await git(root, 'rev-parse', 'HEAD')).trim()).toBe(head);
  });

  it('keeps a user\'s uncommitted edits and other local commits while rebasing', async () => {
    const { root, origin } = await repoWithOrigin({ 'catalog/acme-books/titles/.keep': '', 'notes.txt': 'a\n' });
    const other = await cloneOf(origin);
    await writeBack({ root: other, records: [makeRecord({ startedAt: '2026-11-28T05:00:00.000Z' })], commit: true, sleep: noSleep, env: TEST_GIT_ENV });
    await writeFiles(root, { 'local.txt': 'mine\n' });
    await commitAll(root, 'local work');
    await writeFiles(root, { 'notes.txt': 'edited, not committed\n' });
    await writeBack({ root, records: [makeRecord({ startedAt: '2026-11-28T06:00:00.000Z' })], commit: true, sleep: noSleep, env: TEST_GIT_ENV });
    expect(await readFile(join(root, 'notes.txt'), 'utf8')).toBe('edited, not committed\n');
    const check = await cloneOf(origin);
    expect(await readFile(join(check, 'local.txt'), 'utf8')).toBe('mine\n');
    expect(await readHistory(check, 'acme-books')).toHaveLength(2);
  });

  it('eight concurrent writers pushing to one bare remote lose no record', async () => {
    const { origin } = await repoWithOrigin({ 'catalog/acme-books/titles/.keep': '', 'catalog/beta-press/titles/.keep': '' });
    const clones = await Promise.all(Array.from({ length: 8 }, () => cloneOf(origin)));
    const records = clones.map((_, i) =>
      makeRecord({ startedAt: `2026-11-28T06:00:0${i}.000Z` }, i % 2 ? 'acme-books' : 'beta-press'),
    );
    // A real (tiny) sleep so the racing runs interleave the way runners on different machines do.
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms / 50));
    const results = await Promise.all(
      clones.map((root, i) => writeBack({ root, records: [records[i]], commit: true, sleep, env: TEST_GIT_ENV })),
    );
    expect(results.every((r) => r.pushed)).toBe(true);
    const check = await cloneOf(origin);
    const ids = [...(await readHistory(check, 'acme-books')), ...(await readHistory(check, 'beta-press'))].map((r) => r.id);
    expect(ids.sort()).toEqual(records.map((r) => r.id).sort());
    expect(Number((await git(check, 'rev-list', '--count', 'HEAD')).trim())).toBe(9);
  });

  it('does not retry a push the remote refuses (a hook, permissions): it says so at once', async () => {
    const { root, origin } = await repoWithOrigin({ 'catalog/acme-books/titles/.keep': '' });
    // A hook that refuses every push: nothing can succeed.
    await writeFiles(origin, { 'hooks/pre-receive': '#!/bin/sh\necho "protected branch" >&2\nexit 1\n' });
    await git(origin, 'config', 'core.hooksPath', 'hooks');
    const { chmod } = await import('node:fs/promises');
    await chmod(join(origin, 'hooks/pre-receive'), 0o755);
    let sleeps = 0;
    const sleep = async () => void sleeps++;
    const error = await writeBack({ root, records: [makeRecord({ startedAt: '2026-11-28T06:00:00.000Z' })], commit: true, sleep, env: TEST_GIT_ENV, maxPushAttempts: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteBackError);
    expect((error as Error).message).toMatch(/the remote refused the feed history push.*push it by hand.*protected branch/s);
    expect(sleeps).toBe(0);
  });
});
