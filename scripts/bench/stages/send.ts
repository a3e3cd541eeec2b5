/**
 * Stage "end to end": `send` of a whole catalog, split into several documents, through the in-process sandbox with
 * zero processing delay (token, createFeedDocument, upload, createFeed, getFeed, report, history committed), against
 * what it cannot avoid: the same load and build, plus uploading the documents over loopback.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_TENANT } from '../data.ts';
import { cloneRepo, commitAll } from '../git.ts';
import { atMost, compareWith, inChild, measureCases } from '../measure.ts';
import type { Stage, StageContext } from '../types.ts';

const STAGE = 'end to end';

/** Goal of issue 8: send at most this many times build plus upload. */
export const SEND_MAX_RATIO = 1.3;

/** About this many documents per feed: enough to exercise splitting. */
const DOCUMENTS = 8;
/** ONIX bytes per generated product, roughly; sets maxFeedBytes for about {@link DOCUMENTS} documents. */
const BYTES_PER_PRODUCT = 5000;
/** The tenant schema's lower bound of maxFeedBytes. */
const MIN_FEED_BYTES = 65_536;

/** A clone of the committed catalog whose tenant splits feeds into about {@link DOCUMENTS} documents. */
function sendRepo(ctx: StageContext, titles: number): string {
  const root = join(ctx.work, 'repo');
  cloneRepo(ctx.data.catalog(titles, 'yaml'), root);
  const config = join(root, 'config', 'tenants', `${BENCH_TENANT}.yaml`);
  const maxFeedBytes = Math.max(MIN_FEED_BYTES, Math.round((titles * BYTES_PER_PRODUCT) / DOCUMENTS));
  writeFileSync(config, readFileSync(config, 'utf8').replace(/^( +)format: onix$/m, `$1format: onix\n$1maxFeedBytes: ${maxFeedBytes}`));
  commitAll(root, 'split feeds');
  return root;
}

/** The end-to-end stage. */
export const sendStage: Stage = {
  name: 'send',
  async run(ctx) {
    const size = ctx.sendTitles;
    const args = { repo: sendRepo(ctx, size), tenant: BENCH_TENANT, work: ctx.work };
    const label = (work: string) => ({ stage: STAGE, work, size, unit: 'titles' as const });
    const [reference, send] = await measureCases([
      { label: label('load + build (XSD) + upload over loopback'), run: () => inChild('feed', 'buildAndUpload', args) },
      { label: label('send through the sandbox, no processing delay'), run: () => inChild('feed', 'send', args) },
    ], ctx.reps, ctx.log);
    compareWith(send, reference);
    send.goals.push(atMost(`<= ${SEND_MAX_RATIO}x build + upload`, send.ratio, SEND_MAX_RATIO));
    return [reference, send];
  },
};
