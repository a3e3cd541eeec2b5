/**
 * The XHTML subset the title model allows in descriptions and biographies (p, br, em, strong, b, i, ul, ol, li),
 * turned into element content for `textformat="05"`. ONIX wants these elements in the ONIX namespace (a plain `<p>`
 * under the message's default namespace), so tags are copied without any namespace declaration.
 */

/** Tags the title model allows; nothing else is passed through, so no attribute or script can reach a feed. */
const ALLOWED_TAGS = new Set(['p', 'br', 'em', 'strong', 'b', 'i', 'ul', 'ol', 'li']);
/** A tag, or a character reference / one of XML's five named entities (kept as written). */
const TOKEN = /<(\/?)([A-Za-z][A-Za-z0-9]*)\s*(\/?)>|&(?:#[0-9]+|#x[0-9A-Fa-f]+|amp|lt|gt|quot|apos);|[&<>]/g;

/** The fragment as ONIX XHTML content, or a reason why it is not a well-formed fragment of the subset. */
export type XhtmlResult = { xml: string; problem?: undefined } | { xml?: undefined; problem: string };

/**
 * Converts a description fragment to XHTML element content: allowed tags kept (in the ONIX namespace by
 * inheritance), bare `&`, `<` and `>` escaped, tags checked for balance.
 */
export function toOnixXhtml(fragment: string): XhtmlResult {
  const open: string[] = [];
  let problem: string | undefined;
  const xml = fragment.replace(TOKEN, (token, closing: string, name: string | undefined, selfClosing: string) => {
    if (name === undefined) {
      if (token === '&') return '&amp;';
      if (token === '<') return '&lt;';
      if (token === '>') return '&gt;';
      return token;
    }
    const tag = name.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) {
      problem ??= `<${name}> is not allowed in descriptions; use p, br, em, strong, b, i, ul, ol, li`;
      return '';
    }
    if (tag === 'br' || selfClosing) return `<${tag}/>`;
    if (!closing) {
      open.push(tag);
      return `<${tag}>`;
    }
    const expected = open.pop();
    if (expected !== tag) problem ??= `</${name}> does not close ${expected ? `<${expected}>` : 'any open tag'}`;
    return `</${tag}>`;
  });
  if (problem) return { problem };
  if (open.length > 0) return { problem: `<${open[open.length - 1]}> is never closed` };
  return { xml };
}
