/**
 * ISBN-13 checks. An ISBN-13 is a GTIN-13 with the Bookland prefix 978 or 979; its last digit is a checksum over the
 * first twelve with weights 1, 3, 1, 3, ...
 */

/** The check digit (0-9) that completes the first twelve digits of an ISBN-13. */
export function isbn13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (first12.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/**
 * Why `value` is not a usable ISBN-13, as a message that says what would be right; undefined when it is one.
 * Only the bare 13-digit form is accepted, since that is what ONIX (ProductIDType 15) and Amazon expect.
 */
export function isbn13Problem(value: string): string | undefined {
  if (!/^[0-9]{13}$/.test(value)) {
    const digits = value.replace(/[\s-]/g, '');
    if (/^[0-9]{13}$/.test(digits)) return `ISBN must be 13 digits without hyphens or spaces: write ${digits}, not ${value}`;
    return `ISBN must be 13 digits starting 978 or 979, got '${value}'`;
  }
  if (!value.startsWith('978') && !value.startsWith('979')) {
    return `ISBN-13 must start with 978 or 979, got ${value}`;
  }
  const expected = isbn13CheckDigit(value);
  if (value.charCodeAt(12) - 48 !== expected) {
    return `ISBN ${value} has a wrong check digit: the last digit must be ${expected} (${value.slice(0, 12)}${expected})`;
  }
  return undefined;
}

/** True when `value` is a 13-digit ISBN with prefix 978/979 and a correct check digit. */
export function isValidIsbn13(value: string): boolean {
  return isbn13Problem(value) === undefined;
}

/** Completes twelve digits into a valid ISBN-13 (used by the catalog generator and tests). */
export function completeIsbn13(first12: string): string {
  return `${first12}${isbn13CheckDigit(first12)}`;
}
