/**
 * Child-side workloads of the catalog stage: `loadCatalog` (read, parse, schema and checks beyond it), and the
 * reference: reading the same files and parsing them with the same parsers, nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Workload } from '../types.ts';

/** Args: root, tenant, cacheDir (optional). */
const load: Workload = async (args) => {
  const { loadCatalog } = await import('../../../src/catalog/load.ts');
  return async () => {
    const { titles, problems } = await loadCatalog(String(args.root), String(args.tenant), { cacheDir: args.cacheDir as string | undefined });
    if (problems.length) throw new Error(`the generated catalog has ${problems.length} problems, first: ${problems[0].path}:${problems[0].line}: ${problems[0].message}`);
    return { items: titles.length };
  };
};

/** Args: root, tenant. Reads and parses each title file (js-yaml core schema or JSON.parse, as the loader does). */
const readAndParse: Workload = async (args) => {
  const { CORE_SCHEMA, load: loadYaml } = await import('js-yaml');
  const dir = join(String(args.root), 'catalog', String(args.tenant), 'titles');
  return async () => {
    const parsed: unknown[] = [];
    for (const name of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      parsed.push(name.endsWith('.json') ? JSON.parse(text) : loadYaml(text, { schema: CORE_SCHEMA }));
    }
    return { items: parsed.length };
  };
};

/** The catalog stage's workloads. */
export const workloads = { load, readAndParse };
