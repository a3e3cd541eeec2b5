/**
 * Amazon's result documents in one shape (`ProcessingReport`): the XML ProcessingReport that XML feeds get
 * (AmazonEnvelope, MessageType ProcessingReport) parsed here with saxes, and the JSON listings report handed to
 * the listings parser. Also the report of a FATAL feed that came without a result document.
 */
import { SaxesParser } from 'saxes';
import { parseListingsReport } from './listings/report.ts';
import type { IssueSeverity, ProcessingReport, ReportIssue } from './report.ts';

/** The text is not a processing report this product can read. */
export class ReportFormatError extends Error {
  override name = 'ReportFormatError';
}

/**
 * Parses a downloaded result document: XML (`<AmazonEnvelope>`) or JSON (`{"header": ...}`), told apart by the
 * first character after any byte-order mark and whitespace.
 */
export function parseProcessingReport(text: string): ProcessingReport {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('<')) return parseXmlProcessingReport(body);
  if (body.startsWith('{')) return parseListingsReport(body);
  throw new ReportFormatError(
    `the result document is neither an XML ProcessingReport nor a JSON listings report (it starts with ` +
      `${JSON.stringify(body.slice(0, 40))}; flat-file feeds get a tab-separated summary this product does not read)`,
  );
}

/**
 * The report recorded for a feed Amazon ended FATAL without a result document. Amazon documents that this
 * happens and that such a feed may have applied some, none or all of its records.
 */
export function fatalWithoutReport(feedId: string): ProcessingReport {
  return {
    messagesProcessed: 0,
    messagesAccepted: 0,
    messagesInvalid: 0,
    errors: 1,
    warnings: 0,
    issues: [
      {
        code: 'FATAL',
        severity: 'ERROR',
        message:
          `Amazon ended feed ${feedId} FATAL without a processing report. Some, none or all of its records may have ` +
          'been applied; Amazon advises resubmitting, since a FATAL can be unrelated to the content. If it repeats, ' +
          'open a case with Amazon developer support and quote the feed id.',
      },
    ],
  };
}

interface Summary {
  processed: number;
  successful: number;
  withError: number;
  withWarning: number;
}

const SUMMARY_FIELDS: Record<string, keyof Summary> = {
  MessagesProcessed: 'processed',
  MessagesSuccessful: 'successful',
  MessagesWithError: 'withError',
  MessagesWithWarning: 'withWarning',
};

/**
 * Parses the XML ProcessingReport. Counts come from ProcessingSummary (summed when an envelope carries several
 * reports); `errors`/`warnings` count Result rows, but never fall below the summary's message counts, because
 * Amazon sometimes sends the counts without the rows that explain them.
 */
export function parseXmlProcessingReport(text: string): ProcessingReport {
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  let chars = '';
  let messageType: string | undefined;
  let summary: Summary | undefined;
  let result: Record<string, string> | undefined;
  const issues: ReportIssue[] = [];
  const fail = (why: string) => new ReportFormatError(`processing report line ${parser.line}: ${why}`);

  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (stack.length === 0 && name !== 'AmazonEnvelope') throw fail(`root element is <${tag.name}>, expected <AmazonEnvelope>`);
    if (name === 'ProcessingSummary') summary ??= { processed: 0, successful: 0, withError: 0, withWarning: 0 };
    if (name === 'Result') result = {};
    stack.push(name);
    chars = '';
  });
  parser.on('text', (t) => (chars += t));
  parser.on('cdata', (t) => (chars += t));
  parser.on('closetag', () => {
    const name = stack.pop()!;
    const parent = stack[stack.length - 1];
    const value = chars.trim();
    chars = '';
    if (name === 'MessageType' && parent === 'AmazonEnvelope') messageType = value;
    else if (parent === 'ProcessingSummary' && summary && name in SUMMARY_FIELDS) {
      const count = Number(value);
      if (!Number.isInteger(count) || count < 0) throw fail(`<${name}> must be a whole number, got '${value}'`);
      summary[SUMMARY_FIELDS[name]] += count;
    } else if (result && (parent === 'Result' || parent === 'AdditionalInfo')) result[name] = value;
    else if (name === 'Result' && result) {
      issues.push(toIssue(result, parser.line));
      result = undefined;
    }
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof ReportFormatError) throw error;
    throw new ReportFormatError(`processing report is not well-formed XML: ${(error as Error).message}`);
  }
  if (messageType !== 'ProcessingReport') {
    throw new ReportFormatError(`AmazonEnvelope MessageType is '${messageType ?? '(missing)'}', expected 'ProcessingReport'`);
  }
  const errorRows = issues.filter((i) => i.severity === 'ERROR').length;
  const warningRows = issues.filter((i) => i.severity === 'WARNING').length;
  const counts = summary ?? {
    processed: 0,
    successful: 0,
    withError: new Set(issues.filter((i) => i.severity === 'ERROR').map((i) => i.messageId)).size,
    withWarning: new Set(issues.filter((i) => i.severity === 'WARNING').map((i) => i.messageId)).size,
  };
  return {
    messagesProcessed: counts.processed,
    messagesAccepted: counts.successful,
    messagesInvalid: counts.withError,
    errors: Math.max(errorRows, counts.withError),
    warnings: Math.max(warningRows, counts.withWarning),
    issues,
  };
}

/** `Error` and `Warning` are the values Amazon's XSD allows; anything else is kept as an error, not dropped. */
function severityOf(resultCode: string): IssueSeverity {
  if (/^warning$/i.test(resultCode)) return 'WARNING';
  return 'ERROR';
}

function toIssue(fields: Record<string, string>, line: number): ReportIssue {
  const messageId = Number(fields.MessageID);
  const issue: ReportIssue = {
    code: fields.ResultMessageCode || 'unknown',
    severity: severityOf(fields.ResultCode ?? ''),
    message: fields.ResultDescription ?? '',
  };
  if (fields.MessageID !== undefined) {
    if (!Number.isInteger(messageId)) {
      throw new ReportFormatError(`processing report line ${line}: Result MessageID must be a number, got '${fields.MessageID}'`);
    }
    issue.messageId = messageId;
  }
  if (fields.SKU) issue.sku = fields.SKU;
  return issue;
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}
