import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildOnix } from '../../src/onix/build.ts';
import { validateOnixFile } from '../../src/onix/validate-file.ts';
import { loaded, makeTenant, makeTitle } from '../fixtures/onix/builders.ts';

const EXAMPLES = new URL('../fixtures/reference-examples/', import.meta.url);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'onix-vfile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function built(count: number, version: '3.1' | '3.0' = '3.1'): Promise<string> {
  const titles = Array.from({ length: count }, (_, i) => loaded(makeTitle(i + 1)));
  const result = await buildOnix({ tenant: makeTenant({ onix: { version } }), titles, deletions: [], now: new Date('2026-01-01T00:00:00Z'), messageNumber: 1, outDir: dir });
  return result.documents[0].path;
}

describe('validateOnixFile', () => {
  it('accepts our 3.1 and 3.0 output, batch by batch', async () => {
    const file = await built(23);
    const result = await validateOnixFile(file, { batchSize: 5 });
    expect(result).toMatchObject({ valid: true, version: '3.1', products: 23, issues: [] });
    await rm(file);
    expect(await validateOnixFile(await built(3, '3.0'))).toMatchObject({ valid: true, version: '3.0', products: 3 });
  });

  it.each(['minimal-onix31.xml', 'rich-onix31.xml', 'delta-delete-blockupdate-onix31.xml', 'noproduct-onix31.xml'])(
    "accepts EDItEUR-valid %s, formatted by someone else",
    async (name) => {
      const file = path.join(dir, name);
      await copyFile(new URL(name, EXAMPLES), file);
      const result = await validateOnixFile(file, { batchSize: 1 });
      expect(result.issues).toEqual([]);
    },
  );

  it('points at the failing product by index and RecordReference', async () => {
    const file = await built(12);
    const xml = await readFile(file, 'utf8');
    const lines = xml.split('\n');
    lines[3 + 8] = lines[3 + 8].replace('<ProductForm>BC</ProductForm>', '<ProductForm>QQ</ProductForm>');
    await writeFile(file, lines.join('\n'));
    const result = await validateOnixFile(file, { batchSize: 5 });
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([{ product: 8, recordReference: makeTitle(9).recordReference, message: expect.stringMatching(/ProductForm.*'QQ'/) }]);
  });

  it('finds a RecordReference repeated in another batch', async () => {
    const file = await built(6);
    const xml = await readFile(file, 'utf8');
    await writeFile(file, xml.replaceAll(makeTitle(6).recordReference + '</RecordReference>', makeTitle(1).recordReference + '</RecordReference>'));
    const result = await validateOnixFile(file, { batchSize: 2 });
    expect(result.issues).toEqual([{ product: 5, recordReference: makeTitle(1).recordReference, message: expect.stringContaining('also used by product 0') }]);
  });

  it('reports a cut-short file and a file that is not ONIX 3', async () => {
    const file = await built(4);
    const xml = await readFile(file, 'utf8');
    await writeFile(file, xml.slice(0, xml.length - 40));
    expect((await validateOnixFile(file)).issues.map((i) => i.message)).toContain('the file ends without </ONIXMessage>: it is cut short');
    await writeFile(file, xml.replace('release="3.1"', 'release="2.1"'));
    expect((await validateOnixFile(file)).issues[0].message).toMatch(/needs release="3.1"/);
  });

  it('reports a header the schema rejects', async () => {
    const file = await built(2);
    const xml = await readFile(file, 'utf8');
    await writeFile(file, xml.replace(/<SentDateTime>[^<]*</, '<SentDateTime>2026-01-01T00:00:00Z<'));
    const result = await validateOnixFile(file);
    expect(result.valid).toBe(false);
    expect(result.issues[0].message).toMatch(/^line 3: .*SentDateTime/);
  });
});
