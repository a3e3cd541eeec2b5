/**
 * A listings tenant's run: the ONIX message of the same titles is built, validated and kept as the record of what was
 * sent; the ONIX checks and the listings mapping hold titles back from both; configuration errors end the run at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListingsConfigError } from '../../src/amazon/listings/documents.ts';
import { readHistory } from '../../src/feed/history.ts';
import { readJournal, writeJournal, type Journal } from '../../src/feed/journal.ts';
import { recordFromJournal } from '../../src/feed/send.ts';
import { validateOnixFile } from '../../src/onix/validate-file.ts';
import { cloneOf, commitAll, tempDir, TEST_GIT_ENV, writeFiles } from './git-repos.ts';
import { startPipeline, TENANT, tenantYaml, type Pipeline } from './pipeline.ts';
import { isbn, titleYaml } from './titles.ts';

const titlePath = (n: number) => `catalog/${TENANT}/titles/${isbn(n)}.yaml`;

let pipeline: Pipeline | undefined;
afterEach(async () => {
  await pipeline?.close();
  pipeline = undefined;
});

/** The skus of every message in a listings document. */
async function skus(path: string): Promise<string[]> {
  return JSON.parse(await readFile(path, 'utf8')).messages.map((m: { sku: string }) => m.sku);
}

describe('sendFeed for a listings tenant', () => {
  it("lands Amazon's listings report issues in the pushed history, each with its title's ISBN", async () => {
    pipeline = await startPipeline({ titles: 2, tenant: tenantYaml({ format: 'listings' }) });
    const result = await pipeline.send();
    const record = result.record!;
    const issues = record.documents.flatMap((d) => d.report?.issues ?? []);
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect([isbn(1), isbn(2)]).toContain(issue.isbn);
    const pushed = await cloneOf(pipeline.origin);
    const [committed] = await readHistory(pushed, TENANT);
    expect(committed.documents.flatMap((d) => d.report?.issues ?? [])).toEqual(issues);
  });

  it('holds back a title the ONIX rules reject, sends the rest as listings, and keeps the valid ONIX record', async () => {
    pipeline = await startPipeline({ titles: 2, tenant: tenantYaml({ format: 'listings' }) });
    const p = pipeline;
    // Loads and maps to a listing, but a character reference to U+0001 is not XML 1.0: the ONIX check refuses it.
    await writeFiles(p.root, { [titlePath(3)]: titleYaml(isbn(3)).replace('<p>A test title.</p>', '<p>A test &#1; title.</p>') });
    await commitAll(p.root, 'title with a control character');

    const result = await p.send();
    const record = result.record!;
    expect(record).toMatchObject({ format: 'listings', status: 'done', counts: { sent: 2, deleted: 0, heldBack: 1 } });
    expect(record.heldBack).toEqual([{ isbn: isbn(3), path: titlePath(3), reason: expect.stringMatching(/^ONIX schema: .*invalid xmlChar value 1/) }]);
    expect(await skus(result.documents[0].path)).toEqual([isbn(1), isbn(2)]);
    expect(p.sandbox.counts.createFeed).toBe(1);

    expect(record.artifacts).toHaveLength(1);
    const [artifact] = record.artifacts!;
    expect(artifact.fileName).toBe(`${TENANT}_onix31_amazon_20261128_060000.xml`);
    const onixPath = join(p.outDir, artifact.fileName);
    const bytes = await readFile(onixPath);
    expect(artifact).toEqual({ fileName: artifact.fileName, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), products: 2, messageNumber: 1 });
    const validation = await validateOnixFile(onixPath);
    expect(validation).toMatchObject({ valid: true, version: '3.1', products: 2 });
    const xml = bytes.toString('utf8');
    expect(xml).toContain(`<RecordReference>${isbn(1)}</RecordReference>`);
    expect(xml).not.toContain(isbn(3));

    // The ONIX record is in the committed history, between the documents and the attempts.
    const pushed = await cloneOf(p.origin);
    expect(await readHistory(pushed, TENANT)).toEqual([record]);
    const line = await readFile(join(pushed, `catalog/${TENANT}/feeds/amazon.jsonl`), 'utf8');
    expect(line.indexOf('"documents"')).toBeLessThan(line.indexOf('"artifacts"'));
    expect(line.indexOf('"artifacts"')).toBeLessThan(line.indexOf('"attempts"'));
    expect(line).toContain(`"artifacts":[{"fileName":"${artifact.fileName}","bytes":${bytes.length},"sha256":"${artifact.sha256}","products":2,"messageNumber":1}]`);
  });

  it('leaves a title the listings mapping cannot carry out of the ONIX record, and reports both kinds held back', async () => {
    const tenant = tenantYaml({ format: 'listings' }).replace('    languageTag: en_US\n', '    languageTag: en_US\n    attributes: [merchant_suggested_asin]\n');
    const withAsin = (n: number) => titleYaml(isbn(n)).replace(`isbn: "${isbn(n)}"\n`, `isbn: "${isbn(n)}"\nasin: B0C123456${n}\n`);
    pipeline = await startPipeline({ titles: 2, tenant });
    const p = pipeline;
    // 1 has an ASIN; 2 has none, so no chosen attribute applies; 3 has one but the ONIX check refuses it.
    await writeFiles(p.root, { [titlePath(1)]: withAsin(1), [titlePath(3)]: withAsin(3).replace('<p>A test title.</p>', '<p>A test &#1; title.</p>') });
    await commitAll(p.root, 'ASINs');

    const result = await p.send();
    expect(result.record).toMatchObject({ status: expect.stringMatching(/^done/), counts: { sent: 1, heldBack: 2 } });
    expect(result.record!.heldBack).toEqual([
      { isbn: isbn(2), path: titlePath(2), reason: expect.stringMatching(/no listings attribute applies/) },
      { isbn: isbn(3), path: titlePath(3), reason: expect.stringMatching(/^ONIX schema: /) },
    ]);
    expect(await skus(result.documents[0].path)).toEqual([isbn(1)]);
    const [artifact] = result.record!.artifacts!;
    expect(artifact.products).toBe(1);
    const xml = await readFile(join(p.outDir, artifact.fileName), 'utf8');
    expect(xml).toContain(isbn(1));
    expect(xml).not.toContain(isbn(2));
    expect(xml).not.toContain(isbn(3));
  });

  it('prints where the ONIX record is on a dry run, and sends nothing', async () => {
    pipeline = await startPipeline({ titles: 2, tenant: tenantYaml({ format: 'listings' }) });
    const p = pipeline;
    const result = await p.send({ dryRun: true });
    expect(result.summary).toBe(`${TENANT}: dry run - 2 titles, 0 deletions in 1 document, 0 held back; nothing sent; ONIX record ${TENANT}_onix31_amazon_20261128_060000.xml`);
    expect((await readdir(p.outDir)).sort()).toEqual([`${TENANT}_listings_amazon_20261128_060000.json`, `${TENANT}_onix31_amazon_20261128_060000.xml`]);
    expect(p.sandbox.counts.createFeedDocument).toBe(0);
  });

  it('ends at once on a listings configuration error: no retry, no backoff, nothing sent, the failure recorded', async () => {
    const tenant = tenantYaml({ format: 'listings' }).replace('    sellerId: A3ACMEEXAMPLE\n', '');
    pipeline = await startPipeline({ titles: 2, tenant });
    const p = pipeline;
    const { AMAZON_SELLER_ID: _none, ...env } = TEST_GIT_ENV as NodeJS.ProcessEnv;
    const startedAt = p.clock.ms;
    let connected = 0;
    const error = await p.send({ env, connect: () => (connected++, p.client()) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ListingsConfigError);
    expect((error as Error).message).toMatch(/set amazon\.listings\.sellerId .* or the AMAZON_SELLER_ID environment variable/);
    // The injected sleep advances the clock: it was never called.
    expect(p.clock.ms).toBe(startedAt);
    expect(connected).toBe(0);
    expect(p.sandbox.counts.createFeedDocument).toBe(0);
    expect(p.logs.join('\n')).not.toMatch(/retrying|attempt/);
    expect(await readJournal(p.outDir)).toBeUndefined();
    // Recorded, so the history, the summary and the failure issue show it, and the slot counts as served.
    const [record] = await readHistory(await cloneOf(p.origin), TENANT);
    expect(record).toMatchObject({ status: 'failed', trigger: 'schedule', counts: { sent: 0 }, documents: [] });
    expect(record.reason).toMatch(/^Failed before anything was sent: ListingsConfigError: .*AMAZON_SELLER_ID/);
  });
});

