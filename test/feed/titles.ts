/**
 * Valid title files for the feed tests, written as a publisher would (YAML, one per ISBN).
 */
import { completeIsbn13 } from '../../src/catalog/isbn.ts';

/** The n-th test ISBN (valid check digit, fictional 979-8-99 prefix). */
export function isbn(n: number): string {
  return completeIsbn13(`97989900${String(n).padStart(4, '0')}`);
}

/** A valid title file for `isbnValue`; `extra` adds YAML lines (e.g. a changed price). */
export function titleYaml(isbnValue: string, options: { title?: string; price?: number; recordReference?: string } = {}): string {
  return [
    '# yaml-language-server: $schema=../../../config/title.schema.json',
    `isbn: "${isbnValue}"`,
    ...(options.recordReference ? [`recordReference: ${options.recordReference}`] : []),
    'productForm: BC',
    'title:',
    `  text: ${options.title ?? `Test Title ${isbnValue.slice(-4)}`}`,
    'contributors:',
    '  - roles: [A01]',
    '    name: Mara Quillfeather',
    '    namesBeforeKey: Mara',
    '    keyNames: Quillfeather',
    'language: eng',
    'pages: 240',
    'subjects:',
    '  bisac: [FIC000000]',
    'descriptions:',
    '  long: "<p>A test title.</p>"',
    'publisher:',
    '  name: Test Press',
    'publishingStatus: active',
    'publicationDate: "2024-05-01"',
    'salesRights:',
    '  - type: exclusive',
    '    countries: [US, CA]',
    'supply:',
    '  - market: us',
    '    countries: [US]',
    '    availability: available',
    '    prices:',
    `      - { amount: ${options.price ?? 18.99}, currency: USD }`,
    '',
  ].join('\n');
}

/** `titleYaml` files for ISBNs 1..n, keyed by their repository path. */
export function catalogFiles(tenant: string, count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let n = 1; n <= count; n++) files[`catalog/${tenant}/titles/${isbn(n)}.yaml`] = titleYaml(isbn(n));
  return files;
}
