/**
 * Turns a title into Amazon attribute values by the attribute table: each rule's source records are coded,
 * poured into the rule's template, and given `marketplace_id` / `language_tag` as Amazon's schema asks.
 */
import type { Title } from '../../catalog/title.ts';
import type { AttributeRule, AttributeTable, Template, TemplateValue } from './attribute-table.ts';
import { sourceRecords, type SourceContext, type SourceRecord } from './sources.ts';

/** Attribute name -> values, as a listings message's `attributes`. */
export type ListingsAttributes = Record<string, Record<string, unknown>[]>;

/** What the rendering needs besides the title. */
export interface RenderContext extends Omit<SourceContext, 'marketplace'> {
  table: AttributeTable;
}

/** The rules that apply to a tenant: offer-only rules need includeOffers; `settings.attributes` narrows the set. */
export function activeRules(context: RenderContext): AttributeRule[] {
  const { settings } = context;
  return context.table.rules.filter(
    (rule) => (!rule.offersOnly || settings.includeOffers) && (!settings.attributes || settings.attributes.includes(rule.attribute)),
  );
}

/** The attributes of `title`, all groups or only `group`; attributes without any value are left out. */
export function renderAttributes(title: Title, context: RenderContext, group?: AttributeRule['group']): ListingsAttributes {
  const attributes: ListingsAttributes = {};
  for (const rule of activeRules(context)) {
    if (group && rule.group !== group) continue;
    const values = renderRule(rule, title, context);
    if (values.length > 0) attributes[rule.attribute] = values;
  }
  return attributes;
}

function renderRule(rule: AttributeRule, title: Title, context: RenderContext): Record<string, unknown>[] {
  const { languageTag } = context.settings;
  const targets = rule.perMarketplace ? context.marketplaces : [undefined];
  const values: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const marketplace of targets) {
    for (const record of sourceRecords(rule.source, title, { ...context, ...(marketplace ? { marketplace } : {}) })) {
      const coded = applyCodes(record, rule.codes);
      const filled = coded && fill(rule.template, coded);
      if (filled === undefined) continue;
      const value = filled as Record<string, unknown>;
      if (rule.localized) value.language_tag = languageTag;
      if (marketplace) value.marketplace_id = marketplace.id;
      // Two roles that map to one Amazon role (A01 and A02 are both "author") must not repeat a value.
      const key = JSON.stringify(value);
      if (!seen.has(key)) values.push(value), seen.add(key);
    }
  }
  return values;
}

function applyCodes(record: SourceRecord, codes: AttributeRule['codes']): SourceRecord | undefined {
  const out = { ...record };
  for (const [field, mapping] of Object.entries(codes)) {
    if (!(field in record)) continue;
    const mapped = mapping[String(record[field])];
    if (mapped === undefined) return undefined;
    out[field] = mapped;
  }
  return out;
}

const WHOLE_PLACEHOLDER = /^\{([A-Za-z]\w*)\}$/;
const PLACEHOLDER = /\{([A-Za-z]\w*)\}/g;

/** The template with its placeholders filled; undefined when a field it names is missing from the record. */
function fill(template: TemplateValue, record: SourceRecord): TemplateValue | undefined {
  if (typeof template === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(template);
    if (whole) return record[whole[1]];
    let missing = false;
    const text = template.replace(PLACEHOLDER, (_, field: string) => {
      if (record[field] === undefined) missing = true;
      return String(record[field]);
    });
    return missing ? undefined : text;
  }
  if (Array.isArray(template)) {
    const items = template.map((item) => fill(item, record));
    return items.includes(undefined) ? undefined : (items as TemplateValue[]);
  }
  if (template !== null && typeof template === 'object') {
    const out: Template = {};
    for (const [key, value] of Object.entries(template)) {
      const filled = fill(value, record);
      if (filled === undefined) return undefined;
      out[key] = filled;
    }
    return out;
  }
  return template;
}
