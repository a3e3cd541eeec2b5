/**
 * Amazon's processing result for one feed document, in one shape for both report formats (the XML
 * ProcessingReport of the legacy feed types and the JSON listings report).
 */
/** How serious a reported issue is; ERROR means the product was not accepted. */
export type IssueSeverity = 'ERROR' | 'WARNING' | 'INFO';

/** One issue Amazon reported, for one message (product) or for the whole feed. */
export interface ReportIssue {
  /** Amazon's code (ResultMessageCode, or the listings issue code). */
  code: string;
  severity: IssueSeverity;
  message: string;
  /** The message the issue is about (MessageID / messageId), when Amazon says. */
  messageId?: number;
  sku?: string;
  /** The title the issue is about, resolved from the SKU or message id by the caller that knows the mapping. */
  isbn?: string;
  /** The listings attribute the issue is about. */
  attribute?: string;
}

/** Amazon's processing result for one feed document: counts and issues. */
export interface ProcessingReport {
  messagesProcessed: number;
  messagesAccepted: number;
  messagesInvalid: number;
  errors: number;
  warnings: number;
  issues: ReportIssue[];
}
