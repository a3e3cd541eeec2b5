/**
 * `buildListingsDocuments`: a tenant's titles (and deletions) as JSON_LISTINGS_FEED documents, the listings twin
 * of `buildOnix`. Messages are in ISBN order (updates, then deletions), one per line; documents are split at
 * Amazon's 25,000 messages and at the tenant's `maxFeedBytes`; every document is checked against Amazon's feed
 * schema before it is written. The same input gives byte-identical documents (nothing in them depends on time).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedTitle, Title } from '../../catalog/title.ts';
import type { ListingsSettings, TenantConfig } from '../../config/tenant.ts';
import { marketplaceById, type Marketplace } from '../regions.ts';
import type { AttributeTable } from './attribute-table.ts';
import { deletionMessage, EmptyListingError, titleMessage, type ListingsMessageBody } from './message.ts';
import { describeSchemaErrors, feedSchemaErrors } from './schemas.ts';
import { loadAttributeTable } from './table-file.ts';

/** Amazon's limit for one JSON_LISTINGS_FEED document (since 2025-05-06). */
export const MAX_LISTINGS_MESSAGES = 25_000;

/** The content type declared to createFeedDocument and sent, byte for byte, on upload. */
export const LISTINGS_CONTENT_TYPE = 'application/json; charset=UTF-8';

export interface ListingsDocument {
  path: string;
  fileName: string;
  bytes: number;
  sha256: string;
  /** Messages in the document. */
  messages: number;
  contentType: string;
  /** SKU -> ISBN for every message, to give report issues their ISBN. */
  skuToIsbn: Record<string, string>;
  /** The ISBN of each message in order (`isbns[messageId - 1]`), as buildOnix lists its products. */
  isbns: string[];
}

export interface ListingsBuildResult {
  documents: ListingsDocument[];
  /** Titles that could not become a message, with the reason. */
  heldBack: { isbn: string; path: string; reason: string }[];
  /** Titles sent (UPDATE or PARTIAL_UPDATE). */
  written: number;
  /** Of those, sent as PARTIAL_UPDATE because only offer data changed. */
  partialUpdates: number;
  deleted: number;
  millis: number;
}

export interface BuildListingsOptions {
  tenant: TenantConfig;
  titles: LoadedTitle[];
  deletions: { isbn: string; recordReference: string }[];
  /** Titles as they were at the last successful feed, by ISBN: enables PARTIAL_UPDATE for offer-only changes. */
  previous?: ReadonlyMap<string, Title>;
  outDir: string;
  /** Only names the files. */
  now: Date;
  /** The attribute table; default: the shipped table with `<root>/config/listings-attributes.yaml` laid over it. */
  table?: AttributeTable;
  /** Repository root whose own attribute table (if any) applies. */
  root?: string;
  /** Where AMAZON_SELLER_ID is read when the tenant sets no seller id; default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/** The tenant's settings cannot produce a listings feed (no seller id, unknown attribute names, clashing SKUs). */
export class ListingsConfigError extends Error {
  override name = 'ListingsConfigError';
}

/** Builds and writes the listings documents for one feed. */
export async function buildListingsDocuments(options: BuildListingsOptions): Promise<ListingsBuildResult> {
  const started = performance.now();
  const { tenant } = options;
  const settings = listingsSettings(tenant);
  const sellerId = resolveSellerId(tenant, settings, options.env ?? process.env);
  const table = options.table ?? (await loadAttributeTable(options.root));
  checkAttributeNames(tenant, settings, table);
  const context = { table, settings, marketplaces: tenantMarketplaces(tenant) };
  const headerText = JSON.stringify({ sellerId, version: '2.0', issueLocale: settings.languageTag });

  const heldBack: ListingsBuildResult['heldBack'] = [];
  const entries: { isbn: string; body: ListingsMessageBody }[] = [];
  for (const { title, source } of [...options.titles].sort((a, b) => compare(a.title.isbn, b.title.isbn))) {
    try {
      const body = titleMessage(title, context, options.previous?.get(title.isbn));
      entries.push({ isbn: title.isbn, body });
    } catch (error) {
      if (!(error instanceof EmptyListingError)) throw error;
      heldBack.push({ isbn: title.isbn, path: source.path, reason: error.message });
    }
  }
  for (const { isbn } of [...options.deletions].sort((a, b) => compare(a.isbn, b.isbn))) {
    entries.push({ isbn, body: deletionMessage(settings.sku, isbn) });
  }
  checkUniqueSkus(entries, settings);

  const packed = pack(entries, headerText, tenant.amazon.delivery.maxFeedBytes, (isbn, reason) => {
    const loaded = options.titles.find((t) => t.title.isbn === isbn);
    heldBack.push({ isbn, path: loaded?.source.path ?? '', reason });
  });
  await mkdir(options.outDir, { recursive: true });
  const documents: ListingsDocument[] = [];
  for (const [index, part] of packed.entries()) {
    const fileName = listingsFileName(tenant.id, options.now, packed.length > 1 ? index + 1 : undefined);
    documents.push(await writeDocument(join(options.outDir, fileName), fileName, part));
  }
  const sent = packed.flatMap((doc) => doc.entries.map((e) => e.body.operationType));
  return {
    documents,
    heldBack,
    written: sent.filter((op) => op !== 'DELETE').length,
    partialUpdates: sent.filter((op) => op === 'PARTIAL_UPDATE').length,
    deleted: sent.filter((op) => op === 'DELETE').length,
    millis: Math.round(performance.now() - started),
  };
}

interface PackedDocument {
  text: string;
  entries: { isbn: string; body: ListingsMessageBody }[];
}

/**
 * Packs messages into documents of at most MAX_LISTINGS_MESSAGES messages and `maxBytes` bytes. A message is one
 * line `{"messageId":N,...}`; its id is its position in its document, so sizes are counted with the real id.
 */
function pack(
  entries: { isbn: string; body: ListingsMessageBody }[],
  headerText: string,
  maxBytes: number,
  holdBack: (isbn: string, reason: string) => void,
): PackedDocument[] {
  const opening = `{"header":${headerText},"messages":[\n`;
  const closing = '\n]}\n';
  const overhead = Buffer.byteLength(opening) + Buffer.byteLength(closing);
  const documents: PackedDocument[] = [];
  let lines: string[] = [];
  let current: PackedDocument['entries'] = [];
  let size = overhead;
  const flush = () => {
    if (lines.length === 0) return;
    documents.push({ text: opening + lines.join(',\n') + closing, entries: current });
    lines = [];
    current = [];
    size = overhead;
  };
  for (const entry of entries) {
    const rest = JSON.stringify(entry.body).slice(1);
    let line = `{"messageId":${lines.length + 1},${rest}`;
    let bytes = Buffer.byteLength(line);
    if (overhead + Buffer.byteLength(`{"messageId":1,${rest}`) > maxBytes) {
      holdBack(entry.isbn, `its listings message alone is ${bytes} bytes, more than maxFeedBytes (${maxBytes})`);
      continue;
    }
    if (lines.length === MAX_LISTINGS_MESSAGES || size + (lines.length > 0 ? 2 : 0) + bytes > maxBytes) {
      flush();
      line = `{"messageId":1,${rest}`;
      bytes = Buffer.byteLength(line);
    }
    size += (lines.length > 0 ? 2 : 0) + bytes;
    lines.push(line);
    current.push(entry);
  }
  flush();
  return documents;
}

async function writeDocument(path: string, fileName: string, part: PackedDocument): Promise<ListingsDocument> {
  const errors = feedSchemaErrors(JSON.parse(part.text));
  if (errors.length > 0) {
    // The mapping only makes schema-shaped messages, so this is a defect here, not bad input.
    throw new Error(`listings document ${fileName} does not match Amazon's listings feed schema:\n${describeSchemaErrors(errors)}`);
  }
  const buffer = Buffer.from(part.text, 'utf8');
  await writeFile(path, buffer);
  return {
    path,
    fileName,
    bytes: buffer.length,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    messages: part.entries.length,
    contentType: LISTINGS_CONTENT_TYPE,
    skuToIsbn: Object.fromEntries(part.entries.map((e) => [e.body.sku, e.isbn])),
    isbns: part.entries.map((e) => e.isbn),
  };
}

/** `{tenant}_listings_amazon_{YYYYMMDD_HHMMSS}.json` (UTC), with `_part{N}` when the feed is split. */
export function listingsFileName(tenantId: string, now: Date, part?: number): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  return `${tenantId}_listings_amazon_${stamp}${part === undefined ? '' : `_part${part}`}.json`;
}

