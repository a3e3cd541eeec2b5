import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/config/problem.ts';
import { readHistory } from '../../src/feed/history.ts';
import { readJournal, writeJournal, type Journal } from '../../src/feed/journal.ts';
import { tempDir } from './git-repos.ts';
import { startPipeline, TENANT, type Pipeline } from './pipeline.ts';

const journal: Journal = {
  version: 1, id: '20261128T060000Z-acme-books', tenant: TENANT, trigger: 'schedule', titlesMode: 'changed', kind: 'full', format: 'onix',
  catalogCommit: 'c'.repeat(40), counts: { sent: 1, deleted: 0, heldBack: 0 }, attempts: 1, startedAt: '2026-11-28T06:00:00.000Z',
  reason: 'No earlier successful feed - full feed', heldBack: [],
  documents: [{ path: '/x/a.xml', isbns: ['9798990000017'], fileName: 'a.xml', bytes: 10, sha256: 's', products: 1, contentType: 'text/xml', feedId: '50017' }],
};

/** Writes `text` as the journal of a new out folder; returns the folder. */
async function outWith(text: string): Promise<string> {
  const outDir = join(await tempDir('onix-out-'), TENANT);
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'journal.json'), text);
  return outDir;
}

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

describe('readJournal', () => {
  it('reads back what was written, and nothing when no run left one', async () => {
    const outDir = join(await tempDir('onix-out-'), TENANT);
    expect(await readJournal(outDir)).toBeUndefined();
    await writeJournal(outDir, journal);
    expect(await readJournal(outDir)).toEqual(journal);
  });

  it('explains a damaged journal: where, what it is, and what to check before deleting it', async () => {
    const text = JSON.stringify(journal, null, 2);
    const outDir = await outWith(text.slice(0, text.indexOf('"feedId"') + 20)); // cut off mid-write by hand
    const error = await readJournal(outDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`^${join(outDir, 'journal.json')}:\\d+:\\d+: JSON: `));
    expect(message).toContain('the journal of a feed run that did not finish');
    expect(message).toContain('feed 50017');
    expect(message).toMatch(/only after checking .*reconcile.*getFeed/);
  });

  it('refuses valid JSON that is not a journal, and a journal of another version', async () => {
    const notJournal = await readJournal(await outWith('[1, 2]\n')).catch((e: unknown) => e);
    expect(notJournal).toBeInstanceOf(InvalidInputError);
    expect((notJournal as Error).message).toMatch(/journal\.json:1:1: not a feed run journal: expected an object with version, id, tenant and documents/);
    const otherVersion = await readJournal(await outWith(JSON.stringify({ ...journal, version: 2 }, null, 2))).catch((e: unknown) => e);
    expect(otherVersion).toBeInstanceOf(InvalidInputError);
    expect((otherVersion as Error).message).toMatch(/journal\.json:2:14: journal version 2 is not supported; finish or remove it with the onix-feeds version that wrote it/);
  });

  it('stops a send on a damaged journal with that message, changing nothing', async () => {
    pipeline = await startPipeline({ titles: 1 });
    const p = pipeline;
    await mkdir(p.outDir, { recursive: true });
    await writeFile(join(p.outDir, 'journal.json'), '{"version": 1, "id": ');
    const error = await p.send().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain('the journal of a feed run that did not finish');
    expect(await readFile(join(p.outDir, 'journal.json'), 'utf8')).toBe('{"version": 1, "id": ');
    expect(await readHistory(p.root, TENANT)).toEqual([]);
    expect(p.sandbox.counts.createFeed).toBe(0);
  });
});
