/**
 * Loads a tenant's catalog into memory: the titles of {@link streamCatalog}, collected, with its problems sorted by
 * place. For deltas and small catalogs; anything that walks a whole catalog of 100k titles should stream it instead
 * (a loaded 100k catalog takes about 450 MB).
 */
import type { Problem } from '../config/problem.ts';
import { streamCatalog, type CatalogOptions } from './stream.ts';
import type { LoadedTitle } from './title.ts';

/** Options of {@link loadCatalog}. */
export type LoadCatalogOptions = CatalogOptions;

/** What {@link loadCatalog} found. */
export interface LoadedCatalog {
  /** Clean titles, in ISBN order. */
  titles: LoadedTitle[];
  /** Every problem, sorted by path, line and column. */
  problems: Problem[];
}

/**
 * Loads the titles of `tenantId` under `root`; bad files become problems and are left out. Checks and duplicate rules
 * are those of {@link streamCatalog}.
 */
export async function loadCatalog(root: string, tenantId: string, options: LoadCatalogOptions = {}): Promise<LoadedCatalog> {
  const problems: Problem[] = [];
  const titles: LoadedTitle[] = [];
  for await (const title of streamCatalog(root, tenantId, { ...options, onProblem: (problem) => problems.push(problem) })) titles.push(title);
  return { titles, problems: problems.sort(byPlace) };
}

/** Orders problems by path, line and column, as `validate` prints them. */
export function byPlace(a: Problem, b: Problem): number {
  return (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || a.line - b.line || a.col - b.col;
}
