/**
 * The six Feeds API 2021-06-30 operations as Amazon's model declares them: method, path, success status and the
 * default usage plan (rate and burst), read from the pinned model so the numbers cannot drift from Amazon's.
 */
import { readFileSync } from 'node:fs';

/** The operationIds of the Feeds API 2021-06-30. */
export type FeedsOperation =
  | 'getFeeds'
  | 'createFeed'
  | 'getFeed'
  | 'cancelFeed'
  | 'createFeedDocument'
  | 'getFeedDocument';

/** One operation as the model declares it. */
export interface OperationSpec {
  operation: FeedsOperation;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path template, e.g. `/feeds/2021-06-30/feeds/{feedId}`. */
  path: string;
  /** The 2xx status the model declares (201 for createFeedDocument, 202 for createFeed, else 200). */
  successStatus: number;
  /** Default sustained rate, requests per second. */
  rate: number;
  /** Default burst (bucket size). */
  burst: number;
}

/** The pinned copy of Amazon's model. */
const FEEDS_MODEL_URL = new URL('../../schemas/sp-api/feeds_2021-06-30.json', import.meta.url);

interface ModelOperation {
  operationId: string;
  description?: string;
  responses: Record<string, unknown>;
}

/** The usage plan sits in each description as a markdown table row `| 0.0083 | 15 |`. */
const USAGE_PLAN_ROW = /\|\s*Rate \(requests per second\)\s*\|\s*Burst\s*\|\s*\n\s*\|[-\s|]+\|\s*\n\s*\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|/;

function loadOperations(): Record<FeedsOperation, OperationSpec> {
  const model = JSON.parse(readFileSync(FEEDS_MODEL_URL, 'utf8')) as {
    paths: Record<string, Record<string, ModelOperation | unknown>>;
  };
  const specs: Partial<Record<FeedsOperation, OperationSpec>> = {};
  for (const [path, methods] of Object.entries(model.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      if (method === 'parameters') continue;
      const op = raw as ModelOperation;
      const plan = USAGE_PLAN_ROW.exec(op.description ?? '');
      if (!plan) throw new Error(`Feeds model: no usage plan table in the description of ${op.operationId}`);
      const successStatus = Number(Object.keys(op.responses).find((code) => code.startsWith('2')));
      specs[op.operationId as FeedsOperation] = {
        operation: op.operationId as FeedsOperation,
        method: method.toUpperCase() as OperationSpec['method'],
        path,
        successStatus,
        rate: Number(plan[1]),
        burst: Number(plan[2]),
      };
    }
  }
  return specs as Record<FeedsOperation, OperationSpec>;
}

/** Every Feeds operation, keyed by operationId. */
export const FEEDS_OPERATIONS: Readonly<Record<FeedsOperation, OperationSpec>> = loadOperations();
