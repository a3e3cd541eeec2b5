/**
 * The writer's code tables (`src/onix/codes.ts`) read backwards: ONIX code -> the title model's friendly name. One
 * table serves both directions, so a code the writer emits is always one the importer understands.
 */
import {
  AVAILABILITY_CODES,
  MEASURE_TYPE_CODES,
  PRICE_TYPE_CODES,
  PUBLISHING_STATUS_CODES,
  RELATION_CODES,
  SALES_RIGHTS_CODES,
  UNPRICED_CODES,
} from '../onix/codes.ts';

function reverse<Name extends string>(table: Readonly<Record<Name, string>>): ReadonlyMap<string, Name> {
  return new Map(Object.entries(table).map(([name, code]) => [code as string, name as Name]));
}

/** ONIX List 64 code -> publishing status. */
export const PUBLISHING_STATUS_BY_CODE = reverse(PUBLISHING_STATUS_CODES);
/** ONIX List 65 code -> availability. */
export const AVAILABILITY_BY_CODE = reverse(AVAILABILITY_CODES);
/** ONIX List 58 code -> price type. */
export const PRICE_TYPE_BY_CODE = reverse(PRICE_TYPE_CODES);
/** ONIX List 57 code -> unpriced type. */
export const UNPRICED_BY_CODE = reverse(UNPRICED_CODES);
/** ONIX List 46 code -> sales rights type. */
export const SALES_RIGHTS_BY_CODE = reverse(SALES_RIGHTS_CODES);
/** ONIX List 51 code -> relation. */
export const RELATION_BY_CODE = reverse(RELATION_CODES);
/** ONIX List 48 code -> key of `Title.measures`. */
export const MEASURE_BY_CODE = reverse(MEASURE_TYPE_CODES);
