/** XML text escaping for the hot path: one regex test, and a replace only when something needs escaping. */

const NEEDS_ESCAPE = /[&<>"]/;
const ESCAPABLE = /[&<>"]/g;
const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes text for use in element content or a double-quoted attribute value. */
export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPABLE, (c) => ENTITY[c]) : text;
}
