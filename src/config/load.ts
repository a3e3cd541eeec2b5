/**
 * Reading tenant configs from `config/tenants/<id>.yaml`: schema check, checks beyond it, defaults. The tenant id
 * is checked against TENANT_ID_PATTERN before it is ever joined into a path, so an id such as `../x` cannot reach
 * another folder (tenant isolation).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, type Problem } from './problem.ts';
import { checkAgainstSchema } from './schema-problems.ts';
import { didYouMean } from './suggest.ts';
import { TENANT_ID_PATTERN, type LoadedTenant } from './tenant.ts';
import { tenantProblems, type TenantCheckContext } from './tenant-checks.ts';
import { normaliseTenant, type TenantFile } from './tenant-defaults.ts';
import { parseYamlWithPositions } from './yaml-document.ts';

/** Folder of the tenant files, relative to the repository root. */
export const TENANTS_DIR = 'config/tenants';

/** The JSON Schema of a tenant file. */
export const TENANT_SCHEMA_URL = new URL('../../config/tenant.schema.json', import.meta.url);

const TENANT_ID_RULE = '2-63 lower-case letters (a-z), digits and hyphens, starting with a letter or digit';

/**
 * Loads every tenant; a broken file is left out of `tenants` and reported in `problems` (all of its problems).
 * `context` adds checks that need more than the file (see TenantCheckContext).
 */
export async function loadTenants(root: string, context: TenantCheckContext = {}): Promise<{ tenants: LoadedTenant[]; problems: Problem[] }> {
  const tenants: LoadedTenant[] = [];
  const problems: Problem[] = [];
  let entries;
  try {
    entries = await readdir(path.join(root, TENANTS_DIR), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const message = `folder ${TENANTS_DIR} is missing; create it with one <tenant>.yaml file per publisher`;
    return { tenants, problems: [{ path: TENANTS_DIR, line: 1, col: 1, message }] };
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.') || entry.name === 'README.md') continue;
    const relative = `${TENANTS_DIR}/${entry.name}`;
    const misplaced = misplacedEntryProblem(entry.name, entry.isDirectory());
    if (misplaced) {
      problems.push({ path: relative, line: 1, col: 1, message: misplaced });
      continue;
    }
    const text = await readFile(path.join(root, relative), 'utf8');
    const loaded = parseTenantFile(entry.name.slice(0, -'.yaml'.length), relative, text, context);
    if (loaded.tenant) tenants.push(loaded.tenant);
    problems.push(...loaded.problems);
  }
  return { tenants, problems };
}

/**
 * The ids of all tenant files whose names are valid ids, whether or not their content is: their catalogs can be
 * checked even while the config itself has problems.
 */
export async function listTenantIds(root: string): Promise<string[]> {
  const names = await readdir(path.join(root, TENANTS_DIR)).catch(() => [] as string[]);
  return names
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => name.slice(0, -'.yaml'.length))
    .filter((id) => TENANT_ID_PATTERN.test(id))
    .sort();
}

/** Loads one tenant by id; throws InvalidInputError (with every problem) when the id or the file is not valid. */
export async function loadTenant(root: string, id: string): Promise<LoadedTenant> {
  const idProblem = tenantIdProblem(id);
  if (idProblem) throw new InvalidInputError([{ path: TENANTS_DIR, line: 1, col: 1, message: idProblem }]);
  const relative = `${TENANTS_DIR}/${id}.yaml`;
  let text: string;
  try {
    text = await readFile(path.join(root, relative), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new InvalidInputError([{ path: relative, line: 1, col: 1, message: await unknownTenantMessage(root, id) }]);
  }
  const loaded = parseTenantFile(id, relative, text);
  if (!loaded.tenant) throw new InvalidInputError(loaded.problems);
  return loaded.tenant;
}

/** Why `id` cannot be a tenant id (with a valid form to use instead), or undefined when it can. */
export function tenantIdProblem(id: string): string | undefined {
  if (TENANT_ID_PATTERN.test(id)) return undefined;
  const slug = id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
  const instead = TENANT_ID_PATTERN.test(slug) ? `, e.g. '${slug}'` : '';
  return `tenant id ${JSON.stringify(id)} is not valid: use ${TENANT_ID_RULE}${instead}`;
}

/**
 * Parses, checks and normalises one tenant file's text. `id` is the file name without `.yaml`; `relativePath` is
 * the repository-relative path that problems name; `context` as for tenantProblems.
 */
export function parseTenantFile(
  id: string, relativePath: string, text: string, context: TenantCheckContext = {},
): { tenant?: LoadedTenant; problems: Problem[] } {
  const idProblem = tenantIdProblem(id);
  const idProblems: Problem[] = idProblem ? [{ path: relativePath, line: 1, col: 1, message: `file name: ${idProblem}` }] : [];
  const doc = parseYamlWithPositions(text, relativePath, { expected: 'the keys sender, amazon and schedule' });
  if (doc.problems.length > 0) return { problems: [...idProblems, ...doc.problems] };
  const problems = [
    ...idProblems,
    ...checkAgainstSchema(TENANT_SCHEMA_URL, doc.value, relativePath, doc.locate),
    ...tenantProblems(doc.value, relativePath, doc.locate, context),
  ].sort((a, b) => a.line - b.line || a.col - b.col);
  if (problems.length > 0) return { problems };
  return { tenant: { config: normaliseTenant(id, doc.value as TenantFile), path: relativePath }, problems };
}

function misplacedEntryProblem(name: string, isDirectory: boolean): string | undefined {
  if (isDirectory) return `unexpected folder in ${TENANTS_DIR}: it holds only <tenant>.yaml files`;
  if (name.endsWith('.yml')) return `tenant files end in .yaml: rename ${name} to ${name.slice(0, -4)}.yaml`;
  if (!name.endsWith('.yaml')) return `unexpected file in ${TENANTS_DIR}: it holds only <tenant>.yaml files`;
  return undefined;
}

async function unknownTenantMessage(root: string, id: string): Promise<string> {
  const known = await listTenantIds(root);
  const suggestion = didYouMean(id, known);
  const alternatives = suggestion ?? (known.length > 0 ? `known tenants: ${known.join(', ')}` : `no tenants are configured in ${TENANTS_DIR}`);
  return `no tenant '${id}': ${TENANTS_DIR}/${id}.yaml does not exist; ${alternatives}`;
}
