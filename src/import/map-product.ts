/**
 * One ONIX `<Product>` -> one title, or the reason it cannot be one (a deletion, a block update, no ISBN-13, a
 * required value the model cannot hold). Whatever the title cannot hold is listed as not carried over: the elements
 * the mapping left unused, and the values the title checks refused.
 */
import { isbn13Problem } from '../catalog/isbn.ts';
import { normaliseTitle } from '../catalog/normalise.ts';
import type { Title } from '../catalog/title.ts';
import type { TenantConfig } from '../config/tenant.ts';
import { mapCollateralDetail } from './map-collateral.ts';
import { ProductSkip, type MapContext, type NotCarried } from './map-context.ts';
import { mapDescriptiveDetail } from './map-descriptive.ts';
import { isbnOf, mapPublishingDetail, mapRelatedMaterial } from './map-publishing.ts';
import { mapProductSupply } from './map-supply.ts';
import { childrenNamed, leftovers, take, takeText, useAll } from './onix-node.ts';
import type { OnixProduct } from './read-message.ts';
import { settleTitle } from './settle-title.ts';
import type { FileValue } from './title-file.ts';

/** What became of one product. */
export type ProductMapping =
  | { kind: 'title'; title: Title; file: FileValue; notCarried: NotCarried[] }
  | { kind: 'skipped'; reason: string; isbn?: string; recordReference?: string; notCarried: NotCarried[] };

/** ONIX List 1 codes of records that describe only part of a product. */
const PARTIAL_NOTIFICATIONS = new Set(['04', '88']);
const DELETION = '05';

/** Maps one product for a tenant (whose default supplier the writer adds by itself). */
export function mapProduct(product: OnixProduct, supplier: TenantConfig['supplier']): ProductMapping {
  const node = product.node;
  node.used = true;
  const notes: NotCarried[] = [];
  const ctx: MapContext = { message: product.message, supplier, note: (entry) => notes.push(entry) };
  const recordReference = takeText(node, 'RecordReference') || undefined;
  const identifier = isbnOf(node);
  const isbn = identifier?.isbn;
  const skipped = (reason: string, notCarried: NotCarried[] = []): ProductMapping => ({ kind: 'skipped', reason, isbn, recordReference, notCarried });

  const notification = takeText(node, 'NotificationType') ?? '';
  if (notification === DELETION) return skipped('deletion record (NotificationType 05): there is no title to import; remove the title file by hand if the catalog has one');
  if (PARTIAL_NOTIFICATIONS.has(notification)) {
    return skipped(`block update (NotificationType ${notification}) carries only part of a record; import a full export (NotificationType 03) instead`);
  }
  if (!identifier) return skipped('no ISBN-13 (ProductIdentifier with ProductIDType 15, or a GTIN-13 starting 978 or 979)');
  const isbnProblem = isbn13Problem(identifier.isbn);
  if (isbnProblem) return skipped(isbnProblem);
  useAll(identifier.node);
  // The writer sends the ISBN again as a GTIN-13, so an equal GTIN-13 is carried by the ISBN itself.
  for (const gtin of childrenNamed(node, 'ProductIdentifier')) {
    const type = gtin.children.find((c) => c.name === 'ProductIDType')?.text.trim();
    if (type === '03' && gtin.children.find((c) => c.name === 'IDValue')?.text.trim() === identifier.isbn) useAll(gtin);
  }
  const asin = takeAsin(node);

  let title: Title;
  try {
    const descriptive = mapDescriptiveDetail(take(node, 'DescriptiveDetail'), ctx);
    const collateral = mapCollateralDetail(take(node, 'CollateralDetail'), ctx);
    const publishing = mapPublishingDetail(take(node, 'PublishingDetail'));
    const relatedNode = node.children.find((c) => c.name === 'RelatedMaterial');
    title = normaliseTitle({
      isbn: identifier.isbn,
      recordReference,
      asin,
      ...descriptive,
      ...collateral,
      ...publishing,
      related: mapRelatedMaterial(relatedNode),
      supply: mapProductSupply(node, publishing.salesRights, ctx),
    });
  } catch (error) {
    if (!(error instanceof ProductSkip)) throw error;
    return skipped(error.message);
  }
  const notCarried = [...notes, ...leftovers(node)];
  if (title.supply.length === 0) return skipped('no ProductSupply the title model can hold (markets, availability and prices are listed below)', notCarried);
  const settled = settleTitle(title);
  if ('reason' in settled) return skipped(settled.reason, [...notCarried, ...settled.dropped]);
  return { kind: 'title', title: settled.title, file: settled.file, notCarried: [...notCarried, ...settled.dropped] };
}

/** Amazon's id, sent as a proprietary identifier (ProductIDType 01) named ASIN. */
function takeAsin(node: OnixProduct['node']): string | undefined {
  for (const identifier of childrenNamed(node, 'ProductIdentifier')) {
    const type = identifier.children.find((c) => c.name === 'ProductIDType')?.text.trim();
    const name = identifier.children.find((c) => c.name === 'IDTypeName')?.text.trim();
    if (type === '01' && name?.toUpperCase() === 'ASIN') {
      useAll(identifier);
      return identifier.children.find((c) => c.name === 'IDValue')?.text.trim();
    }
  }
  return undefined;
}
