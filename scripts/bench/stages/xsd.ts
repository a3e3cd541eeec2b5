/**
 * Stage "XSD validation": `validateOnixFile` (streaming, bounded batches, libxml2-wasm in workers) over the writer's
 * message, against libxml2's own `xmllint --stream --schema` on the same file when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { atMost, BenchRunError, canMeasureExternalRss, compareWith, externalCommand, inChild, measureCases, type Case } from '../measure.ts';
import type { Row, Stage, StageContext } from '../types.ts';

const STAGE = 'XSD validation';
const SCHEMA = fileURLToPath(new URL('../../../schemas/onix/3.1/ONIX_BookProduct_3.1_reference.xsd', import.meta.url));

/** Goal of issue 3 for validation memory. */
export const VALIDATION_MAX_RSS_MB = 300;

/** Work label of the validation row (the memory stage looks it up). */
export const VALIDATOR = 'validateOnixFile';

/** Whether xmllint is on the PATH. */
function hasXmllint(): boolean {
  return spawnSync('xmllint', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function sizeRows(ctx: StageContext, size: number, xmllint: boolean): Promise<Row[]> {
  const file = await ctx.data.onixMessage(size);
  const label = (work: string) => ({ stage: STAGE, work, size, unit: 'titles' as const });
  const cases: Case[] = [{ label: label(VALIDATOR), run: () => inChild('xsd', 'validateFile', { file }) }];
  if (xmllint) {
    cases.push({
      label: label('xmllint --stream --schema'),
      run: async () => {
        const run = await externalCommand('xmllint', ['--stream', '--noout', '--schema', SCHEMA, file], size);
        if (run.code !== 0) throw new BenchRunError(`xmllint found the message invalid or failed (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
        return run;
      },
    });
  }
  const [ours, reference] = await measureCases(cases, ctx.reps, ctx.log);
  ours.goals.push(atMost(`<= ${VALIDATION_MAX_RSS_MB} MB`, ours.peakRssMb, VALIDATION_MAX_RSS_MB));
  if (!reference) {
    ours.note = 'xmllint is not installed: no reference (apt-get install libxml2-utils)';
    return [ours];
  }
  if (!canMeasureExternalRss) reference.note = 'no /usr/bin/time: peak RSS unknown';
  compareWith(ours, reference);
  return [reference, ours];
}

/** The validation stage. */
export const xsdStage: Stage = {
  name: 'xsd',
  async run(ctx) {
    const xmllint = hasXmllint();
    if (!xmllint) ctx.log('  xsd: xmllint is not installed; validateOnixFile is measured without its reference');
    const rows: Row[] = [];
    for (const size of ctx.sizes) rows.push(...(await sizeRows(ctx, size, xmllint)));
    return rows;
  },
};