describe('recordFromJournal', () => {
  it('keeps the ONIX record of a run resumed from its journal', async () => {
    const outDir = await tempDir('onix-journal-');
    const artifacts = [{ fileName: `${TENANT}_onix31_amazon_20261128_060000.xml`, bytes: 1234, sha256: 'a'.repeat(64), products: 2 }];
    const journal: Journal = {
      version: 1, id: `20261128T060000Z-${TENANT}`, tenant: TENANT, trigger: 'schedule', titlesMode: 'all', kind: 'full', format: 'listings',
      catalogCommit: 'c'.repeat(40), reason: 'full feed', counts: { sent: 2, deleted: 0, heldBack: 0 }, heldBack: [], attempts: 1,
      startedAt: '2026-11-28T06:00:00.000Z', artifacts,
      documents: [{
        fileName: `${TENANT}_listings_amazon_20261128_060000.json`, path: join(outDir, 'x.json'), bytes: 10, sha256: 'b'.repeat(64), products: 2,
        contentType: 'application/json; charset=UTF-8', isbns: [isbn(1), isbn(2)], feedId: '7', processingStatus: 'DONE', noReport: true,
      }],
    };
    await writeJournal(outDir, journal);
    const record = recordFromJournal((await readJournal(outDir))!, new Date('2026-11-28T06:10:00Z'));
    expect(record).toMatchObject({ status: 'done', artifacts });
  });
});
