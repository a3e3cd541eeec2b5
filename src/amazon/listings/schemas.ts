/**
 * Amazon's JSON listings schemas (pinned in `schemas/sp-api/`), compiled once per process: every feed document is
 * checked against the feed schema before it leaves, and the sandbox's reports against the report schema.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const SCHEMA_DIR = new URL('../../../schemas/sp-api/', import.meta.url);

let feedValidator: ValidateFunction | undefined;
let reportValidator: ValidateFunction | undefined;

function compile(fileName: string): ValidateFunction {
  // strict: false because Amazon's schemas carry annotation keywords ajv does not know (`example`).
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(JSON.parse(readFileSync(new URL(fileName, SCHEMA_DIR), 'utf8')) as object);
}

/** Problems of `document` against listings-feed-schema-v2.json (empty when valid). */
export function feedSchemaErrors(document: unknown): ErrorObject[] {
  feedValidator ??= compile('listings-feed-schema-v2.json');
  return feedValidator(document) ? [] : [...(feedValidator.errors ?? [])];
}

/** Problems of `report` against listings-feed-processing-report-schema-v2.json (empty when valid). */
export function reportSchemaErrors(report: unknown): ErrorObject[] {
  reportValidator ??= compile('listings-feed-processing-report-schema-v2.json');
  return reportValidator(report) ? [] : [...(reportValidator.errors ?? [])];
}

/** One line per schema error, e.g. `/messages/3/sku: must NOT have fewer than 1 characters`. */
export function describeSchemaErrors(errors: ErrorObject[], limit = 10): string {
  const lines = errors.slice(0, limit).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'is invalid'}`);
  if (errors.length > limit) lines.push(`... and ${errors.length - limit} more`);
  return lines.join('\n');
}
