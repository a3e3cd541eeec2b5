import { describe, expect, it } from 'vitest';
import { completeIsbn13, isbn13CheckDigit, isbn13Problem, isValidIsbn13 } from '../../src/catalog/isbn.ts';

describe('ISBN-13', () => {
  it('accepts ISBNs with a correct check digit and a 978 or 979 prefix', () => {
    // The first is "The C Programming Language", 2nd edition.
    expect(isValidIsbn13('9780131103627')).toBe(true);
    expect(isValidIsbn13('9791032305690')).toBe(true);
    expect(isbn13CheckDigit('978013110362')).toBe(7);
  });

  it('names the right check digit when the last digit is wrong', () => {
    expect(isbn13Problem('9780131103620')).toBe('ISBN 9780131103620 has a wrong check digit: the last digit must be 7 (9780131103627)');
  });

  it('refuses prefixes other than 978 and 979', () => {
    expect(isbn13Problem('9770131103627')).toMatch(/must start with 978 or 979, got 9770131103627/);
  });

  it('asks for the bare digits when hyphens are used', () => {
    expect(isbn13Problem('978-0-13-110362-7')).toBe('ISBN must be 13 digits without hyphens or spaces: write 9780131103627, not 978-0-13-110362-7');
  });

  it('refuses too short and non-digit values', () => {
    expect(isbn13Problem('978013110362')).toMatch(/13 digits/);
    expect(isbn13Problem('978013110362X')).toMatch(/13 digits/);
  });

  it('completes twelve digits into a valid ISBN', () => {
    expect(completeIsbn13('978191762001')).toBe('9781917620017');
    expect(isValidIsbn13(completeIsbn13('979123456789'))).toBe(true);
  });
});
