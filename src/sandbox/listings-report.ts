/**
 * What Amazon does with an uploaded JSON_LISTINGS_FEED document, reduced to what makes it refuse or flag a book
 * listing: the sandbox answers with a processing report (listings-feed-processing-report-schema-v2) computed from
 * the document, so a client sees the consequences of what it really sent.
 */
import type { ErrorObject } from 'ajv';
import { isbn13Problem } from '../catalog/isbn.ts';
import { feedSchemaErrors } from '../amazon/listings/schemas.ts';

/** Issue codes. 90220, 99022 and 18448 are Amazon's own (from its report example); the 88xxx codes are the sandbox's. */
export const LISTINGS_ISSUE_CODES = {
  requiredMissing: '90220',
  notEnoughValues: '99022',
  relevantIncomplete: '18448',
  notJson: '88001',
  schemaViolation: '88002',
  invalidIsbn: '88003',
  notABook: '88004',
  noOffer: '88005',
} as const;

export interface ListingsReportIssue {
  messageId?: number;
  sku?: string;
  code: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  message: string;
  attributeName?: string;
}

/** A report as Amazon's listings processing report schema describes it. */
export interface ListingsProcessingReport {
  header: { sellerId: string; version: '2.0'; feedId: string };
  issues: ListingsReportIssue[];
  summary: { errors: number; warnings: number; messagesProcessed: number; messagesAccepted: number; messagesInvalid: number };
}

export interface ListingsReportResult {
  report: ListingsProcessingReport;
  /** The document as a whole was refused (not JSON, or not a listings feed by Amazon's schema): the feed is FATAL. */
  fatal: boolean;
}

/** Attributes whose absence leaves a book listing incomplete (a warning, as Amazon's 18448 is). */
const RELEVANT_BOOK_ATTRIBUTES = ['contributor', 'product_description', 'main_product_image_locator'];

/** At most this many schema problems are listed; a broken document is usually broken the same way everywhere. */
const MAX_SCHEMA_ISSUES = 50;

type Message = { messageId: number; sku: string; operationType: string; productType?: string; requirements?: string; attributes?: Record<string, unknown> };

/** Reviews one uploaded listings document and builds its processing report. */
export function buildListingsReport(documentText: string, context: { feedId?: string } = {}): ListingsReportResult {
  const feedId = context.feedId ?? '0';
  let document: unknown;
  try {
    document = JSON.parse(documentText);
  } catch (error) {
    const issue = feedIssue(LISTINGS_ISSUE_CODES.notJson, `The feed document is not valid JSON: ${(error as Error).message}`);
    return { report: report(sellerOf(undefined), feedId, [issue], 0, 0), fatal: true };
  }
  const schemaErrors = feedSchemaErrors(document);
  if (schemaErrors.length > 0) {
    const issues = schemaErrors.slice(0, MAX_SCHEMA_ISSUES).map((error) => schemaIssue(error, document));
    return { report: report(sellerOf(document), feedId, issues, 0, 0), fatal: true };
  }
  const messages = (document as { messages: Message[] }).messages;
  const issues = messages.flatMap(reviewMessage);
  const invalid = new Set(issues.filter((i) => i.severity === 'ERROR').map((i) => i.messageId)).size;
  return { report: report(sellerOf(document), feedId, issues, messages.length, invalid), fatal: false };
}

