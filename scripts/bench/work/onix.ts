/**
 * Child-side workloads of the ONIX build stage: the writer (`buildOnix`), the bare template floor and the xmlbuilder2
 * DOM, all over the same in-memory titles; each imports only what it uses, so its peak RSS is its own.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Title } from '../../../src/catalog/title.ts';
import type { Workload } from '../types.ts';
import { BENCH_NOW, BENCH_ONIX_TENANT, titleSource, writeRendered } from '../onix-input.ts';

/** Args: titles, outDir, xsd (optional: validate as the pipeline does). */
const writer: Workload = async (args) => {
  const { buildOnix } = await import('../../../src/onix/build.ts');
  const outDir = String(args.outDir);
  mkdirSync(outDir, { recursive: true });
  return async () => {
    const built = await buildOnix({
      tenant: BENCH_ONIX_TENANT, titles: titleSource(Number(args.titles)), deletions: [], now: BENCH_NOW, messageNumber: 1, outDir,
      validateXsd: args.xsd === true,
    });
    if (built.heldBack.length) throw new Error(`the writer held back ${built.heldBack.length} generated titles, first: ${built.heldBack[0].reason}`);
    const [doc] = built.documents;
    return { items: built.written, bytes: doc.bytes, sha256: doc.sha256 };
  };
};

/** A workload writing the titles with `render` into one file. */
function rendered(load: () => Promise<(t: Title) => string>): Workload {
  return async (args) => {
    const render = await load();
    const outDir = String(args.outDir);
    mkdirSync(outDir, { recursive: true });
    return () => writeRendered(join(outDir, 'message.xml'), titleSource(Number(args.titles)), render);
  };
}

/** The ONIX build stage's workloads. */
export const workloads = {
  writer,
  floor: rendered(async () => (await import('../floor-writer.ts')).floorProduct),
  dom: rendered(async () => (await import('../dom-writer.ts')).domProduct),
};
