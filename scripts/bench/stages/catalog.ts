/**
 * Stage "catalog load": `loadCatalog` (parse, schema, checks beyond it, duplicates) over generated YAML and JSON
 * catalogs, against reading the same files and parsing them with no checks. YAML also with the parse cache: cold
 * (an empty cache, filled by the run) and warm (filled beforehand; blob ids from git).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_TENANT } from '../data.ts';
import { compareWith, inChild, measureCase } from '../measure.ts';
import type { Row, Stage, StageContext } from '../types.ts';

const STAGE = 'catalog load';

async function formatRows(ctx: StageContext, size: number, format: 'yaml' | 'json'): Promise<Row[]> {
  const root = ctx.data.catalog(size, format);
  const upper = format.toUpperCase();
  const args = { root, tenant: BENCH_TENANT };
  const label = (work: string) => ({ stage: STAGE, work: `${upper}: ${work}`, size, unit: 'titles' as const });
  const reference = await measureCase(label('read + parse, no checks'), ctx.reps, () => inChild('catalog', 'readAndParse', args), ctx.log);
  const rows: Row[] = [reference];
  rows.push(await measureCase(label('loadCatalog, no cache'), ctx.reps, () => inChild('catalog', 'load', args), ctx.log));
  if (format === 'yaml') {
    rows.push(
      await measureCase(label('loadCatalog, cold parse cache'), ctx.reps, async () => {
        const cacheDir = mkdtempSync(join(ctx.work, 'cold-cache-'));
        try {
          return await inChild('catalog', 'load', { ...args, cacheDir });
        } finally {
          rmSync(cacheDir, { recursive: true, force: true });
        }
      }, ctx.log),
    );
    const warmCache = mkdtempSync(join(ctx.work, 'warm-cache-'));
    await inChild('catalog', 'load', { ...args, cacheDir: warmCache });
    rows.push(await measureCase(label('loadCatalog, warm parse cache'), ctx.reps, () => inChild('catalog', 'load', { ...args, cacheDir: warmCache }), ctx.log));
  }
  for (const row of rows.slice(1)) compareWith(row, reference);
  return rows;
}

/** The catalog stage. */
export const catalogStage: Stage = {
  name: 'catalog',
  async run(ctx) {
    const rows: Row[] = [];
    for (const size of ctx.sizes) for (const format of ['yaml', 'json'] as const) rows.push(...(await formatRows(ctx, size, format)));
    return rows;
  },
};
