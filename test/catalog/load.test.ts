import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.ts';
import { generateTitle, renderTitleFile } from '../../scripts/generate-catalog.ts';
import type { Title } from '../../src/catalog/title.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';
import { snapshotTree } from '../helpers/tree-snapshot.ts';

const DIR = 'catalog/acme/titles';
const repos: TempRepo[] = [];

afterEach(async () => {
  while (repos.length > 0) await repos.pop()!.cleanup();
});

/** Title files of generated titles 0..n-1 (valid), keyed by repository path. */
function titleFiles(n: number, format: 'yaml' | 'json' = 'yaml'): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const title = generateTitle(i);
    files[`${DIR}/${title.isbn}.${format}`] = renderTitleFile(title, format);
  }
  return files;
}

async function repo(files: Record<string, string | Buffer>, git = true): Promise<TempRepo> {
  const created = await createTempRepo({ files, git });
  repos.push(created);
  return created;
}

describe('loadCatalog', () => {
  it('returns every valid title sorted by ISBN, with its source', async () => {
    const json = generateTitle(3);
    const { root } = await repo({ ...titleFiles(3), [`${DIR}/${json.isbn}.json`]: renderTitleFile(json, 'json') });
    const { titles, problems } = await loadCatalog(root, 'acme');
    expect(problems).toEqual([]);
    expect(titles.map((t) => t.title.isbn)).toEqual([0, 1, 2, 3].map((i) => generateTitle(i).isbn));
    expect(titles[3].source).toEqual({ path: `${DIR}/${json.isbn}.json`, format: 'json' });
    expect(titles[0].title).toEqual(generateTitle(0));
  });

  it('has no titles and no problems for a tenant without a titles folder', async () => {
    const { root } = await repo({ 'catalog/other/titles/.gitkeep': '' });
    expect(await loadCatalog(root, 'acme')).toEqual({ titles: [], problems: [] });
  });

  it('leaves bad files out, reports each, and keeps the good ones', async () => {
    const good = titleFiles(2);
    const bad = generateTitle(5);
    const { root } = await repo({
      ...good,
      [`${DIR}/${bad.isbn}.yaml`]: renderTitleFile({ ...bad, language: 'en' }, 'yaml'),
      [`${DIR}/9781000000999.yml`]: 'isbn: x\n',
      [`${DIR}/notes.txt`]: 'todo',
      [`${DIR}/README.md`]: '# titles',
      [`${DIR}/${generateTitle(6).isbn}.yaml`]: '',
    });
    const { titles, problems } = await loadCatalog(root, 'acme');
    expect(titles.map((t) => t.title.isbn)).toEqual([generateTitle(0).isbn, generateTitle(1).isbn]);
    expect(problems).toEqual([
      { path: `${DIR}/${bad.isbn}.yaml`, line: expect.any(Number), col: 11, message: "'en' is not an ISO 639-2/B language code: use 'eng'" },
      { path: `${DIR}/${generateTitle(6).isbn}.yaml`, line: 1, col: 1, message: expect.stringMatching(/^file is empty/) },
      { path: `${DIR}/9781000000999.yml`, line: 1, col: 1, message: 'not a title file: rename it to 9781000000999.yaml' },
      { path: `${DIR}/notes.txt`, line: 1, col: 1, message: 'not a title file: title files are named <isbn13>.yaml or <isbn13>.json' },
    ]);
    const text = await readFile(path.join(root, `${DIR}/${bad.isbn}.yaml`), 'utf8');
    expect(text.split('\n')[problems[0].line - 1]).toBe('language: en');
  });

  it('reports the same ISBN in two files on both and leaves both out', async () => {
    const title = generateTitle(0);
    const { root } = await repo({ ...titleFiles(2), [`${DIR}/${title.isbn}.json`]: renderTitleFile(title, 'json') });
    const { titles, problems } = await loadCatalog(root, 'acme');
    expect(titles.map((t) => t.title.isbn)).toEqual([generateTitle(1).isbn]);
    const yamlPath = `${DIR}/${title.isbn}.yaml`;
    const jsonPath = `${DIR}/${title.isbn}.json`;
    expect(problems).toEqual([
      { path: jsonPath, line: 3, col: 11, message: `isbn ${title.isbn} is also used by ${yamlPath}: each title needs its own ISBN; remove the duplicate file` },
      { path: yamlPath, line: 2, col: 7, message: `isbn ${title.isbn} is also used by ${jsonPath}: each title needs its own ISBN; remove the duplicate file` },
    ]);
  });

  it('keeps a record reference for the first title in ISBN order, refuses later ones, and names every file', async () => {
    const [a, b, c, d] = [0, 1, 2, 3].map(generateTitle).sort((x, y) => (x.isbn < y.isbn ? -1 : 1));
    const { root } = await repo({
      [`${DIR}/${a.isbn}.yaml`]: renderTitleFile({ ...a, recordReference: 'HLP-0001' }, 'yaml'),
      [`${DIR}/${b.isbn}.yaml`]: renderTitleFile({ ...b, recordReference: 'HLP-0001' }, 'yaml'),
      [`${DIR}/${c.isbn}.yaml`]: renderTitleFile(c, 'yaml'),
      // Another title's ISBN as an explicit reference clashes with that title's default reference.
      [`${DIR}/${d.isbn}.json`]: renderTitleFile({ ...d, recordReference: c.isbn }, 'json'),
    });
    const { titles, problems } = await loadCatalog(root, 'acme');
    expect(titles.map((t) => t.title.isbn)).toEqual([a.isbn, c.isbn]);
    const keeps = '(this title keeps it; the others are left out)';
    expect(problems).toEqual([
      { path: `${DIR}/${a.isbn}.yaml`, line: 3, col: 18, message: `record reference HLP-0001 is also used by ${DIR}/${b.isbn}.yaml: each title needs its own recordReference ${keeps}` },
      { path: `${DIR}/${b.isbn}.yaml`, line: 3, col: 18, message: `record reference HLP-0001 is also used by ${DIR}/${a.isbn}.yaml, which comes first in ISBN order and keeps it: each title needs its own recordReference` },
      { path: `${DIR}/${c.isbn}.yaml`, line: 2, col: 7, message: `record reference ${c.isbn} is also used by ${DIR}/${d.isbn}.json: each title needs its own recordReference ${keeps}` },
      { path: `${DIR}/${d.isbn}.json`, line: 4, col: 22, message: expect.stringMatching(new RegExp(`^record reference ${c.isbn} is also used by ${DIR}/${c.isbn}.yaml, which comes first`)) },
    ]);
  });

  it('reports a file that is not UTF-8', async () => {
    const title = generateTitle(0);
    const latin1 = Buffer.from(renderTitleFile({ ...title, title: { text: 'Café' } }, 'yaml'), 'latin1');
    const { root } = await repo({ [`${DIR}/${title.isbn}.yaml`]: latin1 });
    expect((await loadCatalog(root, 'acme')).problems).toEqual([
      { path: `${DIR}/${title.isbn}.yaml`, line: 1, col: 1, message: 'file is not UTF-8 text: save it with UTF-8 encoding' },
    ]);
  });

  it('loads only the requested ISBNs', async () => {
    const { root } = await repo({ ...titleFiles(6), [`${DIR}/${generateTitle(9).isbn}.yaml`]: 'broken: [', [`${DIR}/notes.txt`]: 'todo' });
    const wanted = new Set([generateTitle(4).isbn, generateTitle(1).isbn, '9780000000000']);
    const { titles, problems } = await loadCatalog(root, 'acme', { isbns: wanted });
    expect(problems).toEqual([]);
    expect(titles.map((t) => t.title.isbn)).toEqual([generateTitle(1).isbn, generateTitle(4).isbn]);
  });

  it('writes nothing anywhere without a cache folder', async () => {
    const bad = generateTitle(2);
    const { root } = await repo({ ...titleFiles(2), [`${DIR}/${bad.isbn}.yaml`]: renderTitleFile({ ...bad, pages: 0 }, 'yaml') });
    const before = await snapshotTree(root);
    const previous = process.env.ONIX_FEEDS_CACHE_DIR;
    delete process.env.ONIX_FEEDS_CACHE_DIR;
    try {
      expect((await loadCatalog(root, 'acme')).problems).toHaveLength(1);
    } finally {
      if (previous !== undefined) process.env.ONIX_FEEDS_CACHE_DIR = previous;
    }
    expect(await snapshotTree(root)).toEqual(before);
  });
});

