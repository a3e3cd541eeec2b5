/**
 * Child-side workloads of the delta and end-to-end stages: `sendFeed` as the pipeline runs it (a dry run for the
 * delta; a real send through an in-process sandbox with zero processing delay), and the end-to-end reference:
 * the same load and build, plus the upload of each document over loopback, and nothing else.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedsClient } from '../../../src/amazon/feeds-client.ts';
import type { Workload } from '../types.ts';
import { cloneRepo } from '../git.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const quiet = () => undefined;

/** Args: root, tenant, titles (all|changed), outDir. A dry run: select, load, build and validate; nothing sent. */
const dryRun: Workload = async (args) => {
  const { sendFeed } = await import('../../../src/feed/send.ts');
  return async () => {
    const result = await sendFeed({
      root: String(args.root), tenant: String(args.tenant), titles: args.titles as 'all' | 'changed', trigger: 'schedule', dryRun: true, commit: false,
      outDir: String(args.outDir), now: () => new Date(), sleep, log: quiet,
      connect: () => { throw new Error('a dry run does not connect'); },
    });
    return { items: result.documents.reduce((n, d) => n + d.products, 0), note: `${result.documents.length} document(s)` };
  };
};

/** A sandbox with no processing delay and no rate limits, and a way to open a Feeds client on it. */
async function sandboxClient(): Promise<{ connect: () => FeedsClient }> {
  const { startSandbox } = await import('../../../src/sandbox/server.ts');
  const { createFeedsClient } = await import('../../../src/amazon/feeds-client.ts');
  const sandbox = await startSandbox({ processingDelayMs: 0, rateLimits: false, log: quiet });
  return { connect: () => createFeedsClient({ region: 'na', endpoint: sandbox.endpoint, tokenUrl: sandbox.tokenUrl, credentials: { ...sandbox.credentials } }) };
}

/**
 * Args: repo (a committed catalog), tenant, work. A full `send` (all titles) from a fresh clone of a fresh bare
 * `origin`, history committed and pushed.
 */
const send: Workload = async (args) => {
  const { sendFeed } = await import('../../../src/feed/send.ts');
  const scratch = mkdtempSync(join(String(args.work), 'send-'));
  const root = join(scratch, 'repo');
  cloneRepo(String(args.repo), join(scratch, 'origin.git'), true);
  cloneRepo(join(scratch, 'origin.git'), root);
  const { connect } = await sandboxClient();
  return async () => {
    const result = await sendFeed({
      root, tenant: String(args.tenant), titles: 'all', trigger: 'manual', force: true, commit: true,
      outDir: join(scratch, 'out'), now: () => new Date(), sleep, pollIntervalMs: 0, log: quiet, connect,
    });
    const record = result.record;
    if (record?.status !== 'done') throw new Error(`send ended ${record?.status ?? 'without a record'}: ${result.summary}`);
    return { items: record.counts.sent, bytes: result.documents.reduce((n, d) => n + d.bytes, 0), note: `${record.documents.length} documents` };
  };
};

/** Args: repo, tenant, work. The reference of `send`: load, build (with XSD, as send does), upload each document. */
const buildAndUpload: Workload = async (args) => {
  const { loadTenant } = await import('../../../src/config/load.ts');
  const { streamCatalog } = await import('../../../src/catalog/stream.ts');
  const { buildOnix } = await import('../../../src/onix/build.ts');
  const { ONIX_CONTENT_TYPE } = await import('../../../src/feed/send.ts');
  const root = String(args.repo);
  const outDir = mkdtempSync(join(String(args.work), 'upload-'));
  const { connect } = await sandboxClient();
  return async () => {
    const { config: tenant } = await loadTenant(root, String(args.tenant));
    const titles = streamCatalog(root, tenant.id, { onProblem: () => undefined });
    const built = await buildOnix({ tenant, titles, deletions: [], now: new Date(), messageNumber: 1, outDir });
    const api = connect();
    let bytes = 0;
    for (const doc of built.documents) {
      const { url } = await api.createFeedDocument(ONIX_CONTENT_TYPE);
      const body = await readFile(doc.path);
      await api.uploadDocument(url, body, ONIX_CONTENT_TYPE);
      bytes += body.length;
    }
    return { items: built.written, bytes, note: `${built.documents.length} documents` };
  };
};

/** The delta and end-to-end stages' workloads. */
export const workloads = { dryRun, send, buildAndUpload };
