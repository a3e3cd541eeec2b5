/**
 * What a retailer does with an uploaded ONIX message, reduced to the checks that make it reject or flag a product:
 * the sandbox's processing report is computed from this, so a client sees the consequences of what it really sent.
 * Streams with saxes; accepts ONIX 3.1 and 3.0, reference or short tags.
 */
import { SaxesParser } from 'saxes';
import { isbn13Problem } from '../catalog/isbn.ts';

/** One finding about one product, as the processing report lists it. */
export interface ProductFinding {
  /** The product's position in the message, 1-based (the report's MessageID). */
  messageId: number;
  severity: 'Error' | 'Warning';
  code: number;
  description: string;
  /** The product's ISBN-13 when it has one (the report's AdditionalInfo/SKU). */
  sku?: string;
}

/** The outcome of reading one ONIX message. */
export interface OnixReview {
  release: string;
  products: number;
  findings: ProductFinding[];
  /** RecordReferences the receiver now holds (accepted complete or block updates) and those it deleted. */
  received: string[];
  deleted: string[];
}

/** The document is not an ONIX message a retailer could read at all. */
export class UnreadableOnixError extends Error {
  override name = 'UnreadableOnixError';
}

/** Result message codes of the sandbox's ONIX checks (its own numbering; Amazon publishes none for ONIX). */
export const ONIX_RESULT_CODES = {
  missingRecordReference: 8101,
  recordReferenceTooLong: 8102,
  missingIsbn: 8103,
  invalidIsbn: 8104,
  missingTitle: 8105,
  missingPrice: 8106,
  zeroPrice: 8107,
  deleteOfUnknownRecord: 8108,
} as const;

const MAX_RECORD_REFERENCE = 32;
/** NotificationType values that carry a complete record (List 1), which must have a title and a price. */
const COMPLETE_RECORDS = new Set(['01', '02', '03', '88', '89']);

/** Short tag -> reference tag, for the elements the checks read. */
const SHORT_TAGS: Record<string, string> = {
  ONIXmessage: 'ONIXMessage',
  product: 'Product',
  a001: 'RecordReference',
  a002: 'NotificationType',
  productidentifier: 'ProductIdentifier',
  b221: 'ProductIDType',
  b244: 'IDValue',
  descriptivedetail: 'DescriptiveDetail',
  titledetail: 'TitleDetail',
  b203: 'TitleText',
  b031: 'TitleWithoutPrefix',
  productsupply: 'ProductSupply',
  price: 'Price',
  j151: 'PriceAmount',
  j192: 'UnpricedItemType',
};

interface ProductDraft {
  recordReference: string;
  notificationType: string;
  identifiers: { type: string; value: string }[];
  title: string;
  hasDescriptiveDetail: boolean;
  hasProductSupply: boolean;
  priceAmounts: string[];
  unpriced: boolean;
}

/**
 * Reads `xml` and reports what a retailer would reject. `known` holds the RecordReferences the receiver already
 * has; a delete (NotificationType 05) of anything else is a warning.
 */
export function reviewOnix(xml: string, known: ReadonlySet<string>): OnixReview {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: string[] = [];
  let release = '';
  let draft: ProductDraft | undefined;
  let identifier: { type: string; value: string } | undefined;
  let text = '';
  const review: OnixReview = { release: '', products: 0, findings: [], received: [], deleted: [] };
  const holding = new Set(known);

  parser.on('opentag', (tag) => {
    const name = referenceName(tag.name);
    if (stack.length === 0) {
      if (name !== 'ONIXMessage') throw new UnreadableOnixError(`root element is <${tag.name}>, not an ONIX <ONIXMessage>`);
      release = String(tag.attributes.release ?? '');
      if (!/^3\.[01]/.test(release)) throw new UnreadableOnixError(`ONIX release '${release}' is not supported (3.1 or 3.0 expected)`);
    }
    stack.push(name);
    text = '';
    if (name === 'Product' && stack.length === 2) draft = emptyDraft();
    if (!draft) return;
    if (name === 'ProductIdentifier') identifier = { type: '', value: '' };
    if (name === 'DescriptiveDetail') draft.hasDescriptiveDetail = true;
    if (name === 'ProductSupply') draft.hasProductSupply = true;
  });
  parser.on('text', (t) => (text += t));
  parser.on('cdata', (t) => (text += t));
  parser.on('closetag', () => {
    const name = stack.pop()!;
    const value = text.trim();
    text = '';
    if (!draft) return;
    const parent = stack[stack.length - 1];
    if (name === 'RecordReference' && parent === 'Product') draft.recordReference = value;
    else if (name === 'NotificationType' && parent === 'Product') draft.notificationType = value;
    else if (identifier && name === 'ProductIDType') identifier.type = value;
    else if (identifier && name === 'IDValue') identifier.value = value;
    else if (name === 'ProductIdentifier' && identifier) {
      if (parent === 'Product') draft.identifiers.push(identifier);
      identifier = undefined;
    } else if ((name === 'TitleText' || name === 'TitleWithoutPrefix') && stack.includes('TitleDetail') && !draft.title) draft.title = value;
    else if (name === 'PriceAmount' && parent === 'Price') draft.priceAmounts.push(value);
    else if (name === 'UnpricedItemType') draft.unpriced = true;
    else if (name === 'Product' && stack.length === 1) {
      review.products += 1;
      judge(draft, review.products, holding, review);
      draft = undefined;
    }
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof UnreadableOnixError) throw error;
    throw new UnreadableOnixError(`XML parsing fatal error: ${(error as Error).message}`);
  }
  if (!release) throw new UnreadableOnixError('the document has no root element');
  review.release = release;
  return review;
}

