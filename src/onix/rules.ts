/**
 * The checks the ONIX XSD cannot make, run on each title's values as the writer will emit them. The ordinary XSD
 * accepts `123` as an ISBN, `2025-03-15` as a `<Date>`, a forthcoming title without a date; these checks catch them
 * so that such a title is held back instead of sent. What the XSD does check (codes, XHTML in descriptions, element
 * structure) is left to it; zero prices are checked here too, for a message that says what to send instead.
 */
import { isbn13Problem } from '../catalog/isbn.ts';
import type { Title } from '../catalog/title.ts';
import { isDateFormat00, onixDate } from './dates.ts';
import { priceAmount } from './product.ts';

/** Amazon asks for RecordReferences of at most 32 characters. */
export const MAX_RECORD_REFERENCE_LENGTH = 32;
/** ONIX List 153: a short description (TextType 02) is at most 350 characters. */
export const MAX_SHORT_DESCRIPTION_LENGTH = 350;

/** Statuses that List 64 says must not carry a publication date. */
const UNDATED_STATUSES = new Set<Title['publishingStatus']>(['cancelled', 'postponed-indefinitely']);

function dateProblem(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const onix = onixDate(value);
  return isDateFormat00(onix) ? undefined : `${field} '${value}' is not a real date; write YYYY-MM-DD (sent as YYYYMMDD)`;
}

/**
 * Every reason the title cannot be sent as ONIX, beyond the XSD; empty when it can. Each reason names the field and
 * says what would be right.
 */
export function checkTitle(title: Title): string[] {
  const reasons: string[] = [];
  const add = (reason: string | undefined): void => {
    if (reason) reasons.push(reason);
  };

  add(isbn13Problem(title.isbn));
  for (const related of title.related) add(prefixed('related product', isbn13Problem(related.isbn)));

  const ref = title.recordReference;
  if (ref.trim() === '') reasons.push('recordReference is empty; leave it out to use the ISBN');
  else if (characters(ref) > MAX_RECORD_REFERENCE_LENGTH) {
    reasons.push(`recordReference '${ref}' has ${characters(ref)} characters; Amazon accepts at most ${MAX_RECORD_REFERENCE_LENGTH} (the ISBN is a good choice)`);
  }

  add(dateProblem('publicationDate', title.publicationDate));
  if (title.publishingStatus === 'forthcoming' && !title.publicationDate) {
    reasons.push('publishingStatus forthcoming needs a publicationDate (the expected date of publication)');
  }
  if (UNDATED_STATUSES.has(title.publishingStatus) && title.publicationDate) {
    reasons.push(`publishingStatus ${title.publishingStatus} must not carry a publicationDate; remove it or change the status`);
  }

  for (const supply of title.supply) {
    const market = `supply market '${supply.market}'`;
    add(dateProblem(`${market} onSaleDate`, supply.onSaleDate));
    if (supply.prices.length === 0 && !supply.unpriced) {
      reasons.push(`${market} has no prices; add a price or say why with unpriced (e.g. price-to-be-announced)`);
    }
    for (const price of supply.prices) {
      if (!(Number(priceAmount(price.amount)) > 0)) {
        reasons.push(`${market} has a ${price.currency} price of ${price.amount}; zero or negative prices are not allowed (use unpriced: free)`);
      }
    }
  }

  const short = title.descriptions.short;
  if (short !== undefined && characters(short) > MAX_SHORT_DESCRIPTION_LENGTH) {
    reasons.push(`descriptions.short has ${characters(short)} characters; at most ${MAX_SHORT_DESCRIPTION_LENGTH} are allowed`);
  }
  title.contributors.forEach((c, i) => {
    if (!c.name && !c.corporateName) reasons.push(`contributors[${i}] needs a name (or corporateName)`);
  });
  return reasons;
}

/** Length in characters (code points), as the limits mean it; cheap for the common short string. */
function characters(text: string): number {
  return /[\uD800-\uDBFF]/.test(text) ? [...text].length : text.length;
}

function prefixed(field: string, problem: string | undefined): string | undefined {
  return problem && `${field}: ${problem}`;
}
