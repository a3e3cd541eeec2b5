/**
 * Child-side workloads of the ONIX build stage: the writer (`buildOnix`), the bare template floor and the xmlbuilder2
 * DOM, all over the same in-memory titles, and the writer end to end (`streamCatalog` loading the title files into
 * `buildOnix`); each imports only what it uses, so its peak RSS is its own.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedTitle, Title } from '../../../src/catalog/title.ts';
import { formatProblem, type Problem } from '../../../src/config/problem.ts';
import type { Measurement, Workload } from '../types.ts';
import { BENCH_NOW, BENCH_ONIX_TENANT, titleFilesSource, titleSource, writeRendered } from '../onix-input.ts';

/** Builds `titles` into one document with the benchmark tenant; fails if any title is held back. */
async function buildOne(titles: Iterable<LoadedTitle> | AsyncIterable<LoadedTitle>, outDir: string, validateXsd: boolean): Promise<Omit<Measurement, 'millis' | 'maxRssMb'>> {
  const { buildOnix } = await import('../../../src/onix/build.ts');
  const built = await buildOnix({ tenant: BENCH_ONIX_TENANT, titles, deletions: [], now: BENCH_NOW, messageNumber: 1, outDir, validateXsd });
  if (built.heldBack.length) throw new Error(`the writer held back ${built.heldBack.length} generated titles, first: ${built.heldBack[0].reason}`);
  const [doc] = built.documents;
  return { items: built.written, bytes: doc.bytes, sha256: doc.sha256 };
}

/** Args: titles, outDir, xsd (optional: validate as the pipeline does). Titles come from memory. */
const writer: Workload = async (args) => {
  // Loaded here, untimed: the timed work's import of it is then a cache hit.
  await import('../../../src/onix/build.ts');
  const outDir = String(args.outDir);
  mkdirSync(outDir, { recursive: true });
  return () => buildOne(titleSource(Number(args.titles)), outDir, args.xsd === true);
};

/** Args: root, tenant, outDir. Issue 3's (a): the catalog files loaded by `streamCatalog` and written by `buildOnix`. */
const endToEnd: Workload = async (args) => {
  const { streamCatalog } = await import('../../../src/catalog/stream.ts');
  await import('../../../src/onix/build.ts');
  const outDir = String(args.outDir);
  mkdirSync(outDir, { recursive: true });
  return async () => {
    const problems: Problem[] = [];
    const titles = streamCatalog(String(args.root), String(args.tenant), { onProblem: (p) => problems.push(p) });
    const done = await buildOne(titles, outDir, false);
    if (problems.length) throw new Error(`the generated catalog has ${problems.length} problems, first: ${formatProblem(problems[0])}`);
    return done;
  };
};

/**
 * A workload writing titles with `render` into one file: the in-memory titles, or with args root and tenant, the
 * title files read bare (`titleFilesSource`).
 */
function rendered(load: () => Promise<(t: Title) => string>): Workload {
  return async (args) => {
    const render = await load();
    const outDir = String(args.outDir);
    mkdirSync(outDir, { recursive: true });
    const titles = () => (args.root === undefined ? titleSource(Number(args.titles)) : titleFilesSource(String(args.root), String(args.tenant)));
    return () => writeRendered(join(outDir, 'message.xml'), titles(), render);
  };
}

/** The ONIX build stage's workloads. */
export const workloads = {
  writer,
  endToEnd,
  floor: rendered(async () => (await import('../floor-writer.ts')).floorProduct),
  dom: rendered(async () => (await import('../dom-writer.ts')).domProduct),
};
