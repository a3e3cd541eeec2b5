/**
 * The six Feeds API 2021-06-30 operations as Amazon's model declares them: method, path, success status and the
 * default usage plan (rate and burst), read from the pinned model so the numbers cannot drift from Amazon's; and the
 * feed types whose createFeed has a usage plan of its own.
 */
import { readFileSync } from 'node:fs';
import type { UsagePlan } from './rate-limiter.ts';

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
      if (!plan) {
        throw new Error(
          `Feeds model ${FEEDS_MODEL_URL.pathname}: no usage plan table in the description of ${op.operationId}; ` +
            'restore the pinned copy of Amazon\'s model (see schemas/sp-api/SOURCE.md)',
        );
      }
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

/**
 * Feed types whose createFeed draws on a usage plan of its own instead of createFeed's default. The model's
 * createFeed description says JSON_LISTINGS_FEED has a different limit without giving it; Amazon's changelog of
 * 2025-05-06 sets it at 5 submissions per 5 minutes per region.
 */
export const CREATE_FEED_PLANS_BY_FEED_TYPE: Readonly<Record<string, UsagePlan>> = {
  JSON_LISTINGS_FEED: { rate: 5 / 300, burst: 5 },
};

/** Names a feed type's own createFeed usage plan, e.g. `createFeed:JSON_LISTINGS_FEED`. */
export type FeedTypePlanKey = `createFeed:${string}`;

/** The usage plan a createFeed of `feedType` draws on: the feed type's own (`createFeed:<feedType>`) or createFeed's. */
export function createFeedPlanKey(feedType: string): 'createFeed' | FeedTypePlanKey {
  return Object.hasOwn(CREATE_FEED_PLANS_BY_FEED_TYPE, feedType) ? `createFeed:${feedType}` : 'createFeed';
}

/** Every usage plan the client keeps to: the model's per operation and the feed types' own createFeed plans. */
export function clientUsagePlans(): Record<string, UsagePlan> {
  const plans: Record<string, UsagePlan> = {};
  for (const op of Object.values(FEEDS_OPERATIONS)) plans[op.operation] = { rate: op.rate, burst: op.burst };
  for (const [feedType, plan] of Object.entries(CREATE_FEED_PLANS_BY_FEED_TYPE)) plans[createFeedPlanKey(feedType)] = { ...plan };
  return plans;
}
