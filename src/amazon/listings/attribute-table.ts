/**
 * The listings attribute table: which Amazon attribute each part of a title becomes. It is data
 * (`config/listings-attributes.yaml`, schema `config/listings-attributes.schema.json`) because several ABIS_BOOK
 * attribute names and shapes cannot be confirmed from public material; an operator corrects them without code.
 */
import type { SourceName } from './sources.ts';

/** A value template: `"{field}"` placeholders are filled from a source record. */
export type Template = { [key: string]: TemplateValue };
export type TemplateValue = string | number | boolean | null | Template | TemplateValue[];

/** One Amazon attribute and how its values are made. */
export interface AttributeRule {
  /** Amazon's attribute name, e.g. `item_name`. */
  attribute: string;
  source: SourceName;
  template: Template;
  /** Per field: the title's code -> Amazon's value; a record whose code has no entry is left out. */
  codes: Record<string, Record<string, string>>;
  /** `offer` attributes are what a PARTIAL_UPDATE carries when only prices or availability changed. */
  group: 'product' | 'offer';
  /** Sent only when the tenant includes offers. */
  offersOnly: boolean;
  /** One value per marketplace, each carrying `marketplace_id`. */
  perMarketplace: boolean;
  /** Each value carries `language_tag`. */
  localized: boolean;
  /** Whether the name and shape are confirmed from Amazon's public material (documentation only). */
  confirmed: boolean;
  note?: string;
}

/** The whole table, as the mapping uses it. */
export interface AttributeTable {
  productType: string;
  rules: AttributeRule[];
}

/** The table file as written (defaults not yet applied). */
export interface AttributeTableFile {
  productType?: string;
  attributes: AttributeRuleFile[];
}

export interface AttributeRuleFile {
  attribute: string;
  source?: SourceName;
  template?: Template;
  codes?: Record<string, Record<string, string>>;
  group?: 'product' | 'offer';
  offersOnly?: boolean;
  perMarketplace?: boolean;
  localized?: boolean;
  confirmed?: boolean;
  note?: string;
  enabled?: boolean;
}

/**
 * Applies defaults, and lays `override` (a repository's own table) over `base` (the shipped one): an override entry
 * replaces the base entry of the same attribute in place, or is appended; `enabled: false` drops it.
 */
export function mergeAttributeTables(base: AttributeTableFile, override?: AttributeTableFile): AttributeTable {
  const entries = new Map<string, AttributeRuleFile>();
  for (const entry of base.attributes) entries.set(entry.attribute, entry);
  for (const entry of override?.attributes ?? []) entries.set(entry.attribute, entry);
  const rules: AttributeRule[] = [];
  for (const entry of entries.values()) {
    if (entry.enabled === false) continue;
    // The schema requires source, template and confirmed on every enabled entry.
    rules.push({
      attribute: entry.attribute,
      source: entry.source!,
      template: entry.template!,
      codes: entry.codes ?? {},
      group: entry.group ?? 'product',
      offersOnly: entry.offersOnly ?? false,
      perMarketplace: entry.perMarketplace ?? true,
      localized: entry.localized ?? false,
      confirmed: entry.confirmed!,
      ...(entry.note === undefined ? {} : { note: entry.note }),
    });
  }
  return { productType: override?.productType ?? base.productType ?? 'ABIS_BOOK', rules };
}
