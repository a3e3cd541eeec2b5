/**
 * Amazon's Feeds API model (`schemas/sp-api/feeds_2021-06-30.json`) turned into a request matcher and checker, so
 * the sandbox holds every request it receives to the published contract instead of to its own reading of it.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { FEEDS_OPERATIONS, type FeedsOperation } from '../amazon/operations.ts';
import type { UsagePlan } from '../amazon/rate-limiter.ts';

const MODEL_URL = new URL('../../schemas/sp-api/feeds_2021-06-30.json', import.meta.url);

/** The six operations of Feeds API 2021-06-30, by the model's operationId (the client's names for them). */
export type OperationId = FeedsOperation;

interface SwaggerParameter {
  name: string;
  in: 'query' | 'path' | 'body' | 'header';
  required?: boolean;
  type?: string;
  format?: string;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  enum?: string[];
  items?: { type?: string; enum?: string[] };
  schema?: object;
  description?: string;
}

interface SwaggerResponse {
  headers?: Record<string, unknown>;
}

interface SwaggerOperation {
  operationId: OperationId;
  description?: string;
  parameters?: SwaggerParameter[];
  consumes?: string[];
  responses: Record<string, SwaggerResponse>;
}

interface SwaggerModel {
  consumes: string[];
  paths: Record<string, Record<string, SwaggerOperation | unknown[]>>;
  definitions: Record<string, object>;
}

/** One operation of the model, ready to match and check requests. */
export interface ModelOperation {
  id: OperationId;
  method: string;
  pathTemplate: string;
  /** Default usage plan from the model's description table. */
  rateLimit: UsagePlan;
  /** Status codes whose response declares `x-amzn-RateLimit-Limit`. */
  rateLimitHeaderStatuses: Set<number>;
  /** Status codes the model declares for this operation. */
  statuses: Set<number>;
  parameters: SwaggerParameter[];
  consumes: string[];
  pattern: RegExp;
  pathParamNames: string[];
  validateBody?: ValidateFunction;
}

/** The result of matching a method and path against the model. */
export type OperationMatch =
  | { operation: ModelOperation; pathParams: Record<string, string> }
  | { violation: string };

/** What the sandbox knows of the model: its operations, in the model's order. */
export interface FeedsModel {
  operations: ModelOperation[];
  /** Finds the operation for a request, or says why none matches (unknown path, method not declared). */
  match(method: string, pathname: string): OperationMatch;
  /** Every way a request breaks the model: missing or unknown parameters, wrong types, sizes, body fields. */
  check(operation: ModelOperation, request: CheckedRequest): string[];
}

/** The parts of an HTTP request the model says something about. */
export interface CheckedRequest {
  query: URLSearchParams;
  contentType: string | undefined;
  /** Raw body text; empty when there is none. */
  body: string;
}

let cached: FeedsModel | undefined;

/** Loads the pinned model once per process. */
export function loadFeedsModel(): FeedsModel {
  cached ??= buildModel(JSON.parse(readFileSync(MODEL_URL, 'utf8')) as SwaggerModel);
  return cached;
}

function buildModel(model: SwaggerModel): FeedsModel {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ definitions: model.definitions }, 'feeds');
  const operations: ModelOperation[] = [];
  for (const [pathTemplate, methods] of Object.entries(model.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      if (method === 'parameters') continue;
      const op = raw as SwaggerOperation;
      const pathParamNames = [...pathTemplate.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const pattern = new RegExp(`^${pathTemplate.replace(/\{\w+\}/g, '([^/]+)')}$`);
      const bodyParam = op.parameters?.find((p) => p.in === 'body');
      const statuses = Object.keys(op.responses).map(Number);
      operations.push({
        id: op.operationId,
        method: method.toUpperCase(),
        pathTemplate,
        rateLimit: { rate: FEEDS_OPERATIONS[op.operationId].rate, burst: FEEDS_OPERATIONS[op.operationId].burst },
        rateLimitHeaderStatuses: new Set(
          statuses.filter((s) => op.responses[s].headers && 'x-amzn-RateLimit-Limit' in op.responses[s].headers!),
        ),
        statuses: new Set(statuses),
        parameters: op.parameters ?? [],
        consumes: op.consumes ?? model.consumes,
        pattern,
        pathParamNames,
        validateBody: bodyParam?.schema
          ? ajv.compile({ $ref: `feeds${(bodyParam.schema as { $ref: string }).$ref}` })
          : undefined,
      });
    }
  }
  return {
    operations,
    match: (method, pathname) => matchOperation(operations, method, pathname),
    check: checkRequest,
  };
}

function matchOperation(operations: ModelOperation[], method: string, pathname: string): OperationMatch {
  const onPath = operations
    .map((operation) => ({ operation, found: operation.pattern.exec(pathname) }))
    .filter((m) => m.found);
  if (onPath.length === 0) {
    const known = [...new Set(operations.map((o) => o.pathTemplate))].join(', ');
    return { violation: `path ${pathname} is not in the Feeds API model (known paths: ${known})` };
  }
  const hit = onPath.find((m) => m.operation.method === method);
  if (!hit) {
    const allowed = onPath.map((m) => m.operation.method).join(', ');
    return { violation: `${method} ${pathname}: method not in the model for ${onPath[0].operation.pathTemplate} (allowed: ${allowed})` };
  }
  const pathParams: Record<string, string> = {};
  try {
    hit.operation.pathParamNames.forEach((name, i) => (pathParams[name] = decodeURIComponent(hit.found![i + 1])));
  } catch {
    return { violation: `${pathname}: a path parameter is not valid percent-encoding` };
  }
  return { operation: hit.operation, pathParams };
}

