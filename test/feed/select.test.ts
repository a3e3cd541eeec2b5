import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../src/config/problem.ts';
import { selectTitles } from '../../src/feed/select.ts';
import { makeRecord } from './records.ts';
import { cloneOf, commitAll, git, removeFiles, repoWithOrigin, tempDir, TEST_GIT_ENV, writeFiles } from './git-repos.ts';
import { catalogFiles, isbn, titleYaml } from './titles.ts';

const T = 'acme-books';
const path = (n: number, ext = 'yaml') => `catalog/${T}/titles/${isbn(n)}.${ext}`;
const success = (catalogCommit: string, overrides = {}) =>
  makeRecord({ startedAt: '2026-11-28T06:00:00.000Z', catalogCommit, ...overrides }, T);

describe('selectTitles', () => {
  it('is a full feed for titles mode all and when there is no earlier success', async () => {
    const { root } = await repoWithOrigin(catalogFiles(T, 2));
    const head = (await git(root, 'rev-parse', 'HEAD')).trim();
    expect(await selectTitles({ root, tenant: T, mode: 'all', history: [success(head)], env: TEST_GIT_ENV })).toEqual({
      kind: 'full', deletions: [], reason: 'Titles mode all - full feed', catalogCommit: head,
    });
    const failed = makeRecord({ startedAt: '2026-11-28T06:00:00.000Z', status: 'failed', catalogCommit: head }, T);
    expect(await selectTitles({ root, tenant: T, mode: 'changed', history: [failed], env: TEST_GIT_ENV })).toMatchObject({
      kind: 'full', reason: 'No earlier successful feed - full feed',
    });
  });

  it('carries added and modified titles, deletions with their record reference, and resends titles with errors', async () => {
    const files = catalogFiles(T, 6);
    files[path(3)] = titleYaml(isbn(3), { recordReference: 'ACME-0003' });
    const { root } = await repoWithOrigin({ ...files, [`catalog/other-tenant/titles/${isbn(9)}.yaml`]: titleYaml(isbn(9)) });
    const base = (await git(root, 'rev-parse', 'HEAD')).trim();
    await writeFiles(root, {
      [path(1)]: titleYaml(isbn(1), { price: 21.5 }), // modified
      [path(7)]: titleYaml(isbn(7)), // added
      // whitespace and comment only: parses to the same record
      [path(2)]: (await readFile(join(root, path(2)), 'utf8')).replace('productForm: BC', '# edited\nproductForm:   BC  ') + '\n\n',
      [`catalog/other-tenant/titles/${isbn(9)}.yaml`]: titleYaml(isbn(9), { price: 1.5 }), // another tenant
    });
    await removeFiles(root, [path(3)]); // deleted
    await writeFiles(root, { [`catalog/${T}/titles/README.md`]: 'not a title\n' }); // ignored
    const head = await commitAll(root, 'edits');
    const lastFeed = success(base, {
      status: 'done_with_errors',
      documents: [{
        fileName: 'f.xml', bytes: 1, sha256: 'x', products: 6, contentType: 'text/xml',
        report: {
          messagesProcessed: 6, messagesAccepted: 4, messagesInvalid: 2, errors: 3, warnings: 1,
          issues: [
            { code: '8560', severity: 'ERROR', message: 'bad', isbn: isbn(5) },
            { code: '8560', severity: 'ERROR', message: 'bad', isbn: isbn(1) },
            { code: '8560', severity: 'ERROR', message: 'gone', isbn: isbn(3) },
            { code: '5000', severity: 'WARNING', message: 'identical', isbn: isbn(6) },
          ],
        },
      }],
    });
    const { previous, ...selection } = await selectTitles({ root, tenant: T, mode: 'changed', history: [lastFeed], env: TEST_GIT_ENV });
    expect([...previous!.keys()]).toEqual([isbn(1)]);
    expect(previous!.get(isbn(1))!.supply[0].prices[0].amount).toBe(18.99);
    expect(selection).toEqual({
      kind: 'delta',
      isbns: [isbn(1), isbn(5), isbn(7)].sort(),
      deletions: [{ isbn: isbn(3), recordReference: 'ACME-0003' }],
      reason: `2 changed, 1 deleted, 1 resent (Amazon reported errors in ${lastFeed.id}), 1 edited without a change to the record since ${base.slice(0, 12)}`,
      baseCommit: base,
      catalogCommit: head,
    });
  });

  it('treats a file moved to JSON with an edit as a change, not a deletion', async () => {
    const { root } = await repoWithOrigin(catalogFiles(T, 1));
    const base = (await git(root, 'rev-parse', 'HEAD')).trim();
    await removeFiles(root, [path(1)]);
    await writeFiles(root, { [path(1, 'json')]: JSON.stringify({ isbn: isbn(1), productForm: 'BB', title: { text: 'Moved' }, language: 'eng', publisher: { name: 'P' }, publishingStatus: 'active', supply: [{ market: 'us', countries: ['US'], availability: 'available', prices: [{ amount: 5, currency: 'USD' }] }] }) });
    await commitAll(root, 'to json');
    expect(await selectTitles({ root, tenant: T, mode: 'changed', history: [success(base)], env: TEST_GIT_ENV })).toMatchObject({
      kind: 'delta', isbns: [isbn(1)], deletions: [],
    });
  });

  it('is an empty delta when nothing changed since the last success', async () => {
    const { root } = await repoWithOrigin(catalogFiles(T, 2));
    const base = (await git(root, 'rev-parse', 'HEAD')).trim();
    await writeFiles(root, { 'README.md': 'unrelated\n' });
    await commitAll(root, 'docs');
    const skippedSince = makeRecord({ startedAt: '2026-11-28T07:00:00.000Z', status: 'skipped', catalogCommit: 'f'.repeat(40) }, T);
    expect(await selectTitles({ root, tenant: T, mode: 'changed', history: [success(base), skippedSince], env: TEST_GIT_ENV })).toMatchObject({
      kind: 'delta', isbns: [], deletions: [], baseCommit: base, reason: `0 changed, 0 deleted since ${base.slice(0, 12)}`,
    });
  });

  it('fetches the base commit into a shallow clone, and falls back to a full feed with a reason when it cannot', async () => {
    const { root, origin } = await repoWithOrigin(catalogFiles(T, 2));
    const base = (await git(root, 'rev-parse', 'HEAD')).trim();
    await writeFiles(root, { [path(2)]: titleYaml(isbn(2), { title: 'Renamed' }) });
    await commitAll(root, 'edit');
    await git(root, 'push', '-q', 'origin', 'main');
    const shallow = await cloneOf(origin, 1);
    expect(await selectTitles({ root: shallow, tenant: T, mode: 'changed', history: [success(base)], env: TEST_GIT_ENV })).toMatchObject({
      kind: 'delta', isbns: [isbn(2)], baseCommit: base,
    });
    const lost = 'b'.repeat(40);
    const shallowAgain = await cloneOf(origin, 1);
    const selection = await selectTitles({ root: shallowAgain, tenant: T, mode: 'changed', history: [success(lost)], env: TEST_GIT_ENV });
    expect(selection.kind).toBe('full');
    expect(selection.reason).toMatch(/^Full feed: the base commit bbbbbbbbbbbb of the last successful feed is not in this shallow clone and could not be fetched .*fetch-depth: 0/);
    const full = await selectTitles({ root, tenant: T, mode: 'changed', history: [success(lost)], env: TEST_GIT_ENV });
    expect(full.reason).toBe('Full feed: the base commit bbbbbbbbbbbb of the last successful feed is not in the repository (history rewritten?)');
  });

  it('finds the changes when the data is in a folder of the repository (the action\'s root input)', async () => {
    const inFolder = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, text]) => [`metadata/${p}`, text]));
    const { root: top } = await repoWithOrigin(inFolder(catalogFiles(T, 3)));
    const root = join(top, 'metadata');
    const base = (await git(top, 'rev-parse', 'HEAD')).trim();
    await writeFiles(root, { [path(1)]: titleYaml(isbn(1), { price: 24.99 }) });
    await removeFiles(root, [path(2)]);
    const head = await commitAll(top, 'price change, withdrawn title');
    const { previous, ...selection } = await selectTitles({ root, tenant: T, mode: 'changed', history: [success(base)], env: TEST_GIT_ENV });
    expect(selection).toEqual({
      kind: 'delta', isbns: [isbn(1)], deletions: [{ isbn: isbn(2), recordReference: isbn(2) }],
      reason: `1 changed, 1 deleted since ${base.slice(0, 12)}`, baseCommit: base, catalogCommit: head,
    });
    expect(previous!.get(isbn(1))!.supply[0].prices[0].amount).toBe(18.99);
  });

  it('refuses a root that is not in a git repository with what to do, instead of a git trace', async () => {
    const root = await tempDir();
    await writeFiles(root, catalogFiles(T, 1));
    const error = await selectTitles({ root, tenant: T, mode: 'all', history: [], env: TEST_GIT_ENV }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(new RegExp(`^${root}:1:1: not inside a git repository: .*run it in a clone of the data repository`));
  });
});
