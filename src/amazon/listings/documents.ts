/**
 * `buildListingsDocuments`: a tenant's titles (and deletions) as JSON_LISTINGS_FEED documents, the listings twin
 * of `buildOnix`. Messages are in ISBN order (updates, then deletions), one per line; documents are split at
 * Amazon's 25,000 messages and at the tenant's `maxFeedBytes`; every document is checked against Amazon's feed
 * schema before it is written. The same input gives byte-identical documents (nothing in them depends on time).
 * Titles may come as a stream, so a large feed holds one document and the SKUs seen, not the titles.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LoadedTitle, Title } from '../../catalog/title.ts';
import type { ListingsSettings, TenantConfig } from '../../config/tenant.ts';
import { marketplaceById, type Marketplace } from '../regions.ts';
import type { AttributeTable } from './attribute-table.ts';
import { deletionMessage, EmptyListingError, skuFor, titleMessage, type ListingsMessageBody } from './message.ts';
import { DocumentPacker, type PackedMessage } from './packer.ts';
import { describeSchemaErrors, feedSchemaErrors } from './schemas.ts';
import { loadAttributeTable } from './table-file.ts';

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
  /** The titles to send: an array (sorted here) or a stream already in ISBN order, read once as it is written. */
  titles: readonly LoadedTitle[] | AsyncIterable<LoadedTitle>;
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
  const titles = isTitleArray(options.titles) ? [...options.titles].sort((a, b) => compare(a.title.isbn, b.title.isbn)) : options.titles;
  const deletions = [...options.deletions].sort((a, b) => compare(a.isbn, b.isbn));
  const skus = new UniqueSkus(settings);

  await mkdir(options.outDir, { recursive: true });
  const documents: ListingsDocument[] = [];
  const heldBack: ListingsBuildResult['heldBack'] = [];
  const counts = { UPDATE: 0, PARTIAL_UPDATE: 0, DELETE: 0 };
  // Documents are written as they fill, so memory holds one document, not the feed; a feed that turns out to be
  // one document loses its part suffix at the end.
  const packer = new DocumentPacker(
    JSON.stringify({ sellerId, version: '2.0', issueLocale: settings.languageTag }),
    tenant.amazon.delivery.maxFeedBytes,
    async (text, entries) => {
      const fileName = listingsFileName(tenant.id, options.now, documents.length + 1);
      documents.push(await writeDocument(join(options.outDir, fileName), fileName, text, entries));
      for (const entry of entries) counts[entry.operationType]++;
    },
  );
  const add = async (isbn: string, path: string, body: ListingsMessageBody) => {
    const refused = await packer.add({ isbn, sku: body.sku, operationType: body.operationType, json: JSON.stringify(body) });
    if (refused) heldBack.push({ isbn, path, reason: refused });
  };
  try {
    let lastIsbn = '';
    for await (const { title, source } of titles) {
      // The packer has already written earlier documents, so order cannot be restored by sorting here.
      if (compare(title.isbn, lastIsbn) < 0) throw new Error(`listings titles must come in ISBN order: ${title.isbn} came after ${lastIsbn}`);
      lastIsbn = title.isbn;
      skus.add(title.isbn);
      let body: ListingsMessageBody;
      try {
        body = titleMessage(title, context, options.previous?.get(title.isbn));
      } catch (error) {
        if (!(error instanceof EmptyListingError)) throw error;
        heldBack.push({ isbn: title.isbn, path: source.path, reason: error.message });
        continue;
      }
      await add(title.isbn, source.path, body);
    }
    for (const { isbn } of deletions) {
      skus.add(isbn);
      await add(isbn, '', deletionMessage(settings.sku, isbn));
    }
    await packer.finish();
  } catch (error) {
    // A clash (or any failure) found mid-stream leaves no partial feed behind.
    await Promise.all(documents.map((d) => rm(d.path, { force: true })));
    throw error;
  }
  if (documents.length === 1) await unsplit(documents[0], listingsFileName(tenant.id, options.now));

  return {
    documents,
    heldBack,
    written: counts.UPDATE + counts.PARTIAL_UPDATE,
    partialUpdates: counts.PARTIAL_UPDATE,
    deleted: counts.DELETE,
    millis: Math.round(performance.now() - started),
  };
}

async function writeDocument(path: string, fileName: string, text: string, entries: PackedMessage[]): Promise<ListingsDocument> {
  const errors = feedSchemaErrors(JSON.parse(text));
  if (errors.length > 0) {
    // The mapping only makes schema-shaped messages, so this is a defect here, not bad input.
    throw new Error(`listings document ${fileName} does not match Amazon's listings feed schema:\n${describeSchemaErrors(errors)}`);
  }
  const buffer = Buffer.from(text, 'utf8');
  await writeFile(path, buffer);
  return {
    path,
    fileName,
    bytes: buffer.length,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    messages: entries.length,
    contentType: LISTINGS_CONTENT_TYPE,
    skuToIsbn: Object.fromEntries(entries.map((e) => [e.sku, e.isbn])),
    isbns: entries.map((e) => e.isbn),
  };
}

async function unsplit(document: ListingsDocument, fileName: string): Promise<void> {
  const path = join(dirname(document.path), fileName);
  await rename(document.path, path);
  Object.assign(document, { path, fileName });
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

/** The SKU of every message so far, refusing a SKU template that gives two ISBNs one SKU. */
class UniqueSkus {
  private readonly isbnBySku = new Map<string, string>();

  constructor(private readonly settings: ListingsSettings) {}

  add(isbn: string): void {
    const sku = skuFor(this.settings.sku, isbn);
    const other = this.isbnBySku.get(sku);
    if (other !== undefined && other !== isbn) {
      throw new ListingsConfigError(
        `amazon.listings.sku '${this.settings.sku}' gives ${other} and ${isbn} the same SKU '${sku}'; include {isbn} in the template`,
      );
    }
    this.isbnBySku.set(sku, isbn);
  }
}

function isTitleArray(titles: BuildListingsOptions['titles']): titles is readonly LoadedTitle[] {
  return Array.isArray(titles);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
