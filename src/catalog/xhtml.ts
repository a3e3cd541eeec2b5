/**
 * The XHTML subset title descriptions and biographies may use: p, br, em, strong, b, i, ul, ol, li, without attributes.
 * A tiny scanner instead of an XML parser, so that each mistake gets a message that says exactly what to write instead,
 * and plain text (the common case) costs one regular-expression test.
 */

/** Elements a description may use. */
export const XHTML_ELEMENTS = ['p', 'br', 'em', 'strong', 'b', 'i', 'ul', 'ol', 'li'] as const;

const ALLOWED = new Set<string>(XHTML_ELEMENTS);
const INLINE = new Set(['em', 'strong', 'b', 'i']);
const BLOCK = new Set(['p', 'ul', 'ol']);
const PREDEFINED_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
// Sticky patterns, matched where the scanner stands without slicing the text.
const ENTITY = /&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/y;
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9]*)(\s*[^>]*?)(\/?)>/y;
const MARKUP = /[<&>]/g;
const NAMED_CHARACTERS: Record<string, string> = { nbsp: '#160', ndash: '#8211', mdash: '#8212', hellip: '#8230', rsquo: '#8217', lsquo: '#8216', ldquo: '#8220', rdquo: '#8221', eacute: '#233', copy: '#169' };

/**
 * Why `text` is not well-formed XHTML in the allowed subset, with the 1-based character position; undefined when it
 * is fine. Plain text without `<` or `&` is always fine.
 */
export function xhtmlProblem(text: string): string | undefined {
  if (!/[<&>]/.test(text)) return undefined;
  const open: string[] = [];
  let i = 0;
  const at = () => `at character ${i + 1}`;
  while (i < text.length) {
    const c = text[i];
    if (c === '&') {
      ENTITY.lastIndex = i;
      const m = ENTITY.exec(text);
      if (!m) return `unescaped '&' ${at()}: write &amp; for an ampersand`;
      const name = m[1];
      if (!name.startsWith('#') && !PREDEFINED_ENTITIES.has(name)) {
        const numeric = NAMED_CHARACTERS[name];
        return `unknown entity &${name}; ${at()}: XML knows only &amp; &lt; &gt; &quot; &apos;; write the character itself${numeric ? ` or &${numeric};` : ' or a numeric reference like &#160;'}`;
      }
      i += m[0].length;
      continue;
    }
    if (c === '>') {
      i++;
      continue;
    }
    if (c !== '<') {
      const parent = open.at(-1);
      if (parent === 'ul' || parent === 'ol') {
        if (!/\s/.test(c)) return `text directly inside <${parent}> ${at()}: put it in an <li>`;
        i++;
      } else {
        // Plain text is the bulk of a description: jump to the next character that means something.
        MARKUP.lastIndex = i;
        i = MARKUP.exec(text)?.index ?? text.length;
      }
      continue;
    }
    TAG.lastIndex = i;
    const tag = TAG.exec(text);
    if (!tag) {
      if (text.startsWith('<!--', i)) return `comment ${at()}: comments are not allowed in descriptions; remove it`;
      return `unescaped '<' ${at()}: write &lt; for a less-than sign`;
    }
    const [whole, closing, rawName, attributes, selfClosing] = tag;
    const name = rawName.toLowerCase();
    if (!ALLOWED.has(name) || rawName !== name) {
      return `<${closing}${rawName}> ${at()} is not allowed: use only lower-case ${XHTML_ELEMENTS.join(', ')}`;
    }
    if (attributes.trim() !== '') return `<${name}> ${at()} has attributes ('${attributes.trim()}'): remove them, attributes are not allowed`;
    if (closing) {
      const expected = open.pop();
      if (expected !== name) {
        return expected ? `</${name}> ${at()} closes <${expected}>: write </${expected}> first` : `</${name}> ${at()} has no opening <${name}>`;
      }
    } else {
      const parent = open.at(-1);
      if (name === 'li' && parent !== 'ul' && parent !== 'ol') return `<li> ${at()} must be inside <ul> or <ol>`;
      if ((parent === 'ul' || parent === 'ol') && name !== 'li') return `<${name}> ${at()} inside <${parent}>: a list holds only <li> items`;
      if (BLOCK.has(name) && parent && (INLINE.has(parent) || parent === 'p')) return `<${name}> ${at()} cannot be inside <${parent}>: close <${parent}> first`;
      if (name === 'br') {
        if (!selfClosing) return `<br> ${at()} must be written <br/> in XHTML`;
      } else if (selfClosing) {
        return `<${name}/> ${at()} is empty: remove it`;
      } else {
        open.push(name);
      }
    }
    i += whole.length;
  }
  const unclosed = open.pop();
  return unclosed ? `<${unclosed}> is not closed: add </${unclosed}>` : undefined;
}
