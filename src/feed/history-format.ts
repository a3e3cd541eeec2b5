/**
 * One feed record as one JSONL line, with a stable key order so that history diffs stay small and readable.
 */
import type { FeedRecord } from './record.ts';

/** Key order of each object kind in a record; keys not listed follow in alphabetical order. */
const RECORD_KEYS = [
  'id', 'tenant', 'trigger', 'slot', 'titlesMode', 'kind', 'format', 'status', 'reason', 'warnings', 'selection', 'catalogCommit',
  'baseCommit', 'counts', 'heldBack', 'documents', 'artifacts', 'attempts', 'startedAt', 'finishedAt', 'runUrl',
];
const NESTED_KEYS: Record<string, string[]> = {
  counts: ['sent', 'deleted', 'heldBack'],
  heldBack: ['isbn', 'path', 'reason'],
  documents: [
    'fileName', 'bytes', 'sha256', 'products', 'contentType', 'messageNumber', 'feedDocumentId', 'feedId', 'processingStatus',
    'statusTimeline', 'report', 'isbns',
  ],
  artifacts: ['fileName', 'bytes', 'sha256', 'products', 'messageNumber'],
  statusTimeline: ['status', 'at'],
  report: ['messagesProcessed', 'messagesAccepted', 'messagesInvalid', 'errors', 'warnings', 'issues'],
  issues: ['code', 'severity', 'message', 'messageId', 'sku', 'isbn', 'attribute'],
};

function ordered(value: unknown, keys: string[] | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, keys));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const known = keys ?? [];
  const rest = Object.keys(source).filter((k) => !known.includes(k)).sort();
  const out: Record<string, unknown> = {};
  for (const key of [...known, ...rest]) {
    if (source[key] !== undefined) out[key] = ordered(source[key], NESTED_KEYS[key]);
  }
  return out;
}

/** The record as one line of JSON (no trailing newline), keys in the contract's order. */
export function serializeRecord(record: FeedRecord): string {
  return JSON.stringify(ordered(record, RECORD_KEYS));
}
