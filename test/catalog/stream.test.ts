import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTitle, renderTitleFile } from '../../scripts/generate-catalog.ts';
import { countCleanTitles, streamCatalog } from '../../src/catalog/stream.ts';
import type { Problem } from '../../src/config/problem.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';

const DIR = 'catalog/acme/titles';
const repos: TempRepo[] = [];

afterEach(async () => {
  while (repos.length > 0) await repos.pop()!.cleanup();
});

async function repo(files: Record<string, string>, git = false): Promise<TempRepo> {
  const created = await createTempRepo({ files, git });
  repos.push(created);
  return created;
}

/** Generated titles 0..n-1 in ISBN order. */
function titlesInIsbnOrder(n: number) {
  return Array.from({ length: n }, (_, i) => generateTitle(i)).sort((a, b) => (a.isbn < b.isbn ? -1 : 1));
}

describe('streamCatalog', () => {
  it('yields titles in ISBN order whatever the order the files were written in, YAML and JSON mixed', async () => {
    const titles = titlesInIsbnOrder(12);
    const files: Record<string, string> = {};
    // Written in reverse, every third one as JSON: neither creation order nor extension may decide the order.
    for (const [i, title] of [...titles].reverse().entries()) {
      const format = i % 3 === 0 ? 'json' : 'yaml';
      files[`${DIR}/${title.isbn}.${format}`] = renderTitleFile(title, format);
    }
    const { root } = await repo(files);
    const problems: Problem[] = [];
    const seen: string[] = [];
    for await (const loaded of streamCatalog(root, 'acme', { onProblem: (p) => problems.push(p) })) seen.push(loaded.title.isbn);
    expect(problems).toEqual([]);
    expect(seen).toEqual(titles.map((t) => t.isbn));
  });

  it('reports bad files through the callback as it goes and leaves them out', async () => {
    const [good, bad, stray] = titlesInIsbnOrder(3);
    const { root } = await repo({
      [`${DIR}/${good.isbn}.yaml`]: renderTitleFile(good, 'yaml'),
      [`${DIR}/${bad.isbn}.yaml`]: renderTitleFile({ ...bad, publicationDate: '2025-02-30' }, 'yaml'),
      [`${DIR}/${stray.isbn}.yml`]: renderTitleFile(stray, 'yaml'),
    });
    const events: string[] = [];
    for await (const loaded of streamCatalog(root, 'acme', { onProblem: (p) => events.push(`problem ${p.path}:${p.line}: ${p.message}`) })) {
      events.push(`title ${loaded.title.isbn}`);
    }
    expect(events).toEqual([
      `problem ${DIR}/${stray.isbn}.yml:1: not a title file: rename it to ${stray.isbn}.yaml`,
      `title ${good.isbn}`,
      expect.stringMatching(new RegExp(`^problem ${DIR}/${bad.isbn}.yaml:\\d+: 2025-02-30 does not exist`)),
    ]);
  });

  it('refuses both files of an ISBN that has a YAML and a JSON file, and keeps its neighbours', async () => {
    const [before, twin, after] = titlesInIsbnOrder(3);
    const { root } = await repo({
      [`${DIR}/${before.isbn}.json`]: renderTitleFile(before, 'json'),
      [`${DIR}/${twin.isbn}.yaml`]: renderTitleFile(twin, 'yaml'),
      [`${DIR}/${twin.isbn}.json`]: renderTitleFile(twin, 'json'),
      [`${DIR}/${after.isbn}.yaml`]: renderTitleFile(after, 'yaml'),
    });
    const problems: Problem[] = [];
    const seen: string[] = [];
    for await (const loaded of streamCatalog(root, 'acme', { onProblem: (p) => problems.push(p) })) seen.push(loaded.title.isbn);
    expect(seen).toEqual([before.isbn, after.isbn]);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `${DIR}/${twin.isbn}.json: isbn ${twin.isbn} is also used by ${DIR}/${twin.isbn}.yaml: each title needs its own ISBN; remove the duplicate file`,
      `${DIR}/${twin.isbn}.yaml: isbn ${twin.isbn} is also used by ${DIR}/${twin.isbn}.json: each title needs its own ISBN; remove the duplicate file`,
    ]);
  });

  it('reports a repeated record reference on the later file when it is reached, and on the first when the stream ends', async () => {
    const [first, later] = titlesInIsbnOrder(2);
    const { root } = await repo({
      [`${DIR}/${first.isbn}.yaml`]: renderTitleFile({ ...first, recordReference: 'REF-1' }, 'yaml'),
      [`${DIR}/${later.isbn}.yaml`]: renderTitleFile({ ...later, recordReference: 'REF-1' }, 'yaml'),
    });
    const events: string[] = [];
    for await (const loaded of streamCatalog(root, 'acme', { onProblem: (p) => events.push(`problem ${path.basename(p.path)}`) })) {
      events.push(`title ${loaded.title.isbn}`);
    }
    expect(events).toEqual([`title ${first.isbn}`, `problem ${later.isbn}.yaml`, `problem ${first.isbn}.yaml`]);
  });

  it('names the clean file of an ISBN as the owner of its record reference when its other file is broken', async () => {
    const [first, later] = titlesInIsbnOrder(2);
    const { root } = await repo({
      [`${DIR}/${first.isbn}.json`]: '{',
      [`${DIR}/${first.isbn}.yaml`]: renderTitleFile({ ...first, recordReference: 'REF-1' }, 'yaml'),
      [`${DIR}/${later.isbn}.yaml`]: renderTitleFile({ ...later, recordReference: 'REF-1' }, 'yaml'),
    });
    const problems: Problem[] = [];
    const seen: string[] = [];
    for await (const loaded of streamCatalog(root, 'acme', { onProblem: (p) => problems.push(p) })) seen.push(loaded.source.path);
    expect(seen).toEqual([`${DIR}/${first.isbn}.yaml`]);
    expect(problems.map((p) => p.path)).toEqual([`${DIR}/${first.isbn}.json`, `${DIR}/${later.isbn}.yaml`, `${DIR}/${first.isbn}.yaml`]);
    expect(problems[1].message).toContain(`is also used by ${DIR}/${first.isbn}.yaml, which comes first`);
  });

  it('names the clean file of an ISBN when a later title uses that ISBN as its record reference', async () => {
    const [first, later] = titlesInIsbnOrder(2);
    const { root } = await repo({
      [`${DIR}/${first.isbn}.json`]: '{',
      [`${DIR}/${first.isbn}.yaml`]: renderTitleFile(first, 'yaml'),
      [`${DIR}/${later.isbn}.yaml`]: renderTitleFile({ ...later, recordReference: first.isbn }, 'yaml'),
    });
    const problems: Problem[] = [];
    const seen: string[] = [];
    for await (const loaded of streamCatalog(root, 'acme', { onProblem: (p) => problems.push(p) })) seen.push(loaded.source.path);
    expect(seen).toEqual([`${DIR}/${first.isbn}.yaml`]);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(new RegExp(`^${DIR}/${first.isbn}.json: `)),
      `${DIR}/${later.isbn}.yaml: record reference ${first.isbn} is also used by ${DIR}/${first.isbn}.yaml, which comes first in ISBN order and keeps it: each title needs its own recordReference`,
      `${DIR}/${first.isbn}.yaml: record reference ${first.isbn} is also used by ${DIR}/${later.isbn}.yaml: each title needs its own recordReference (this title keeps it; the others are left out)`,
    ]);
  });

  it('reads no file ahead of the consumer on the calling thread', async () => {
    // Memory-independent: after each title is handed over, the next file is rewritten on disk. Had the stream parsed
    // it already (read-ahead), the old text would come out.
    const titles = titlesInIsbnOrder(40);
    const { root } = await repo(Object.fromEntries(titles.map((t) => [`${DIR}/${t.isbn}.yaml`, renderTitleFile(t, 'yaml')])));
    const texts: string[] = [];
    let index = 0;
    for await (const loaded of streamCatalog(root, 'acme', { parseThreads: 0, onProblem: (p) => expect.fail(`unexpected problem ${p.message}`) })) {
      texts.push(loaded.title.title.text);
      const next = titles[++index];
      if (next) await writeFile(path.join(root, `${DIR}/${next.isbn}.yaml`), renderTitleFile({ ...next, title: { text: `rewritten ${index}` } }, 'yaml'));
    }
    expect(texts).toEqual([titles[0].title.text, ...titles.slice(1).map((_, i) => `rewritten ${i + 1}`)]);
  });

  it('writes the parse cache only when the stream is read to its end', async () => {
    const titles = titlesInIsbnOrder(3);
    const { root } = await repo(Object.fromEntries(titles.map((t) => [`${DIR}/${t.isbn}.yaml`, renderTitleFile(t, 'yaml')])), true);
    const cacheDir = path.join(root, '.cache');
    const options = { cacheDir, onProblem: (p: Problem) => expect.fail(p.message) };
    // Stopped early: a cache pruned to the titles read so far would throw the rest away.
    for await (const _ of streamCatalog(root, 'acme', options)) break;
    expect(existsSync(path.join(cacheDir, 'titles-acme.jsonl'))).toBe(false);
    expect(await countCleanTitles(root, 'acme', options)).toBe(3);
    expect(existsSync(path.join(cacheDir, 'titles-acme.jsonl'))).toBe(true);
  });
});

describe('countCleanTitles', () => {
  it('counts the clean titles and passes every problem on', async () => {
    const [a, b, c] = titlesInIsbnOrder(3);
    const { root } = await repo({
      [`${DIR}/${a.isbn}.yaml`]: renderTitleFile(a, 'yaml'),
      [`${DIR}/${b.isbn}.json`]: renderTitleFile(b, 'json'),
      [`${DIR}/${c.isbn}.yaml`]: 'isbn: [',
    });
    const problems: Problem[] = [];
    expect(await countCleanTitles(root, 'acme', { onProblem: (p) => problems.push(p) })).toBe(2);
    expect(problems.map((p) => p.path)).toEqual([`${DIR}/${c.isbn}.yaml`]);
  });
});
