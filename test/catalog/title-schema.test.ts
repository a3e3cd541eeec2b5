import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TITLE_SCHEMA_URL } from '../../src/catalog/parse-title.ts';
import {
  AVAILABILITIES,
  MEASURE_UNITS,
  PRICE_TYPES,
  PUBLISHING_STATUSES,
  RELATIONS,
  SALES_RIGHTS_TYPES,
  UNPRICED_TYPES,
  type Title,
} from '../../src/catalog/title.ts';
import { compileSchema } from '../../src/config/schema-problems.ts';

interface SchemaNode {
  enum?: string[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  definitions?: Record<string, SchemaNode>;
}

const schema = JSON.parse(readFileSync(TITLE_SCHEMA_URL, 'utf8')) as SchemaNode;
const supply = schema.properties!.supply.items!.properties!;

describe('config/title.schema.json', () => {
  it('compiles under ajv strict mode', () => {
    expect(typeof compileSchema(TITLE_SCHEMA_URL)).toBe('function');
  });

  it('offers exactly the coded values the Title type knows', () => {
    expect(schema.properties!.publishingStatus.enum).toEqual([...PUBLISHING_STATUSES]);
    expect(supply.availability.enum).toEqual([...AVAILABILITIES]);
    expect(supply.prices.items!.properties!.type.enum).toEqual([...PRICE_TYPES]);
    expect(supply.unpriced.enum).toEqual([...UNPRICED_TYPES]);
    expect(schema.properties!.salesRights.items!.properties!.type.enum).toEqual([...SALES_RIGHTS_TYPES]);
    expect(schema.properties!.related.items!.properties!.relation.enum).toEqual([...RELATIONS]);
    expect(schema.definitions!.measure.properties!.unit.enum).toEqual([...MEASURE_UNITS]);
  });

  it('has the top-level keys of Title, plus $schema for JSON files', () => {
    // Typed against Title: adding a field to Title without listing it here fails the type check.
    const titleKeys: Record<keyof Title, true> = {
      isbn: true, recordReference: true, asin: true, productForm: true, productFormDetails: true, title: true, collection: true,
      contributors: true, edition: true, language: true, originalLanguage: true, pages: true, durationMinutes: true, subjects: true,
      descriptions: true, cover: true, measures: true, publisher: true, publishingStatus: true, publicationDate: true,
      salesRights: true, related: true, supply: true,
    };
    expect(Object.keys(schema.properties!).sort()).toEqual(['$schema', ...Object.keys(titleKeys)].sort());
  });
});
