/**
 * From a title file's value (already valid against `config/title.schema.json`) to the `Title` the rest of the product
 * uses: defaults filled in, keys in one fixed order (so equal titles serialise the same, whatever order the file used).
 */
import { withoutUndefined } from '../config/without-undefined.ts';
import type { Contributor, Price, Supply, Title } from './title.ts';

/** What a title file holds: `Title` with the defaulted fields optional, and the editor's `$schema` key. */
export type TitleFile = Omit<
  Title,
  'recordReference' | 'productFormDetails' | 'contributors' | 'subjects' | 'descriptions' | 'measures' | 'salesRights' | 'related' | 'supply'
> & {
  $schema?: string;
  recordReference?: string;
  productFormDetails?: string[];
  contributors?: Contributor[];
  subjects?: Partial<Title['subjects']>;
  descriptions?: Title['descriptions'];
  measures?: Title['measures'];
  salesRights?: Title['salesRights'];
  related?: Title['related'];
  supply: (Omit<Supply, 'prices'> & { prices?: (Omit<Price, 'type'> & { type?: Price['type'] })[] })[];
};

/** Fills the defaults: record reference = ISBN, empty lists, prices of type rrp-excluding-tax. */
export function normaliseTitle(file: TitleFile): Title {
  return withoutUndefined({
    isbn: file.isbn,
    recordReference: file.recordReference ?? file.isbn,
    asin: file.asin,
    productForm: file.productForm,
    productFormDetails: file.productFormDetails ?? [],
    title: withoutUndefined({ prefix: file.title.prefix, text: file.title.text, subtitle: file.title.subtitle }),
    collection: file.collection && withoutUndefined({ title: file.collection.title, number: file.collection.number }),
    contributors: (file.contributors ?? []).map((c) =>
      withoutUndefined({
        roles: c.roles,
        name: c.name,
        namesBeforeKey: c.namesBeforeKey,
        keyNames: c.keyNames,
        corporateName: c.corporateName,
        biography: c.biography,
        isni: c.isni,
      }),
    ),
    edition: file.edition && withoutUndefined({ number: file.edition.number, statement: file.edition.statement }),
    language: file.language,
    originalLanguage: file.originalLanguage,
    pages: file.pages,
    durationMinutes: file.durationMinutes,
    subjects: { bisac: file.subjects?.bisac ?? [], thema: file.subjects?.thema ?? [], keywords: file.subjects?.keywords ?? [] },
    descriptions: withoutUndefined({ long: file.descriptions?.long, short: file.descriptions?.short }),
    cover: file.cover,
    measures: withoutUndefined({
      height: file.measures?.height,
      width: file.measures?.width,
      thickness: file.measures?.thickness,
      weight: file.measures?.weight,
    }),
    publisher: withoutUndefined({ name: file.publisher.name, imprint: file.publisher.imprint }),
    publishingStatus: file.publishingStatus,
    publicationDate: file.publicationDate,
    salesRights: (file.salesRights ?? []).map((r) => withoutUndefined({ type: r.type, countries: r.countries, regions: r.regions })),
    related: (file.related ?? []).map((r) => ({ relation: r.relation, isbn: r.isbn })),
    supply: file.supply.map((s) =>
      withoutUndefined({
        market: s.market,
        countries: s.countries,
        availability: s.availability,
        supplier: s.supplier && withoutUndefined({ name: s.supplier.name, gln: s.supplier.gln }),
        onSaleDate: s.onSaleDate,
        prices: (s.prices ?? []).map((p) =>
          withoutUndefined({ amount: p.amount, currency: p.currency, type: p.type ?? 'rrp-excluding-tax', countries: p.countries }),
        ),
        unpriced: s.unpriced,
      }),
    ),
  });
}
