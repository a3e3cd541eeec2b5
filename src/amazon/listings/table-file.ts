/**
 * Reads the listings attribute table: the shipped `config/listings-attributes.yaml`, with a repository's own
 * `config/listings-attributes.yaml` (when `root` has one) laid over it. A table that breaks its schema is refused
 * with every problem at its line, so a correction never silently changes what is sent.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidInputError, type Problem } from '../../config/problem.ts';
import { checkAgainstSchema } from '../../config/schema-problems.ts';
import { parseYamlWithPositions } from '../../config/yaml-document.ts';
import { mergeAttributeTables, type AttributeTable, type AttributeTableFile } from './attribute-table.ts';

/** Where the table sits in a repository. */
export const ATTRIBUTE_TABLE_PATH = 'config/listings-attributes.yaml';

const SHIPPED_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCHEMA_URL = new URL('../../../config/listings-attributes.schema.json', import.meta.url);

/** The shipped table, with `<root>/config/listings-attributes.yaml` over it when root is another repository. */
export async function loadAttributeTable(root?: string): Promise<AttributeTable> {
  const shipped = await readTableFile(SHIPPED_ROOT);
  if (!root || resolve(root) === resolve(SHIPPED_ROOT)) return mergeAttributeTables(shipped);
  const own = await readTableFile(root, { optional: true });
  return mergeAttributeTables(shipped, own);
}

/** Problems of the table `root` would use (none when it is valid), for `onix-feeds validate`. */
export async function attributeTableProblems(root: string): Promise<Problem[]> {
  try {
    await loadAttributeTable(root);
    return [];
  } catch (error) {
    if (error instanceof InvalidInputError) return error.problems;
    throw error;
  }
}

/** Parses and checks one table file; throws InvalidInputError naming file and line. */
export function parseAttributeTable(text: string, path: string): AttributeTableFile {
  const parsed = parseYamlWithPositions(text, path, { expected: 'the key attributes (a list of attribute rules)' });
  const problems = parsed.problems.length > 0 ? parsed.problems : checkAgainstSchema(SCHEMA_URL, parsed.value, path, parsed.locate);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return parsed.value as AttributeTableFile;
}

async function readTableFile(root: string, options: { optional: true }): Promise<AttributeTableFile | undefined>;
async function readTableFile(root: string): Promise<AttributeTableFile>;
async function readTableFile(root: string, options?: { optional: true }): Promise<AttributeTableFile | undefined> {
  const file = join(root, ATTRIBUTE_TABLE_PATH);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (options?.optional && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseAttributeTable(text, relative(root, file).split('\\').join('/'));
}