function reviewMessage(message: Message): ListingsReportIssue[] {
  if (message.operationType === 'DELETE' || message.operationType === 'PATCH') return [];
  const issues: ListingsReportIssue[] = [];
  const add = (code: string, severity: ListingsReportIssue['severity'], text: string, attributeName?: string) =>
    issues.push({ messageId: message.messageId, sku: message.sku, code, severity, message: text, ...(attributeName ? { attributeName } : {}) });
  const attributes = message.attributes ?? {};
  const complete = message.operationType === 'UPDATE';
  if (message.productType !== 'ABIS_BOOK') {
    add(LISTINGS_ISSUE_CODES.notABook, 'WARNING', `Product type '${message.productType}' is not ABIS_BOOK; the sandbox checks book listings only.`);
    return issues;
  }

  if (complete && !hasValue(attributes.item_name, 'value')) {
    add(LISTINGS_ISSUE_CODES.requiredMissing, 'ERROR', "'[item_name]' is required but not supplied.", 'item_name');
  }
  const identifiers = values(attributes.externally_assigned_product_identifier);
  if (complete && identifiers.length === 0 && !hasValue(attributes.merchant_suggested_asin, 'value')) {
    add(LISTINGS_ISSUE_CODES.requiredMissing, 'ERROR', "'[externally_assigned_product_identifier]' is required but not supplied.", 'externally_assigned_product_identifier');
  }
  for (const identifier of identifiers) {
    const type = String(identifier.type ?? '').toLowerCase();
    const problem = type === 'ean' || type === 'isbn' ? isbn13Problem(String(identifier.value ?? '')) : undefined;
    if (problem) add(LISTINGS_ISSUE_CODES.invalidIsbn, 'ERROR', `Invalid product identifier: ${problem}.`, 'externally_assigned_product_identifier');
  }

  const offers = values(attributes.purchasable_offer);
  for (const offer of offers) {
    if (!(offerPrice(offer) > 0)) {
      add(LISTINGS_ISSUE_CODES.notEnoughValues, 'ERROR', "The field 'schedule' for the attribute 'purchasable_offer.our_price' does not have enough values. The required minimum is '1' value(s).", 'purchasable_offer.our_price');
    }
  }
  if (offers.length > 0 && !hasValue(attributes.list_price, 'value_with_tax') && !hasValue(attributes.list_price, 'value')) {
    add(LISTINGS_ISSUE_CODES.requiredMissing, 'ERROR', "'[list_price]' is required when an offer is included but not supplied.", 'list_price');
  }
  if (complete && message.requirements === 'LISTING' && offers.length === 0) {
    add(LISTINGS_ISSUE_CODES.noOffer, 'WARNING', 'The listing was created without an offer: no purchasable_offer was supplied, so the item cannot be bought.', 'purchasable_offer');
  }
  if (complete) {
    for (const name of RELEVANT_BOOK_ATTRIBUTES.filter((n) => values(attributes[n]).length === 0)) {
      add(LISTINGS_ISSUE_CODES.relevantIncomplete, 'WARNING', `Attributes tagged as relevant_attributes are incomplete. Provide values for the following attribute(s): ${name}`, name);
    }
  }
  return issues;
}

function report(sellerId: string, feedId: string, issues: ListingsReportIssue[], processed: number, invalid: number): ListingsProcessingReport {
  return {
    header: { sellerId, version: '2.0', feedId },
    issues,
    summary: {
      errors: issues.filter((i) => i.severity === 'ERROR').length,
      warnings: issues.filter((i) => i.severity === 'WARNING').length,
      messagesProcessed: processed,
      messagesAccepted: processed - invalid,
      messagesInvalid: invalid,
    },
  };
}

function feedIssue(code: string, message: string): ListingsReportIssue {
  return { code, severity: 'ERROR', message };
}

/** A schema problem, tied to its message when it sits inside one. */
function schemaIssue(error: ErrorObject, document: unknown): ListingsReportIssue {
  const text = `The feed does not match the JSON listings feed schema (v2): ${error.instancePath || '/'} ${error.message ?? 'is invalid'}.`;
  const index = /^\/messages\/(\d+)/.exec(error.instancePath)?.[1];
  const message = index === undefined ? undefined : ((document as { messages: unknown[] }).messages[Number(index)] as Partial<Message> | undefined);
  const issue = feedIssue(LISTINGS_ISSUE_CODES.schemaViolation, text);
  if (message && Number.isInteger(message.messageId) && (message.messageId as number) >= 1) issue.messageId = message.messageId;
  if (message && typeof message.sku === 'string' && message.sku.length > 0) issue.sku = message.sku;
  return issue;
}

function sellerOf(document: unknown): string {
  const sellerId = (document as { header?: { sellerId?: unknown } } | undefined)?.header?.sellerId;
  return typeof sellerId === 'string' ? sellerId : 'UNKNOWN';
}

function values(attribute: unknown): Record<string, unknown>[] {
  return Array.isArray(attribute) ? attribute.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object') : [];
}

function hasValue(attribute: unknown, field: string): boolean {
  return values(attribute).some((v) => v[field] !== undefined && v[field] !== null && String(v[field]).trim() !== '');
}

function offerPrice(offer: Record<string, unknown>): number {
  const ourPrice = values(offer.our_price)[0];
  const schedule = ourPrice && values(ourPrice.schedule)[0];
  return Number(schedule?.value_with_tax);
}
