import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readHistory } from '../../src/feed/history.ts';
import { cloneOf, commitAll, git, writeFiles } from './git-repos.ts';
import { startPipeline, TENANT, type Pipeline } from './pipeline.ts';
import { isbn, titleYaml } from './titles.ts';

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

describe('sendFeed', () => {
  it('sends a full feed the first time, records it, commits and pushes', async () => {
    pipeline = await startPipeline({ titles: 3 });
    const p = pipeline;
    const result = await p.send();
    expect(result.record).toMatchObject({
      tenant: TENANT, trigger: 'schedule', titlesMode: 'changed', kind: 'full', format: 'onix', status: 'done',
      counts: { sent: 3, deleted: 0, heldBack: 0 }, attempts: 1,
    });
    expect(result.record!.reason).toMatch(/^Amazon accepted 3 products\. No earlier successful feed - full feed$/);
    const [doc] = result.record!.documents;
    expect(doc).toMatchObject({ products: 3, contentType: 'text/xml; charset=UTF-8', processingStatus: 'DONE', report: { messagesProcessed: 3, errors: 0 } });
    expect(doc.statusTimeline!.map((s) => s.status)).toEqual(['IN_QUEUE', 'IN_PROGRESS', 'DONE']);
    expect(p.sandbox.counts.createFeed).toBe(1);
    const check = await cloneOf(p.origin);
    expect(await readHistory(check, TENANT)).toEqual([result.record]);
    expect((await git(check, 'log', '-1', '--format=%s')).trim()).toBe(`feeds(${TENANT}): done 3 products [skip ci]`);
    expect(result.summary).toMatch(/^acme-books: done - 3 sent, 0 deleted, 0 held back; feed \S+/);
    expect(p.logs.join('\n')).toMatch(/uploaded \d+ bytes/);
  });

  it('sends only the changed titles next time, and skips when nothing changed', async () => {
    pipeline = await startPipeline({ titles: 3 });
    const p = pipeline;
    const first = await p.send();
    await writeFiles(p.root, { [`catalog/${TENANT}/titles/${isbn(2)}.yaml`]: titleYaml(isbn(2), { price: 24.5 }) });
    await commitAll(p.root, 'price change');
    p.clock.ms += 3600_000;
    const delta = await p.send();
    expect(delta.record).toMatchObject({ kind: 'delta', status: 'done', counts: { sent: 1, deleted: 0, heldBack: 0 }, baseCommit: first.record!.catalogCommit });
    const xml = await readFile(delta.documents[0].path, 'utf8');
    expect(xml).toContain(isbn(2));
    expect(xml).not.toContain(isbn(1));
    p.clock.ms += 3600_000;
    const skipped = await p.send();
    expect(skipped.record).toMatchObject({ status: 'skipped', kind: 'delta', documents: [], counts: { sent: 0, deleted: 0, heldBack: 0 } });
    expect(skipped.record!.reason).toMatch(/^No changes - feed skipped/);
    expect(p.sandbox.counts.createFeed).toBe(2);
    expect(await readHistory(p.root, TENANT)).toHaveLength(3);
  });
});
