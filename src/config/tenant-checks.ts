/**
 * Checks on a tenant file that JSON Schema cannot express: real time zones, marketplaces of the right region, GLN check
 * digits, listings attribute names the attribute table knows. They run on the raw parsed value, so they also report when the schema check failed elsewhere in the file
 * (a person sees every problem at once); each check looks only at values of the type it expects.
 */
import { ATTRIBUTE_TABLE_PATH } from '../amazon/listings/table-file.ts';
import { MARKETPLACES, marketplaceById, REGIONS } from '../amazon/regions.ts';
import { isbn13CheckDigit } from '../catalog/isbn.ts';
import type { Problem } from './problem.ts';
import type { Locate, ValuePath } from './positions.ts';
import { describePath } from './positions.ts';
import { didYouMean } from './suggest.ts';
import { timeZoneProblem } from './time-zone.ts';

/** What the checks beyond the schema may know besides the file itself. */
export interface TenantCheckContext {
  /**
   * Attribute names of the repository's listings attribute table (`config/listings-attributes.yaml`); when given,
   * every name in `amazon.listings.attributes` must be one of them.
   */
  listingsAttributes?: ReadonlySet<string>;
}

/** Problems beyond the schema in a parsed tenant file (none when it is fine). */
export function tenantProblems(value: unknown, path: string, locate: Locate, context: TenantCheckContext = {}): Problem[] {
  const problems: Problem[] = [];
  const report = (at: ValuePath, message: string) => problems.push({ path, ...locate(at), message });
  const file = record(value);

  const timezone = record(file.schedule).timezone;
  if (typeof timezone === 'string' && timezone !== '') {
    const problem = timeZoneProblem(timezone);
    if (problem) report(['schedule', 'timezone'], problem);
  }

  for (const party of ['sender', 'supplier'] as const) {
    const gln = record(file[party]).gln;
    if (typeof gln === 'string' && /^[0-9]{13}$/.test(gln)) {
      const expected = isbn13CheckDigit(gln.slice(0, 12)); // a GLN is a GTIN-13 and shares its check digit
      if (Number(gln[12]) !== expected) {
        report([party, 'gln'], `${party}.gln ${gln} has a wrong check digit: the last digit must be ${expected} (${gln.slice(0, 12)}${expected})`);
      }
    }
  }

  const amazon = record(file.amazon);
  const region = typeof amazon.region === 'string' && Object.hasOwn(REGIONS, amazon.region) ? amazon.region : undefined;
  const ids = Array.isArray(amazon.marketplaceIds) ? amazon.marketplaceIds : [];
  ids.forEach((id: unknown, index) => {
    if (typeof id !== 'string') return;
    const at = ['amazon', 'marketplaceIds', index];
    const marketplace = marketplaceById(id);
    if (!marketplace) {
      const known = MARKETPLACES.filter((m) => !region || m.region === region);
      const suggestion = didYouMean(id, known.map((m) => m.id));
      const list = known.map((m) => `${m.id} (${m.countryCode})`).join(', ');
      report(at, `${describePath(at)}: unknown marketplace id '${id}'; ${suggestion ?? `known${region ? ` in region ${region}` : ''}: ${list}`}`);
    } else if (region && marketplace.region !== region) {
      report(at, `marketplace ${id} (${marketplace.countryCode}) belongs to region ${marketplace.region}, not ${region}`);
    }
  });

  // A language tag for a marketplace the tenant does not send to would silently never apply.
  for (const id of Object.keys(record(record(amazon.listings).languageTags))) {
    if (ids.includes(id)) continue;
    const at = ['amazon', 'listings', 'languageTags', id];
    report(at, `${describePath(at)}: marketplace '${id}' is not in amazon.marketplaceIds (${ids.join(', ')}); ${didYouMean(id, ids.filter((m): m is string => typeof m === 'string')) ?? 'add it there or remove this tag'}`);
  }

  const known = context.listingsAttributes;
  const names = record(amazon.listings).attributes;
  if (known && Array.isArray(names)) {
    names.forEach((name: unknown, index) => {
      if (typeof name !== 'string' || known.has(name)) return;
      const at = ['amazon', 'listings', 'attributes', index];
      const hint = didYouMean(name, known) ?? `known: ${[...known].join(', ')}`;
      report(at, `${describePath(at)}: '${name}' is not an attribute of the listings attribute table (${ATTRIBUTE_TABLE_PATH}); ${hint}`);
    });
  }
  return problems;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
