/**
 * Stage "ONIX build": the writer (`buildOnix`: business rules, mapping, escaping, splitting, sha256; no XSD) against
 * the bare template floor and xmlbuilder2 DOM, all over the same in-memory titles; issue 3's (a), the writer end to end
 * (`streamCatalog` loading the generated JSON title files into `buildOnix`) against the floor over the same files read
 * bare (and beside the in-memory floor); and the writer with XSD validation as the pipeline runs it. The floor's bytes must equal the writer's, or the comparison is void.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { atLeast, atMost, compareWith, inChild, measureCases, perSecond, type Case } from '../measure.ts';
import { BENCH_TENANT } from '../data.ts';
import type { Goal, Measurement, Row, Stage, StageContext } from '../types.ts';

const STAGE = 'ONIX build';

/** Goals of issue 3 for the writer. */
export const BUILD_GOALS = { maxRatioToFloor: 2, minProductsPerSecond: 25_000, maxRssMb: 250 };

/** Work label of the writer row (the memory stage looks it up). */
export const WRITER = 'buildOnix writer, no XSD';

/** Work label of the floor of (a): the same template strings over the title files read bare. */
const FLOOR_FROM_FILES = 'floor from files: read + JSON.parse + template strings';

/** Work label of issue 3's (a): the writer end to end, loading the title files (the memory stage looks it up). */
export const END_TO_END = '(a) end to end: streamCatalog + buildOnix, no XSD';

/** Issue 3's goals for a writer row: against the floor, products per second, peak RSS. */
function writerGoals(row: Row): Goal[] {
  return [
    atMost(`<= ${BUILD_GOALS.maxRatioToFloor}x floor`, row.ratio, BUILD_GOALS.maxRatioToFloor),
    atLeast(`>= ${BUILD_GOALS.minProductsPerSecond.toLocaleString('en-US')} products/s`, perSecond(row), BUILD_GOALS.minProductsPerSecond),
    atMost(`<= ${BUILD_GOALS.maxRssMb} MB`, row.peakRssMb, BUILD_GOALS.maxRssMb),
  ];
}

const mb = (m: Measurement) => `${((m.bytes ?? 0) / 1e6).toFixed(0)} MB written`;

async function sizeRows(ctx: StageContext, size: number): Promise<Row[]> {
  const outDir = join(ctx.work, `onix-${size}`);
  const run = (workload: string, extra: Record<string, unknown> = {}) => async (): Promise<Measurement> => {
    try {
      return await inChild('onix', workload, { titles: size, outDir, ...extra });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  };
  const label = (work: string) => ({ stage: STAGE, work, size, unit: 'titles' as const });
  // Generated here, before any run, so no measured run waits for it.
  const jsonCatalog = ctx.data.catalog(size, 'json');
  // The DOM gets one run: at 20-50x the floor more runs would not change what its row shows, and at 100k each takes
  // minutes. The writer with XSD is informational (the end-to-end stage's reference builds with XSD too).
  const cases: Case[] = [
    { label: label('floor: bare template strings'), run: run('floor') },
    { label: label(WRITER), run: run('writer') },
    { label: label(END_TO_END), run: run('endToEnd', { root: jsonCatalog, tenant: BENCH_TENANT }) },
    { label: label(FLOOR_FROM_FILES), run: run('floor', { root: jsonCatalog, tenant: BENCH_TENANT }) },
    ...(ctx.quick ? [] : [
      { label: label('xmlbuilder2 DOM (one run)'), run: run('dom'), reps: 1 },
      { label: label('buildOnix writer + XSD (as send runs it)'), run: run('writer', { xsd: true }) },
    ]),
  ];
  const [floor, writer, endToEnd, floorFromFiles, dom, withXsd] = await measureCases(cases, ctx.reps, ctx.log);
  for (const row of [writer, floorFromFiles, dom, withXsd]) if (row) compareWith(row, floor);
  // (a) reads the files, so its floor is the floor that reads them too: the same bytes from the same input with
  // nothing but JSON.parse and template strings. Its ratio to the in-memory floor is in its note.
  compareWith(endToEnd, floorFromFiles);
  writer.note = writer.last.sha256 === floor.last.sha256 ? 'same bytes as the floor' : 'OUTPUT DIFFERS FROM THE FLOOR: ratio not comparable';
  // The generated files are distinct titles while the in-memory source cycles 1,000 of them, so the bytes differ; the
  // MB written, in both notes, shows whether the two wrote about as much.
  const sameAsFromFiles = endToEnd.last.sha256 === floorFromFiles.last.sha256 ? 'same bytes as the floor from files' : 'OUTPUT DIFFERS FROM THE FLOOR FROM FILES: ratio not comparable';
  const inMemoryRatio = (endToEnd.medianMs / floor.medianMs).toFixed(2);
  endToEnd.note = `loads ${size.toLocaleString('en-US')} JSON title files, ${sameAsFromFiles}; ${inMemoryRatio}x the in-memory floor (${mb(endToEnd.last)})`;
  floorFromFiles.note = `the floor's template strings over the files read on one thread with JSON.parse, no checks (${mb(floorFromFiles.last)})`;
  for (const row of [writer, endToEnd]) row.goals.push(...writerGoals(row));
  withXsd?.goals.push(atMost(`<= ${BUILD_GOALS.maxRssMb} MB`, withXsd.peakRssMb, BUILD_GOALS.maxRssMb));
  floor.note = mb(floor.last);
  return [floor, writer, endToEnd, floorFromFiles, dom, withXsd].filter((row) => row !== undefined);
}

/** The ONIX build stage. */
export const onixStage: Stage = {
  name: 'onix',
  async run(ctx) {
    const rows: Row[] = [];
    for (const size of ctx.sizes) rows.push(...(await sizeRows(ctx, size)));
    return rows;
  },
};
