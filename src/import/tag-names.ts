/**
 * ONIX short tags (`b012`, `productsupply`) -> reference names (`ProductForm`, `ProductSupply`), read from EDItEUR's own
 * XSDs rather than typed in: the short and reference schemas of a release declare the same elements in the same order,
 * so the n-th `<xs:element name=...>` of one is the n-th of the other.
 */
import { readFileSync } from 'node:fs';
import type { OnixVersion } from '../config/tenant.ts';

const ELEMENT_NAME = /<xs:element name="([^"]+)"/g;
const maps = new Map<OnixVersion, ReadonlyMap<string, string>>();

/** The XSD element declaration pairing did not line up: the pinned schemas are not what this code expects. */
export class TagMapError extends Error {
  override name = 'TagMapError';
}

function declaredNames(version: OnixVersion, flavour: 'reference' | 'short'): string[] {
  const url = new URL(`../../schemas/onix/${version}/ONIX_BookProduct_${version}_${flavour}.xsd`, import.meta.url);
  return Array.from(readFileSync(url, 'utf8').matchAll(ELEMENT_NAME), (m) => m[1]);
}

/** Short tag -> reference name for one ONIX release (read from the pinned XSDs once per process). */
export function shortTagMap(version: OnixVersion): ReadonlyMap<string, string> {
  let map = maps.get(version);
  if (map) return map;
  const reference = declaredNames(version, 'reference');
  const short = declaredNames(version, 'short');
  if (reference.length !== short.length || reference.length === 0) {
    throw new TagMapError(`ONIX ${version} XSDs declare ${reference.length} reference and ${short.length} short elements; expected equal lists`);
  }
  const pairs = new Map<string, string>();
  reference.forEach((name, i) => {
    // Composites are the reference name in lower case (the root keeps ONIX in capitals); a pair that is neither that
    // nor a coded tag means the lists slipped.
    const tag = short[i];
    if (!/^[a-z][0-9]{3}$/.test(tag) && tag.toLowerCase() !== name.toLowerCase()) {
      throw new TagMapError(`ONIX ${version} XSDs pair <${name}> with <${tag}>; the element lists are out of step`);
    }
    pairs.set(tag, name);
  });
  maps.set(version, pairs);
  return pairs;
}