function checkRequest(operation: ModelOperation, request: CheckedRequest): string[] {
  const problems: string[] = [];
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  for (const name of new Set(request.query.keys())) {
    if (!queryParams.some((p) => p.name === name)) {
      const known = queryParams.map((p) => p.name).join(', ') || 'none';
      problems.push(`query parameter '${name}' is not declared for ${operation.id} (declared: ${known})`);
    }
  }
  for (const param of queryParams) {
    const values = request.query.getAll(param.name);
    if (values.length === 0) {
      if (param.required) problems.push(`query parameter '${param.name}' is required`);
      continue;
    }
    if (values.length > 1 && param.type !== 'array') {
      problems.push(`query parameter '${param.name}' given ${values.length} times; it takes one value`);
    }
    problems.push(...checkQueryValue(param, param.type === 'array' ? values.join(',') : values[0]));
  }
  problems.push(...proseRules(operation, request.query));
  const bodyParam = operation.parameters.find((p) => p.in === 'body');
  if (bodyParam) problems.push(...checkBody(operation, bodyParam, request));
  else if (request.body.trim() !== '') problems.push(`${operation.id} takes no request body, got ${request.body.length} bytes`);
  return problems;
}

/** Swagger 2 query arrays default to `collectionFormat: csv`, which is what the model uses. */
function checkQueryValue(param: SwaggerParameter, raw: string): string[] {
  const name = `query parameter '${param.name}'`;
  switch (param.type) {
    case 'array': {
      const items = raw.split(',');
      const problems: string[] = [];
      if (param.minItems !== undefined && items.length < param.minItems) problems.push(`${name} needs at least ${param.minItems} item(s), got ${items.length}`);
      if (param.maxItems !== undefined && items.length > param.maxItems) problems.push(`${name} takes at most ${param.maxItems} items, got ${items.length}`);
      const allowed = param.items?.enum;
      for (const item of items) {
        if (item === '') problems.push(`${name} has an empty item (comma-separated list expected)`);
        else if (allowed && !allowed.includes(item)) problems.push(`${name}: '${item}' is not one of ${allowed.join(', ')}`);
      }
      return problems;
    }
    case 'integer': {
      if (!/^-?\d+$/.test(raw)) return [`${name} must be an integer, got '${raw}'`];
      const value = Number(raw);
      if (param.minimum !== undefined && value < param.minimum) return [`${name} must be >= ${param.minimum}, got ${value}`];
      if (param.maximum !== undefined && value > param.maximum) return [`${name} must be <= ${param.maximum}, got ${value}`];
      return [];
    }
    case 'boolean':
      return raw === 'true' || raw === 'false' ? [] : [`${name} must be true or false, got '${raw}'`];
    case 'string':
      if (param.format === 'date-time' && !isIsoDateTime(raw)) return [`${name} must be an ISO 8601 date-time (e.g. 2026-01-31T12:00:00Z), got '${raw}'`];
      if (param.enum && !param.enum.includes(raw)) return [`${name}: '${raw}' is not one of ${param.enum.join(', ')}`];
      return [];
    default:
      return [];
  }
}

function isIsoDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Rules the model states only in prose (getFeeds: "Either feedTypes or nextToken is required", and nextToken
 * "must be the only parameter"); they are real Amazon behaviour, so they are checked like the typed ones.
 */
function proseRules(operation: ModelOperation, query: URLSearchParams): string[] {
  if (operation.id !== 'getFeeds') return [];
  const names = [...new Set(query.keys())];
  if (query.has('nextToken')) {
    const others = names.filter((n) => n !== 'nextToken');
    return others.length ? [`getFeeds: nextToken must be the only parameter, also got ${others.join(', ')}`] : [];
  }
  return query.has('feedTypes') ? [] : ['getFeeds: either feedTypes or nextToken is required'];
}

function checkBody(operation: ModelOperation, param: SwaggerParameter, request: CheckedRequest): string[] {
  const mediaType = request.contentType?.split(';')[0].trim().toLowerCase();
  if (!mediaType || !operation.consumes.includes(mediaType)) {
    return [`${operation.id}: Content-Type must be ${operation.consumes.join(' or ')}, got '${request.contentType ?? '(none)'}'`];
  }
  if (request.body.trim() === '') return param.required ? [`${operation.id}: a JSON request body is required`] : [];
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch (error) {
    return [`${operation.id}: request body is not JSON (${(error as Error).message})`];
  }
  const validate = operation.validateBody!;
  if (validate(body)) return [];
  const schemaName = ((param.schema as { $ref: string }).$ref).split('/').pop();
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath ? `body${e.instancePath.replaceAll('/', '.')}` : 'body';
    const extra = e.keyword === 'required' ? '' : ` (${JSON.stringify(e.params)})`;
    return `${operation.id}: ${where} ${e.message}${extra}, per ${schemaName}`;
  });
}
