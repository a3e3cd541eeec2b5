/**
 * Turns a title into Amazon attribute values by the attribute table: each rule's source records are coded,
 * poured into the rule's template, and given `marketplace_id` / `language_tag` as Amazon's schema asks.
 */
import type { Title } from '../../catalog/title.ts';
import type { AttributeRule, AttributeTable, Template, TemplateValue } from './attribute-table.ts';
import { MARKETPLACE_SOURCES, sourceRecords, type ListingsMarketplace, type SourceContext, type SourceRecord } from './sources.ts';

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

/** The language tag of text sent to `marketplace`: its own when the tenant names one, else the tenant's. */
function languageTagFor(settings: RenderContext['settings'], marketplace?: ListingsMarketplace): string {
  return (marketplace && settings.languageTags?.[marketplace.id]) ?? settings.languageTag;
}

function renderRule(rule: AttributeRule, title: Title, context: RenderContext): Record<string, unknown>[] {
  const tag = (value: Record<string, unknown>, marketplace?: ListingsMarketplace) => ({
    ...value,
    ...(rule.localized ? { language_tag: languageTagFor(context.settings, marketplace) } : {}),
    ...(marketplace ? { marketplace_id: marketplace.id } : {}),
  });
  if (!rule.perMarketplace) return ruleValues(rule, title, context).map((value) => tag(value));
  if (MARKETPLACE_SOURCES.has(rule.source)) {
    return context.marketplaces.flatMap((marketplace) => ruleValues(rule, title, { ...context, marketplace }).map((value) => tag(value, marketplace)));
  }
  // The same values in every marketplace: made once, then tagged per marketplace.
  const values = ruleValues(rule, title, context);
  return context.marketplaces.flatMap((marketplace) => values.map((value) => tag(value, marketplace)));
}

/** The rule's values before tagging: each source record coded and poured into the template, without repeats. */
function ruleValues(rule: AttributeRule, title: Title, context: SourceContext): Record<string, unknown>[] {
  const fill = compiledTemplate(rule.template);
  const values: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const record of sourceRecords(rule.source, title, context)) {
    const coded = applyCodes(record, rule.codes);
    if (!coded) continue;
    // Two roles that map to one Amazon role (A01 and A02 are both "author") must not repeat a value.
    const key = JSON.stringify(coded);
    if (seen.has(key)) continue;
    seen.add(key);
    const value = fill(coded);
    if (value !== undefined) values.push(value as Record<string, unknown>);
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

/** Fills a template from a record; undefined when a field the template names is missing. */
type Filler = (record: SourceRecord) => TemplateValue | undefined;

const compiled = new WeakMap<Template, Filler>();

/** The template turned into a function once, so each title costs no parsing of it. */
function compiledTemplate(template: Template): Filler {
  let filler = compiled.get(template);
  if (!filler) compiled.set(template, (filler = compile(template)));
  return filler;
}

function compile(template: TemplateValue): Filler {
  if (typeof template === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(template);
    if (whole) return (record) => record[whole[1]];
    // Odd indexes of the split are field names, even ones literal text.
    const parts = template.split(PLACEHOLDER);
    if (parts.length === 1) return () => template;
    return (record) => {
      let text = parts[0];
      for (let i = 1; i < parts.length; i += 2) {
        const field = record[parts[i]];
        if (field === undefined) return undefined;
        text += String(field) + parts[i + 1];
      }
      return text;
    };
  }
  if (Array.isArray(template)) {
    const items = template.map(compile);
    return (record) => {
      const out: TemplateValue[] = [];
      for (const item of items) {
        const value = item(record);
        if (value === undefined) return undefined;
        out.push(value);
      }
      return out;
    };
  }
  if (template !== null && typeof template === 'object') {
    const entries = Object.entries(template).map(([key, value]) => [key, compile(value)] as const);
    return (record) => {
      const out: Template = {};
      for (const [key, fill] of entries) {
        const value = fill(record);
        if (value === undefined) return undefined;
        out[key] = value;
      }
      return out;
    };
  }
  return () => template;
}
