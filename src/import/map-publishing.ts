/**
 * `<PublishingDetail>` (Block 4) -> publisher, imprint, publishing status, publication date and sales rights; and
 * `<RelatedMaterial>` (Block 5) -> related products.
 */
import { isValidIsbn13 } from '../catalog/isbn.ts';
import type { RelatedProduct, SalesRights, Title } from '../catalog/title.ts';
import { PUBLISHING_STATUS_BY_CODE, RELATION_BY_CODE, SALES_RIGHTS_BY_CODE } from './codes.ts';
import { ProductSkip, takeDay, takeTerritory, takeTyped, withCode } from './map-context.ts';
import { childrenNamed, take, takeText, type OnixNode } from './onix-node.ts';

/** The fields of a title that PublishingDetail carries. */
export type PublishingFields = Pick<Title, 'publisher' | 'publishingStatus' | 'publicationDate' | 'salesRights'>;

/** Maps PublishingDetail; throws ProductSkip without a publisher name or a publishing status the model knows. */
export function mapPublishingDetail(detail: OnixNode | undefined): PublishingFields {
  if (!detail) throw new ProductSkip('no PublishingDetail: a title needs its publisher and publishing status');
  const imprint = childrenNamed(detail, 'Imprint').find((i) => takeText(i, 'ImprintName'));
  if (imprint) imprint.used = true;
  const publishers = childrenNamed(detail, 'Publisher').filter((p) => p.children.some((c) => c.name === 'PublisherName'));
  const publisher = publishers.find((p) => p.children.find((c) => c.name === 'PublishingRole')?.text.trim() === '01') ?? publishers[0];
  if (!publisher) throw new ProductSkip('no publisher name (Publisher with PublisherName)');
  takeTyped(publisher, 'PublishingRole');
  const statusCode = takeText(detail, 'PublishingStatus') ?? '';
  const publishingStatus = PUBLISHING_STATUS_BY_CODE.get(statusCode);
  if (!publishingStatus) {
    throw new ProductSkip(
      statusCode
        ? `PublishingStatus ${statusCode} has no equivalent in the title model; it knows ${[...PUBLISHING_STATUS_BY_CODE.keys()].join(', ')}`
        : 'no PublishingStatus: a title needs its ONIX List 64 publishing status',
    );
  }
  const dated = withCode(detail, 'PublishingDate', 'PublishingDateRole', '01')[0];
  const publicationDate = dated && takeDay(dated);
  if (publicationDate) takeTyped(dated, 'PublishingDateRole');
  return {
    publisher: { name: takeText(publisher, 'PublisherName')!, imprint: imprint && takeText(imprint, 'ImprintName') },
    publishingStatus,
    publicationDate,
    salesRights: childrenNamed(detail, 'SalesRights').flatMap((node) => mapSalesRights(node) ?? []),
  };
}

/** One SalesRights composite, or undefined (nothing marked) for a type or territory the model cannot state. */
function mapSalesRights(node: OnixNode): SalesRights | undefined {
  const code = node.children.find((c) => c.name === 'SalesRightsType')?.text.trim() ?? '';
  const type = SALES_RIGHTS_BY_CODE.get(code);
  const territory = takeTerritory(node.children.find((c) => c.name === 'Territory'));
  if (!type || !territory) {
    node.reason = !type
      ? `SalesRightsType ${code} has no equivalent in the title model (it knows 01, 02 and 03)`
      : 'a territory that excludes countries or regions cannot be stated in a title file';
    return undefined;
  }
  takeTyped(node, 'SalesRightsType');
  return {
    type,
    countries: territory.countries.length > 0 ? territory.countries : undefined,
    regions: territory.regions.length > 0 ? territory.regions : undefined,
  };
}

/** The ISBN-13 of a product identifier list: ProductIDType 15, else a GTIN-13 (03) in the 978/979 range. */
export function isbnOf(owner: OnixNode): { isbn: string; node: OnixNode } | undefined {
  for (const type of ['15', '03']) {
    for (const node of withCode(owner, 'ProductIdentifier', 'ProductIDType', type)) {
      const value = node.children.find((c) => c.name === 'IDValue')?.text.trim().replace(/[\s-]/g, '') ?? '';
      if (type === '15' ? /^\d{13}$/.test(value) : isValidIsbn13(value)) return { isbn: value, node };
    }
  }
  return undefined;
}

/** Related products with an ISBN and a relation the model knows; one entry per relation code. */
export function mapRelatedMaterial(material: OnixNode | undefined): RelatedProduct[] {
  const related: RelatedProduct[] = [];
  for (const node of childrenNamed(material, 'RelatedProduct')) {
    const identifier = isbnOf(node);
    if (!identifier) continue;
    for (const code of childrenNamed(node, 'ProductRelationCode')) {
      const relation = RELATION_BY_CODE.get(code.text.trim());
      if (!relation) continue;
      code.used = true;
      if (!related.some((r) => r.relation === relation && r.isbn === identifier.isbn)) related.push({ relation, isbn: identifier.isbn });
    }
    if (!node.children.some((c) => c.used)) continue;
    material!.used = true;
    node.used = true;
    takeTyped(identifier.node, 'ProductIDType');
    take(identifier.node, 'IDValue');
  }
  return related;
}
