/**
 * `onix-feeds validate`: checks every tenant config, the listings attribute table and every title file, prints one
 * `path:line:col: message` per problem, and in GitHub Actions also annotates the lines and writes a job summary. Exit
 * 0 clean, 1 problems.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { attributeTableProblems, loadAttributeTable } from '../amazon/listings/table-file.ts';
import { countCleanTitles } from '../catalog/stream.ts';
import { UsageError, type Command, type CommandContext } from '../cli.ts';
import { listTenantIds, loadTenants, tenantIdProblem, TENANTS_DIR } from '../config/load.ts';
import { formatProblem, type Problem } from '../config/problem.ts';
import { capPerLevel } from '../github/annotations.ts';
import { boundedTable } from '../github/markdown.ts';
import { SUMMARY_BUDGET_BYTES } from '../github/run-summary.ts';

/** `onix-feeds validate [--root DIR]`, registered in src/cli.ts. */
export const validateCommand: Command = {
  summary: 'Check every tenant config, the listings attribute table and every title file; print one path:line:col: message per problem.',
  usage: 'onix-feeds validate [--root DIR]',
  options: {},
  async run(ctx) {
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    if (!(await stat(ctx.root).catch(() => undefined))?.isDirectory()) {
      throw new UsageError(`--root ${ctx.root} is not a folder; give the repository that holds config/ and catalog/`);
    }
    const result = await validateRepository(ctx.root, { cacheDir: ctx.env.ONIX_FEEDS_CACHE_DIR });
    for (const problem of result.problems) ctx.stdout(`${formatProblem(problem)}\n`);
    const line = summaryLine(result);
    ctx.stdout(`${line}\n`);
    if (ctx.env.GITHUB_ACTIONS === 'true') await reportToActions(ctx, result, line);
    return result.problems.length === 0 ? 0 : 1;
  },
};

/** What `validate` found in a repository. */
export interface ValidationResult {
  tenants: number;
  titles: number;
  /** Every problem, sorted by path, line and column. */
  problems: Problem[];
}

/**
 * Checks the listings attribute table, the tenant configs (with the attribute names they pick from that table), each
 * tenant's titles, and catalog folders that belong to no tenant. `cacheDir` is the catalog's parse cache (see
 * streamCatalog); it speeds up repeated runs over large catalogs. Titles are streamed and counted, not kept.
 */
export async function validateRepository(root: string, options: { cacheDir?: string } = {}): Promise<ValidationResult> {
  const tableProblems = await attributeTableProblems(root);
  // A broken table is reported on its own lines; names are checked against it only once it reads.
  const listingsAttributes = tableProblems.length ? undefined : new Set((await loadAttributeTable(root)).rules.map((rule) => rule.attribute));
  const { tenants, problems } = await loadTenants(root, { listingsAttributes });
  problems.push(...tableProblems);
  let titles = 0;
  const ids = await listTenantIds(root);
  for (const id of ids) {
    titles += await countCleanTitles(root, id, { cacheDir: options.cacheDir, onProblem: (problem) => problems.push(problem) });
  }
  problems.push(...(await orphanCatalogProblems(root, new Set(ids))));
  problems.sort((a, b) => (a.path === b.path ? a.line - b.line || a.col - b.col : a.path < b.path ? -1 : 1));
  return { tenants: tenants.length, titles, problems };
}

/** Folders under `catalog/` with no tenant file: their titles would never be sent, which is surely a mistake. */
async function orphanCatalogProblems(root: string, tenantIds: Set<string>): Promise<Problem[]> {
  const entries = await readdir(path.join(root, 'catalog'), { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !tenantIds.has(entry.name))
    .map((entry) => {
      const idProblem = tenantIdProblem(entry.name);
      const message = idProblem
        ? `catalog folder name: ${idProblem}`
        : `catalog folder '${entry.name}' has no tenant config: add ${TENANTS_DIR}/${entry.name}.yaml or remove the folder`;
      return { path: `catalog/${entry.name}`, line: 1, col: 1, message };
    });
}

function summaryLine({ tenants, titles, problems }: ValidationResult): string {
  const checked = `${plural(tenants, 'tenant')}, ${plural(titles, 'title')}`;
  if (problems.length === 0) return `${checked}: no problems`;
  const files = new Set(problems.map((p) => p.path)).size;
  return `${checked} valid; ${plural(problems.length, 'problem')} in ${plural(files, 'file')}`;
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Annotations on the lines at fault (as many as GitHub shows per step, the last saying how many more), on paths
 * relative to the checkout since the data may live in a subfolder of it, and a summary with every problem.
 */
async function reportToActions(ctx: CommandContext, result: ValidationResult, line: string): Promise<void> {
  // Loaded only here: outside Actions, validate does not pay for @actions/core.
  const { appendSummary, emitAnnotations, workspacePath } = await import('../github/actions.ts');
  emitAnnotations(
    capPerLevel(
      result.problems.map((p) => ({ level: 'error', message: p.message, file: workspacePath(ctx.env, ctx.root, p.path), line: p.line, col: p.col })),
    ),
  );
  // A local GITHUB_ACTIONS=true run has no summary file.
  if (ctx.env.GITHUB_STEP_SUMMARY) await appendSummary(renderValidationSummary(result, line), ctx.env);
}

/** The job summary: the one-line result and a table of every problem that fits GitHub's size limit. */
export function renderValidationSummary(result: ValidationResult, line: string, maxBytes = SUMMARY_BUDGET_BYTES): string {
  const heading = `### onix-feeds validate\n\n${result.problems.length === 0 ? ':white_check_mark:' : ':x:'} ${line}\n\n`;
  if (result.problems.length === 0) return heading;
  const rows = result.problems.map((p) => [p.path, p.line, p.col, p.message]);
  const table = boundedTable({
    headers: ['File', 'Line', 'Column', 'Problem'],
    rows,
    maxBytes: maxBytes - Buffer.byteLength(heading),
    noun: 'problems',
    fullListAt: 'the step log',
  });
  return heading + table;
}
