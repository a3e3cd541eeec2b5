/**
 * Amazon's XML ProcessingReport (AmazonEnvelope, MessageType ProcessingReport), the result document of XML feeds.
 */

/** One Result row of the report. */
export interface ReportResult {
  messageId: number;
  resultCode: 'Error' | 'Warning';
  messageCode: number;
  description: string;
  sku?: string;
}

/** What the report says about one feed. */
export interface ProcessingReportContent {
  documentTransactionId: string;
  processed: number;
  /** Messages with at least one error. */
  withError: number;
  /** Messages with at least one warning. */
  withWarning: number;
  results: ReportResult[];
}

/** Renders the report as Amazon does (element order from Amazon's ProcessingReport.xsd). */
export function renderProcessingReport(content: ProcessingReportContent, encoding: string): string {
  const results = content.results.map(
    (r) => `      <Result>
        <MessageID>${r.messageId}</MessageID>
        <ResultCode>${r.resultCode}</ResultCode>
        <ResultMessageCode>${r.messageCode}</ResultMessageCode>
        <ResultDescription>${escapeXml(r.description)}</ResultDescription>${r.sku ? `
        <AdditionalInfo>
          <SKU>${escapeXml(r.sku)}</SKU>
        </AdditionalInfo>` : ''}
      </Result>
`,
  );
  return `<?xml version="1.0" encoding="${encoding}"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header>
    <DocumentVersion>1.02</DocumentVersion>
    <MerchantIdentifier>SANDBOX_MERCHANT</MerchantIdentifier>
  </Header>
  <MessageType>ProcessingReport</MessageType>
  <Message>
    <MessageID>1</MessageID>
    <ProcessingReport>
      <DocumentTransactionID>${escapeXml(content.documentTransactionId)}</DocumentTransactionID>
      <StatusCode>Complete</StatusCode>
      <ProcessingSummary>
        <MessagesProcessed>${content.processed}</MessagesProcessed>
        <MessagesSuccessful>${content.processed - content.withError}</MessagesSuccessful>
        <MessagesWithError>${content.withError}</MessagesWithError>
        <MessagesWithWarning>${content.withWarning}</MessagesWithWarning>
      </ProcessingSummary>
${results.join('')}    </ProcessingReport>
  </Message>
</AmazonEnvelope>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
