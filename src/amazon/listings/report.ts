/**
 * The JSON_LISTINGS_FEED processing report (listings-feed-processing-report-schema-v2) as a ProcessingReport, the
 * shape the feed history keeps for both feed formats.
 */
import type { IssueSeverity, ProcessingReport, ReportIssue } from '../report.ts';

/** The report text is not a listings processing report. */
export class ListingsReportError extends Error {
  override name = 'ListingsReportError';
}

interface RawIssue {
  messageId?: unknown;
  sku?: unknown;
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  attributeName?: unknown;
  attributeNames?: unknown;
}

const SEVERITIES: ReadonlySet<string> = new Set<IssueSeverity>(['ERROR', 'WARNING', 'INFO']);

/**
 * Parses the report: the summary counts, and every issue with its messageId, SKU, code, severity, message and
 * attribute. Issues Amazon lists per item (when the feed asked for `includedData`) are added with the item's SKU
 * unless the same issue is already listed. ISBNs are not known here: the caller resolves them from the SKUs
 * (`withIsbns` in `src/feed/outcome.ts`, with the document's `skuToIsbn`).
 */
export function parseListingsReport(text: string): ProcessingReport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ListingsReportError(`the listings processing report is not JSON: ${(error as Error).message}`);
  }
  if (!isObject(raw) || !isObject(raw.summary) || !Array.isArray(raw.issues)) {
    throw new ListingsReportError('the listings processing report has no summary or issues (expected listings-feed-processing-report v2)');
  }
  const summary = raw.summary;
  const issues = raw.issues.map((issue) => toIssue(issue as RawIssue));
  const seen = new Set(issues.map(issueKey));
  for (const item of Array.isArray(raw.items) ? raw.items : []) {
    if (!isObject(item) || !Array.isArray(item.issues)) continue;
    for (const rawIssue of item.issues) {
      const issue = toIssue({ sku: item.sku, ...(rawIssue as RawIssue) });
      if (!seen.has(issueKey(issue))) issues.push(issue), seen.add(issueKey(issue));
    }
  }
  return {
    messagesProcessed: count(summary.messagesProcessed),
    messagesAccepted: count(summary.messagesAccepted),
    messagesInvalid: count(summary.messagesInvalid),
    errors: count(summary.errors),
    warnings: count(summary.warnings),
    issues,
  };
}

function toIssue(raw: RawIssue): ReportIssue {
  const severity = typeof raw.severity === 'string' && SEVERITIES.has(raw.severity) ? (raw.severity as IssueSeverity) : 'ERROR';
  const attributes = Array.isArray(raw.attributeNames) ? raw.attributeNames.filter((a) => typeof a === 'string') : [];
  const attribute = typeof raw.attributeName === 'string' ? raw.attributeName : attributes.join(', ');
  return {
    code: typeof raw.code === 'string' ? raw.code : typeof raw.code === 'number' ? String(raw.code) : '',
    severity,
    message: typeof raw.message === 'string' ? raw.message : '',
    ...(Number.isInteger(raw.messageId) ? { messageId: raw.messageId as number } : {}),
    ...(typeof raw.sku === 'string' ? { sku: raw.sku } : {}),
    ...(attribute ? { attribute } : {}),
  };
}

function issueKey(issue: ReportIssue): string {
  return `${issue.sku ?? ''}\u0000${issue.code}\u0000${issue.message}`;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
