/**
 * The memory rows: how each stage's peak RSS grows from the smallest to the largest catalog, judged against the
 * goal of flat memory, from rows already measured in this run.
 */
import { atMost } from './measure.ts';
import { END_TO_END, WRITER } from './stages/onix.ts';
import type { Goal, Row } from './types.ts';

/** Goal of issue 8: peak RSS at the largest size at most this many times that at the smallest. */
export const MAX_RSS_GROWTH = 1.3;

/** The rows whose memory must stay flat: stage and work as the stages label them. */
const FLAT: { stage: string; work: string }[] = [
  { stage: 'catalog load', work: 'YAML: streamCatalog, no cache' },
  { stage: 'catalog load', work: 'JSON: streamCatalog, no cache' },
  { stage: 'ONIX build', work: WRITER },
  { stage: 'ONIX build', work: END_TO_END },
  { stage: 'ONIX build', work: 'buildOnix writer + XSD (as send runs it)' },
  { stage: 'XSD validation', work: 'validateOnixFile' },
];

/** Peak RSS of one case at two sizes. */
export interface MemoryRow {
  stage: string;
  work: string;
  smallSize: number;
  largeSize: number;
  smallMb: number;
  largeMb: number;
  growth: number;
  goal: Goal;
}

/** Memory growth of the flat-memory cases measured at two or more sizes; none when only one size ran. */
export function memoryRows(rows: Row[]): MemoryRow[] {
  const out: MemoryRow[] = [];
  for (const { stage, work } of FLAT) {
    const measured = rows.filter((r) => r.stage === stage && r.work === work && r.peakRssMb !== undefined).sort((a, b) => a.size - b.size);
    if (measured.length < 2) continue;
    const [small, large] = [measured[0], measured.at(-1)!];
    const growth = large.peakRssMb! / small.peakRssMb!;
    out.push({
      stage, work, smallSize: small.size, largeSize: large.size, smallMb: small.peakRssMb!, largeMb: large.peakRssMb!, growth,
      goal: atMost(`<= ${MAX_RSS_GROWTH}x`, growth, MAX_RSS_GROWTH),
    });
  }
  return out;
}
