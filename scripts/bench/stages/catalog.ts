/**
 * Stage "catalog load": `streamCatalog` (parse, schema, checks beyond it, duplicates) over generated YAML and JSON
 * catalogs, against reading the same files and parsing them with no checks. YAML also with the parse cache: cold
 * (an empty cache, filled by the run) and warm (filled beforehand; blob ids from git).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_TENANT } from '../data.ts';
import { compareWith, inChild, measureCases, type Case } from '../measure.ts';
import type { Row, Stage, StageContext } from '../types.ts';

const STAGE = 'catalog load';

async function formatRows(ctx: StageContext, size: number, format: 'yaml' | 'json'): Promise<Row[]> {
  const root = ctx.data.catalog(size, format);
  const upper = format.toUpperCase();
  const args = { root, tenant: BENCH_TENANT };
  const label = (work: string) => ({ stage: STAGE, work: `${upper}: ${work}`, size, unit: 'titles' as const });
  const cases: Case[] = [
    { label: label('read + parse, no checks'), run: () => inChild('catalog', 'readAndParse', args) },
    { label: label('streamCatalog, no cache'), run: () => inChild('catalog', 'load', args) },
  ];
  if (format === 'yaml') {
    const warmCache = mkdtempSync(join(ctx.work, 'warm-cache-'));
    await inChild('catalog', 'load', { ...args, cacheDir: warmCache });
    cases.push(
      {
        label: label('streamCatalog, cold parse cache'),
        run: async () => {
          const cacheDir = mkdtempSync(join(ctx.work, 'cold-cache-'));
          try {
            return await inChild('catalog', 'load', { ...args, cacheDir });
          } finally {
            rmSync(cacheDir, { recursive: true, force: true });
          }
        },
      },
      { label: label('streamCatalog, warm parse cache'), run: () => inChild('catalog', 'load', { ...args, cacheDir: warmCache }) },
    );
  }
  const [reference, ...rows] = await measureCases(cases, ctx.reps, ctx.log);
  for (const row of rows) compareWith(row, reference);
  return [reference, ...rows];
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