function listingsSettings(tenant: TenantConfig): ListingsSettings {
  const settings = tenant.amazon.listings;
  if (!settings) {
    throw new ListingsConfigError(
      `config/tenants/${tenant.id}.yaml: delivery format listings needs amazon.listings (at least languageTag, e.g. en_US)`,
    );
  }
  return settings;
}

function tenantMarketplaces(tenant: TenantConfig): Marketplace[] {
  return tenant.amazon.marketplaceIds.map((id) => {
    const marketplace = marketplaceById(id);
    if (!marketplace) throw new ListingsConfigError(`config/tenants/${tenant.id}.yaml: amazon.marketplaceIds has '${id}', which is not an Amazon marketplace id`);
    return marketplace;
  });
}

function resolveSellerId(tenant: TenantConfig, settings: ListingsSettings, env: NodeJS.ProcessEnv): string {
  const sellerId = settings.sellerId ?? env.AMAZON_SELLER_ID;
  if (!sellerId) {
    throw new ListingsConfigError(
      `config/tenants/${tenant.id}.yaml: a listings feed names the seller; set amazon.listings.sellerId (your merchant token, e.g. A3EXAMPLE) or the AMAZON_SELLER_ID environment variable`,
    );
  }
  return sellerId;
}

function checkAttributeNames(tenant: TenantConfig, settings: ListingsSettings, table: AttributeTable): void {
  const known = new Set(table.rules.map((r) => r.attribute));
  const unknown = (settings.attributes ?? []).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ListingsConfigError(
      `config/tenants/${tenant.id}.yaml: amazon.listings.attributes names ${unknown.map((n) => `'${n}'`).join(', ')}, not in the listings attribute table; known: ${[...known].join(', ')}`,
    );
  }
}

function checkUniqueSkus(entries: { isbn: string; body: ListingsMessageBody }[], settings: ListingsSettings): void {
  const seen = new Map<string, string>();
  for (const { isbn, body } of entries) {
    const other = seen.get(body.sku);
    if (other !== undefined && other !== isbn) {
      throw new ListingsConfigError(
        `amazon.listings.sku '${settings.sku}' gives ${other} and ${isbn} the same SKU '${body.sku}'; include {isbn} in the template`,
      );
    }
    seen.set(body.sku, isbn);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
