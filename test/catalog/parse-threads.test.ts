import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTitle, renderTitleFile } from '../../scripts/generate-catalog.ts';
import { loadCatalog } from '../../src/catalog/load.ts';
import { ParseThreadError, TitleParsePool } from '../../src/catalog/parse-pool.ts';
import { decodeParsedFile } from '../../src/catalog/parsed-file.ts';
import { streamCatalog } from '../../src/catalog/stream.ts';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.ts';

const DIR = 'catalog/acme/titles';
const repos: TempRepo[] = [];

afterEach(async () => {
  while (repos.length > 0) await repos.pop()!.cleanup();
});

async function repo(files: Record<string, string | Buffer>): Promise<TempRepo> {
  const created = await createTempRepo({ files });
  repos.push(created);
  return created;
}

/** Valid title files of generated titles 0..n-1, every third one JSON. */
function titleFiles(n: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: n }, (_, i) => {
      const title = generateTitle(i);
      const format = i % 3 === 0 ? 'json' : 'yaml';
      return [`${DIR}/${title.isbn}.${format}`, renderTitleFile(title, format)];
    }),
  );
}

describe('loading title files on parser threads', () => {
  it('yields the titles and problems of the calling thread, batch after batch in ISBN order', async () => {
    // 700 files make several batches; the broken ones sit in different batches.
    const [dateTitle, syntaxTitle, latin1Title, bomTitle] = [generateTitle(10), generateTitle(301), generateTitle(650), generateTitle(333)];
    const { root } = await repo({
      ...titleFiles(700),
      // A clean JSON file travels as its own text; one saved with a byte order mark must still parse.
      [`${DIR}/${bomTitle.isbn}.json`]: `\ufeff${renderTitleFile(bomTitle, 'json')}`,
      [`${DIR}/${dateTitle.isbn}.yaml`]: renderTitleFile({ ...dateTitle, publicationDate: '2025-02-30' }, 'yaml'),
      [`${DIR}/${syntaxTitle.isbn}.yaml`]: 'isbn: [',
      [`${DIR}/${latin1Title.isbn}.yaml`]: Buffer.from(renderTitleFile({ ...latin1Title, title: { text: 'Café' } }, 'yaml'), 'latin1'),
    });
    const onThreads = await loadCatalog(root, 'acme', { parseThreads: 2 });
    const here = await loadCatalog(root, 'acme', { parseThreads: 0 });

    const isbns = onThreads.titles.map((t) => t.title.isbn);
    expect(isbns).toHaveLength(697);
    expect(isbns).toEqual([...isbns].sort());
    expect(onThreads.problems.map((p) => `${path.basename(p.path)}:${p.line}: ${p.message}`)).toEqual([
      expect.stringMatching(new RegExp(`^${dateTitle.isbn}.yaml:\\d+: 2025-02-30 does not exist`)),
      expect.stringMatching(new RegExp(`^${syntaxTitle.isbn}.yaml:1: `)),
      `${latin1Title.isbn}.yaml:1: file is not UTF-8 text: save it with UTF-8 encoding`,
    ]);
    expect(onThreads).toEqual(here);
  });

  it('parses a batch on the calling thread when a thread cannot, and then fails as a small catalog does', async () => {
    const files = titleFiles(600);
    const { root } = await repo(files);
    // A batch that far into the catalog is handed out only after the first title is taken, so the file is gone when
    // it is read.
    const vanishing = Object.keys(files).sort()[590];
    const loading = (async () => {
      for await (const _ of streamCatalog(root, 'acme', { parseThreads: 1, onProblem: (p) => expect.fail(p.message) })) {
        await rm(path.join(root, vanishing), { force: true });
      }
    })();
    await expect(loading).rejects.toMatchObject({ code: 'ENOENT', path: path.join(root, vanishing) });
  });
});

describe('TitleParsePool', () => {
  it('rejects a batch with a file it cannot read, naming the file', async () => {
    const { root } = await repo(titleFiles(1));
    const pool = await TitleParsePool.start(1);
    try {
      const missing = `${DIR}/9780000000002.yaml`;
      await expect(pool.parse(root, [{ path: missing, hash: false }])).rejects.toThrow(ParseThreadError);
      await expect(pool.parse(root, [{ path: missing, hash: false }])).rejects.toThrow(/ENOENT.*9780000000002\.yaml/);
      const [file] = Object.keys(titleFiles(1));
      const [encoded] = await pool.parse(root, [{ path: file, hash: true }]);
      const parsed = decodeParsedFile(encoded);
      expect(parsed.parsed.title?.isbn).toBe(generateTitle(0).isbn);
      expect(parsed.blobId).toMatch(/^[0-9a-f]{40}$/);
    } finally {
      await pool.close();
    }
  });
});
