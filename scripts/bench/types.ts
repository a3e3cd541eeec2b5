/**
 * The shapes the benchmark harness passes around: what one measured run reports, the rows of the table, and the
 * interface each stage (one file per stage under `scripts/bench/`) implements.
 */

/** What one run reports from its child process (or from `/usr/bin/time` for an external tool). */
export interface Measurement {
  /** Wall time of the measured work only: imports and setup are outside it. */
  millis: number;
  /** Peak resident set size of the whole process, setup and imports included; undefined when unknown. */
  maxRssMb?: number;
  /** Units of work done (titles loaded, products written, tenants planned). */
  items: number;
  /** Bytes written, when the work writes a document. */
  bytes?: number;
  /** sha256 of the document written, to show that two writers produce the same bytes. */
  sha256?: string;
  note?: string;
}

/** What a child-side workload returns once its setup is done: the work to time. */
export type TimedWork = () => Promise<Omit<Measurement, 'millis' | 'maxRssMb'>>;

/** A child-side workload: sets up (untimed) from JSON arguments and returns the work to time. */
export type Workload = (args: Record<string, unknown>) => Promise<TimedWork>;

/** A goal from the issues, judged on one row. */
export interface Goal {
  text: string;
  met: boolean;
}

/** One line of the table: a case measured `runs.length` times. */
export interface Row {
  stage: string;
  /** What was measured, e.g. "YAML: streamCatalog, no cache". */
  work: string;
  size: number;
  unit: 'titles' | 'tenants';
  /** Median of `runsMs`. */
  medianMs: number;
  runsMs: number[];
  /** Highest peak RSS over the runs; undefined when it could not be measured. */
  peakRssMb?: number;
  items: number;
  /** Label of the row this one is compared with (same stage, same size, same run of the harness). */
  reference?: string;
  /** medianMs / the reference's medianMs. */
  ratio?: number;
  goals: Goal[];
  note?: string;
}

/** Sizes, repetitions and shared data a stage runs with. */
export interface StageContext {
  /** Catalog sizes (titles), e.g. [10000, 100000]. */
  sizes: number[];
  /** Tenant counts for planning, e.g. [1000, 10000]. */
  tenantCounts: number[];
  /** Titles of the end-to-end send. */
  sendTitles: number;
  /** Changed titles of the delta. */
  deltaChanged: number;
  /** Runs per case; the table shows the median. */
  reps: number;
  /** A quick run: leave out the slow cases that only inform (xmlbuilder2 DOM, the writer with XSD). */
  quick: boolean;
  /** Scratch folder of this stage, removed by the harness afterwards. */
  work: string;
  data: import('./data.ts').BenchData;
  log: (line: string) => void;
}

/** A stage of the benchmark: measures its cases and returns their rows. */
export interface Stage {
  name: StageName;
  run(ctx: StageContext): Promise<Row[]>;
}

/** The stages `--only` can pick. */
export const STAGE_NAMES = ['catalog', 'onix', 'xsd', 'delta', 'plan', 'send'] as const;
export type StageName = (typeof STAGE_NAMES)[number];