function referenceName(tag: string): string {
  const local = tag.includes(':') ? tag.slice(tag.indexOf(':') + 1) : tag;
  return SHORT_TAGS[local] ?? local;
}

function emptyDraft(): ProductDraft {
  return {
    recordReference: '',
    notificationType: '',
    identifiers: [],
    title: '',
    hasDescriptiveDetail: false,
    hasProductSupply: false,
    priceAmounts: [],
    unpriced: false,
  };
}

function judge(product: ProductDraft, messageId: number, holding: Set<string>, review: OnixReview): void {
  const isbn = product.identifiers.find((i) => i.type === '15' || i.type === '03')?.value;
  const sku = isbn || undefined;
  const found: ProductFinding[] = [];
  const error = (code: number, description: string) => found.push({ messageId, severity: 'Error', code, description, sku });
  const ref = product.recordReference;
  const label = `Product ${messageId}${ref ? ` (RecordReference ${ref})` : ''}`;

  if (!ref) error(ONIX_RESULT_CODES.missingRecordReference, `${label} has no RecordReference; every product needs one.`);
  else if (ref.length > MAX_RECORD_REFERENCE) {
    error(ONIX_RESULT_CODES.recordReferenceTooLong, `${label}: RecordReference is ${ref.length} characters; at most ${MAX_RECORD_REFERENCE} are accepted (use the ISBN-13).`);
  }
  if (product.notificationType === '05') {
    if (ref && !holding.has(ref)) {
      found.push({
        messageId,
        severity: 'Warning',
        code: ONIX_RESULT_CODES.deleteOfUnknownRecord,
        description: `${label} is a delete (NotificationType 05) of a record that was never received; nothing was deleted.`,
        sku,
      });
    }
  } else {
    if (!isbn) error(ONIX_RESULT_CODES.missingIsbn, `${label} has no ISBN-13 (ProductIdentifier with ProductIDType 15).`);
    else {
      const problem = isbn13Problem(isbn);
      if (problem) error(ONIX_RESULT_CODES.invalidIsbn, `${label}: ${problem}.`);
    }
    const complete = COMPLETE_RECORDS.has(product.notificationType);
    if ((complete || product.hasDescriptiveDetail) && !product.title) {
      error(ONIX_RESULT_CODES.missingTitle, `${label} has no title (TitleDetail with TitleText or TitleWithoutPrefix).`);
    }
    if (complete || product.hasProductSupply) {
      if (product.priceAmounts.length === 0 && !product.unpriced) {
        error(ONIX_RESULT_CODES.missingPrice, `${label}${product.title ? ` '${product.title}'` : ''} has no price and no UnpricedItemType; it cannot be sold.`);
      } else if (product.priceAmounts.some((amount) => Number(amount) === 0)) {
        error(ONIX_RESULT_CODES.zeroPrice, `${label} has a zero PriceAmount; send UnpricedItemType 01 for free items.`);
      }
    }
  }
  review.findings.push(...found);
  if (found.some((f) => f.severity === 'Error') || !ref) return;
  if (product.notificationType === '05') {
    holding.delete(ref);
    review.deleted.push(ref);
  } else {
    holding.add(ref);
    review.received.push(ref);
  }
}
