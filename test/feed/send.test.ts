import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { appendRecords, readHistory } from '../../src/feed/history.ts';
import { cloneOf, commitAll, git, removeFiles, writeFiles } from './git-repos.ts';
import { startPipeline, TENANT, tenantYaml, type Pipeline } from './pipeline.ts';
import { makeRecord } from './records.ts';
import { isbn, titleYaml } from './titles.ts';

const titlePath = (n: number) => `catalog/${TENANT}/titles/${isbn(n)}.yaml`;

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
    expect(result.record).toMatchObject({ reason: 'Amazon accepted 3 products', selection: 'No earlier successful feed - full feed' });
    const [doc] = result.record!.documents;
    // A full feed carries the whole catalog: its documents do not list their ISBNs.
    expect(doc.isbns).toBeUndefined();
    expect(doc).toMatchObject({ products: 3, contentType: 'text/xml; charset=UTF-8', processingStatus: 'DONE', report: { messagesProcessed: 3, errors: 0 } });
    expect(doc.statusTimeline!.map((s) => s.status)).toEqual(['IN_QUEUE', 'IN_PROGRESS', 'DONE']);
    expect(p.sandbox.counts.createFeed).toBe(1);
    const check = await cloneOf(p.origin);
    expect(await readHistory(check, TENANT)).toEqual([result.record]);
    expect((await git(check, 'log', '-1', '--format=%s')).trim()).toBe(`feeds(${TENANT}): done 3 products [skip ci]`);
    expect(result.summary).toMatch(/^acme-books: done - 3 sent, 0 deleted, 0 held back; feed \S+/);
    const logs = p.logs.join('\n');
    expect(logs).toMatch(/uploaded \d+ bytes/);
    // Secrets and pre-signed URLs reach no log line, record or history file.
    const history = await readFile(join(p.root, `catalog/${TENANT}/feeds/amazon.jsonl`), 'utf8');
    for (const text of [logs, JSON.stringify(result.record), history]) {
      expect(text).not.toContain(p.sandbox.credentials.clientSecret);
      expect(text).not.toContain(p.sandbox.credentials.refreshToken);
      expect(text).not.toMatch(/Atza\|[^[]|X-Amz-Signature|\/s3\/documents\/[^\s]*\?/i);
    }
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
    expect(skipped.record!.reason).toBe('No changes - feed skipped');
    expect(p.sandbox.counts.createFeed).toBe(2);
    expect(await readHistory(p.root, TENANT)).toHaveLength(3);
  });

  it('sends a deleted title as a deletion with its record reference', async () => {
    pipeline = await startPipeline({ titles: 3 });
    const p = pipeline;
    await p.send();
    await removeFiles(p.root, [titlePath(3)]);
    await commitAll(p.root, 'withdraw a title');
    p.clock.ms += 3600_000;
    const result = await p.send();
    expect(result.record).toMatchObject({ kind: 'delta', status: 'done', counts: { sent: 0, deleted: 1, heldBack: 0 } });
    expect(result.record!.selection).toMatch(/^0 changed, 1 deleted since /);
    const xml = await readFile(result.documents[0].path, 'utf8');
    expect(xml).toMatch(new RegExp(`<RecordReference>${isbn(3)}</RecordReference>\\s*<NotificationType>05</NotificationType>`));
    // A delta's documents list what they carried, deletions included, for the per-title trail.
    expect(result.record!.documents[0].isbns).toEqual([isbn(3)]);
    expect((await readHistory(p.root, TENANT)).at(-1)!.documents[0].isbns).toEqual([isbn(3)]);
  });

  it('skips a whitespace-only edit, and resends the titles Amazon reported errors for', async () => {
    pipeline = await startPipeline({ titles: 3 });
    const p = pipeline;
    await p.send();
    await writeFiles(p.root, { [titlePath(1)]: (await readFile(join(p.root, titlePath(1)), 'utf8')).replace('language: eng', 'language:   eng   # ISO 639-2/B') });
    await commitAll(p.root, 'reformat');
    p.clock.ms += 3600_000;
    const skipped = await p.send();
    expect(skipped.record).toMatchObject({ status: 'skipped', reason: 'No changes - feed skipped' });
    expect(skipped.record!.selection).toMatch(/1 edited without a change to the record/);

    // The last success reported an error for title 2: the next delta carries it although its file did not change.
    const head = (await git(p.root, 'rev-parse', 'HEAD')).trim();
    const withErrors = makeRecord({
      startedAt: new Date(p.clock.ms).toISOString(), status: 'done_with_errors', catalogCommit: head,
      documents: [{ fileName: 'x.xml', bytes: 1, sha256: 'x', products: 3, contentType: 'text/xml; charset=UTF-8', feedId: '1', processingStatus: 'DONE',
        report: { messagesProcessed: 3, messagesAccepted: 2, messagesInvalid: 1, errors: 1, warnings: 0, issues: [{ code: '8106', severity: 'ERROR', message: 'no price', isbn: isbn(2) }] } }],
    }, TENANT);
    await appendRecords(p.root, TENANT, [withErrors]);
    await commitAll(p.root, 'history');
    p.clock.ms += 3600_000;
    const resent = await p.send();
    expect(resent.record).toMatchObject({ kind: 'delta', status: 'done', counts: { sent: 1, deleted: 0 }, baseCommit: head });
    expect(resent.record!.selection).toContain(`1 resent (Amazon reported errors in ${withErrors.id})`);
    expect(await readFile(resent.documents[0].path, 'utf8')).toContain(isbn(2));
  });

  it('holds back an invalid title and sends the rest', async () => {
    pipeline = await startPipeline({ titles: 2 });
    const p = pipeline;
    await writeFiles(p.root, { [titlePath(3)]: titleYaml(isbn(3)).replace('language: eng', 'language: en') });
    await commitAll(p.root, 'bad title');
    const result = await p.send();
    expect(result.record).toMatchObject({ status: 'done', counts: { sent: 2, deleted: 0, heldBack: 1 } });
    expect(result.record!.heldBack![0]).toMatchObject({ isbn: isbn(3), path: titlePath(3) });
    expect(result.record!.heldBack![0].reason).toMatch(/eng/);
  });

  it('sends JSON listings documents for a listings tenant', async () => {
    pipeline = await startPipeline({ titles: 2, tenant: tenantYaml({ format: 'listings' }) });
    const p = pipeline;
    const result = await p.send();
    expect(result.record).toMatchObject({ format: 'listings', status: expect.stringMatching(/^done/), counts: { sent: 2 } });
    expect(result.record!.documents[0]).toMatchObject({ contentType: 'application/json; charset=UTF-8', processingStatus: 'DONE', products: 2 });
    const body = JSON.parse(await readFile(result.documents[0].path, 'utf8'));
    expect(body.header.sellerId).toBe('A3ACMEEXAMPLE');
    expect(body.messages.map((m: { sku: string }) => m.sku)).toEqual([isbn(1), isbn(2)]);
  });
});
