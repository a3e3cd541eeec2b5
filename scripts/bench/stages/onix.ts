/**
 * Stage "ONIX build": the writer (`buildOnix`: business rules, mapping, escaping, splitting, sha256; no XSD) against
 * the bare template floor and xmlbuilder2 DOM, all over the same in-memory titles, and the writer with XSD
 * validation as the pipeline runs it. The floor's bytes must equal the writer's, or the comparison is void.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { atLeast, atMost, compareWith, inChild, measureCases, perSecond, type Case } from '../measure.ts';
import type { Measurement, Row, Stage, StageContext } from '../types.ts';

const STAGE = 'ONIX build';

/** Goals of issue 3 for the writer. */
export const BUILD_GOALS = { maxRatioToFloor: 2, minProductsPerSecond: 25_000, maxRssMb: 250 };

/** Work label of the writer row (the memory stage looks it up). */
export const WRITER = 'buildOnix writer, no XSD';

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
  // The DOM gets one run: at 20-50x the floor more runs would not change what its row shows, and at 100k each takes
  // minutes. The writer with XSD is informational (the end-to-end stage's reference builds with XSD too).
  const cases: Case[] = [
    { label: label('floor: bare template strings'), run: run('floor') },
    { label: label(WRITER), run: run('writer') },
    ...(ctx.quick ? [] : [
      { label: label('xmlbuilder2 DOM (one run)'), run: run('dom'), reps: 1 },
      { label: label('buildOnix writer + XSD (as send runs it)'), run: run('writer', { xsd: true }) },
    ]),
  ];
  const [floor, writer, dom, withXsd] = await measureCases(cases, ctx.reps, ctx.log);
  for (const row of [writer, dom, withXsd]) if (row) compareWith(row, floor);
  writer.note = writer.last.sha256 === floor.last.sha256 ? 'same bytes as the floor' : 'OUTPUT DIFFERS FROM THE FLOOR: ratio not comparable';
  writer.goals.push(
    atMost(`<= ${BUILD_GOALS.maxRatioToFloor}x floor`, writer.ratio, BUILD_GOALS.maxRatioToFloor),
    atLeast(`>= ${BUILD_GOALS.minProductsPerSecond.toLocaleString('en-US')} products/s`, perSecond(writer), BUILD_GOALS.minProductsPerSecond),
    atMost(`<= ${BUILD_GOALS.maxRssMb} MB`, writer.peakRssMb, BUILD_GOALS.maxRssMb),
  );
  withXsd?.goals.push(atMost(`<= ${BUILD_GOALS.maxRssMb} MB`, withXsd.peakRssMb, BUILD_GOALS.maxRssMb));
  const mb = (m: Measurement) => `${((m.bytes ?? 0) / 1e6).toFixed(0)} MB written`;
  floor.note = mb(floor.last);
  return [floor, writer, dom, withXsd].filter((row) => row !== undefined);
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