/** The cache file's header and entries (blob id -> title). */
async function readCache(file: string): Promise<{ header: string; titles: Map<string, Title> }> {
  const [header, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  return { header, titles: new Map(lines.map((line) => [line.slice(0, line.indexOf(' ')), JSON.parse(line.slice(line.indexOf(' ') + 1)) as Title])) };
}

async function writeCache(file: string, header: string, titles: Map<string, Title>): Promise<void> {
  await writeFile(file, [header, ...[...titles].map(([id, title]) => `${id} ${JSON.stringify(title)}`)].join('\n') + '\n');
}

describe('loadCatalog parse cache', () => {
  async function cachedRepo(git: boolean) {
    const created = await repo(titleFiles(4), git);
    const cacheDir = path.join(created.root, '.cache');
    return { ...created, cacheDir, cacheFile: path.join(cacheDir, 'titles-acme.jsonl') };
  }

  // A parser thread parses only the misses: the hits still come from the cache, and what it parsed is cached.
  for (const [git, parseThreads] of [[true, 0], [false, 0], [true, 1]] as const) {
    it(`serves unchanged files from the cache and re-reads edited ones (${git ? 'git blob ids' : 'content hashes'}, ${parseThreads} parser threads)`, async () => {
      const { root, cacheDir, cacheFile } = await cachedRepo(git);
      const options = { cacheDir, parseThreads };
      const cold = await loadCatalog(root, 'acme', options);
      expect(cold.problems).toEqual([]);

      // Tamper with one cached entry: if the next load shows the tampered text, it came from the cache, not the file.
      const cache = await readCache(cacheFile);
      expect(cache.titles.size).toBe(4);
      for (const entry of cache.titles.values()) entry.title.text = `cached ${entry.isbn}`;
      await writeCache(cacheFile, cache.header, cache.titles);
      const warm = await loadCatalog(root, 'acme', options);
      expect(warm.titles.map((t) => t.title.title.text)).toEqual(cold.titles.map((t) => `cached ${t.title.isbn}`));

      // An edit in the working tree (not committed) must be seen at once.
      const edited = generateTitle(1);
      await writeFile(path.join(root, `${DIR}/${edited.isbn}.yaml`), renderTitleFile({ ...edited, title: { text: 'Edited' } }, 'yaml'));
      const afterEdit = await loadCatalog(root, 'acme', options);
      expect(afterEdit.titles.map((t) => t.title.title.text)).toEqual(
        cold.titles.map((t) => (t.title.isbn === edited.isbn ? 'Edited' : `cached ${t.title.isbn}`)),
      );
    });
  }

  it('sees an edit when the root is a folder inside a larger git repository', async () => {
    const outer = await repo(Object.fromEntries(Object.entries(titleFiles(2)).map(([file, text]) => [`publisher/${file}`, text])));
    const root = path.join(outer.root, 'publisher');
    const cacheDir = path.join(outer.root, '.cache');
    await loadCatalog(root, 'acme', { cacheDir });
    const edited = generateTitle(0);
    await writeFile(path.join(root, `${DIR}/${edited.isbn}.yaml`), renderTitleFile({ ...edited, title: { text: 'Edited' } }, 'yaml'));
    const { titles } = await loadCatalog(root, 'acme', { cacheDir });
    expect(titles.map((t) => t.title.title.text)).toEqual(['Edited', generateTitle(1).title.text]);
  });

  it('keeps bad files out of the cache and reports them every time', async () => {
    const { root, cacheDir, cacheFile } = await cachedRepo(true);
    const bad = generateTitle(7);
    await writeFile(path.join(root, `${DIR}/${bad.isbn}.yaml`), renderTitleFile({ ...bad, publicationDate: '2025-02-30' }, 'yaml'));
    for (let run = 0; run < 2; run++) {
      const { titles, problems } = await loadCatalog(root, 'acme', { cacheDir });
      expect(titles).toHaveLength(4);
      expect(problems).toEqual([{ path: `${DIR}/${bad.isbn}.yaml`, line: expect.any(Number), col: 18, message: '2025-02-30 does not exist: 2025-02 has days 01-28' }]);
    }
    expect((await readCache(cacheFile)).titles.size).toBe(4);
  });

  it('ignores a cache written by other code', async () => {
    const { root, cacheDir, cacheFile } = await cachedRepo(true);
    await loadCatalog(root, 'acme', { cacheDir });
    const cache = await readCache(cacheFile);
    for (const entry of cache.titles.values()) entry.title.text = 'stale';
    await writeCache(cacheFile, JSON.stringify({ version: 'older' }), cache.titles);
    const { titles } = await loadCatalog(root, 'acme', { cacheDir });
    expect(titles.map((t) => t.title.title.text)).not.toContain('stale');
  });

  it('starts afresh from a damaged cache file', async () => {
    const { root, cacheDir, cacheFile } = await cachedRepo(false);
    await loadCatalog(root, 'acme', { cacheDir });
    await writeFile(cacheFile, (await readFile(cacheFile, 'utf8')).slice(0, 700));
    const { titles, problems } = await loadCatalog(root, 'acme', { cacheDir });
    expect(problems).toEqual([]);
    expect(titles.map((t) => t.title)).toEqual([0, 1, 2, 3].map((i) => generateTitle(i)));
    expect((await readCache(cacheFile)).titles.size).toBe(4);
  });

  it('keeps the entries a delta did not read (and the old one of an edited file), and adds what it parsed', async () => {
    const { root, cacheDir, cacheFile } = await cachedRepo(false);
    await loadCatalog(root, 'acme', { cacheDir });
    const edited = generateTitle(2);
    await writeFile(path.join(root, `${DIR}/${edited.isbn}.yaml`), renderTitleFile({ ...edited, title: { text: 'Edited' } }, 'yaml'));
    const { titles } = await loadCatalog(root, 'acme', { cacheDir, isbns: new Set([edited.isbn]) });
    expect(titles.map((t) => t.title.title.text)).toEqual(['Edited']);
    const entries = [...(await readCache(cacheFile)).titles.values()];
    // The old version's entry stays too: only a full load knows what is no longer used.
    expect(entries.map((t) => t.title.text).sort()).toEqual([...[0, 1, 2, 3].map((i) => generateTitle(i).title.text), 'Edited'].sort());
  });

  it('parses again a title whose cache entry is damaged, and keeps the others', async () => {
    const { root, cacheDir, cacheFile } = await cachedRepo(false);
    await loadCatalog(root, 'acme', { cacheDir });
    const cache = await readCache(cacheFile);
    for (const entry of cache.titles.values()) entry.title.text = `cached ${entry.isbn}`;
    await writeCache(cacheFile, cache.header, cache.titles);
    const [header, first, ...rest] = (await readFile(cacheFile, 'utf8')).split('\n');
    await writeFile(cacheFile, [header, first.slice(0, 60), ...rest].join('\n'));
    const damagedId = first.slice(0, first.indexOf(' '));
    const { titles, problems } = await loadCatalog(root, 'acme', { cacheDir });
    expect(problems).toEqual([]);
    const fromFiles = titles.filter((t) => !t.title.title.text.startsWith('cached '));
    expect(fromFiles.map((t) => t.title.isbn)).toEqual([cache.titles.get(damagedId)!.isbn]);
    expect((await readCache(cacheFile)).titles.size).toBe(4);
  });

  it('uses ONIX_FEEDS_CACHE_DIR when no cache folder is given', async () => {
    const { root, cacheDir, cacheFile } = await cachedRepo(true);
    const previous = process.env.ONIX_FEEDS_CACHE_DIR;
    process.env.ONIX_FEEDS_CACHE_DIR = cacheDir;
    try {
      await loadCatalog(root, 'acme');
    } finally {
      if (previous === undefined) delete process.env.ONIX_FEEDS_CACHE_DIR;
      else process.env.ONIX_FEEDS_CACHE_DIR = previous;
    }
    expect((await readCache(cacheFile)).titles.size).toBe(4);
  });
});
