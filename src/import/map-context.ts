/**
 * What the product mapping shares: the message and tenant it maps for, the way it records what it could not carry,
 * and small readers for ONIX structures that appear in several blocks (dates, territories).
 */
import type { TenantConfig } from '../config/tenant.ts';
import { childrenNamed, take, useAll, type OnixNode } from './onix-node.ts';
import type { OnixMessageInfo } from './read-message.ts';

/** Something of a product that the title cannot hold, or holds only in part. */
export interface NotCarried {
  /** ONIX element path below `<Product>` (reference names), or a title field (`supply[1]`) dropped by a check. */
  path: string;
  /** The element's value, when short. */
  value?: string;
  /** Why, when the path alone does not say it. */
  reason?: string;
}

/** Inputs of the mapping and the sink for what it leaves behind. */
export interface MapContext {
  message: OnixMessageInfo;
  /** The tenant's default supplier: a SupplyDetail naming it is not an override. */
  supplier: TenantConfig['supplier'];
  note(entry: NotCarried): void;
}

/** The product cannot become a title at all; the message says why and what would be needed. */
export class ProductSkip extends Error {
  override name = 'ProductSkip';
}

/** ONIX List 55 formats that start with a full YYYYMMDD date. */
const FULL_DATE_FORMATS = new Set(['00', '13', '14']);

/**
 * The `<Date>` of a date composite as YYYY-MM-DD (marking it used), or undefined when it is not a whole day
 * (a month or year format) or missing. Reads the `dateformat` attribute and the older `<DateFormat>` element.
 */
export function takeDay(composite: OnixNode): string | undefined {
  const dateNode = composite.children.find((c) => c.name === 'Date');
  if (!dateNode) return undefined;
  const formatNode = composite.children.find((c) => c.name === 'DateFormat');
  const format = dateNode.attributes.dateformat ?? formatNode?.text.trim() ?? '00';
  if (!FULL_DATE_FORMATS.has(format)) return undefined;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(dateNode.text.trim());
  if (!m) return undefined;
  dateNode.used = true;
  if (formatNode) formatNode.used = true;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** The places of a `<Territory>`. */
export interface Places {
  countries: string[];
  regions: string[];
}

/** Countries and regions a `<Territory>` includes, without marking anything; undefined when it excludes any, which a title cannot say. */
export function readTerritory(territory: OnixNode | undefined): Places | undefined {
  if (!territory || territory.children.some((c) => c.name === 'CountriesExcluded' || c.name === 'RegionsExcluded')) return undefined;
  const list = (name: string): string[] => (territory.children.find((c) => c.name === name)?.text ?? '').split(/\s+/).filter(Boolean);
  return { countries: list('CountriesIncluded'), regions: list('RegionsIncluded') };
}

/** {@link readTerritory}, marking the territory used when it can be carried. */
export function takeTerritory(territory: OnixNode | undefined): Places | undefined {
  const places = readTerritory(territory);
  if (places) useAll(territory!);
  return places;
}

/** The composites called `name` whose `typeElement` is `code`. */
export function withCode(node: OnixNode | undefined, name: string, typeElement: string, code: string): OnixNode[] {
  return childrenNamed(node, name).filter((child) => child.children.find((c) => c.name === typeElement)?.text.trim() === code);
}

/** Marks `composite` and its type element used and returns it, for the common "take the composite of this type" step. */
export function takeTyped(composite: OnixNode, typeElement: string): OnixNode {
  composite.used = true;
  take(composite, typeElement);
  return composite;
}
