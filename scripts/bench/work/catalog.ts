/**
 * Child-side workloads of the catalog stage: `countCleanTitles`, as `validate` reads a catalog (`streamCatalog`: read,
 * parse, schema and checks beyond it, in ISBN order, on every core from 5,000 files), and the reference: reading the same files and parsing them
 * with the same parsers, nothing else. Neither keeps the titles, so peak memory shows what loading itself costs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workload } from '../types.ts';

/** Args: root, tenant, cacheDir (optional). */
const load: Workload = async (args) => {
  const { countCleanTitles } = await import('../../../src/catalog/stream.ts');
  return async () => {
    const problems: { path: string; line: number; message: string }[] = [];
    const items = await countCleanTitles(String(args.root), String(args.tenant), { cacheDir: args.cacheDir as string | undefined, onProblem: (p) => problems.push(p) });
    if (problems.length) throw new Error(`the generated catalog has ${problems.length} problems, first: ${problems[0].path}:${problems[0].line}: ${problems[0].message}`);
    return { items };
  };
};

/** Args: root, tenant. Reads and parses each title file (js-yaml core schema or JSON.parse, as the loader does). */
const readAndParse: Workload = async (args) => {
  const { CORE_SCHEMA, load: loadYaml } = await import('js-yaml');
  const dir = join(String(args.root), 'catalog', String(args.tenant), 'titles');
  return async () => {
    let items = 0;
    for (const name of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      const parsed: unknown = name.endsWith('.json') ? JSON.parse(text) : loadYaml(text, { schema: CORE_SCHEMA });
      if (parsed !== null) items++;
    }
    return { items };
  };
};

/** The catalog stage's workloads. */
export const workloads = { load, readAndParse };
