/**
 * ONIX text elements (`<Text>`, `<BiographicalNote>`) in the forms the title model keeps: its XHTML subset for long
 * descriptions and biographies, plain text for the short description. `textformat` 05 is inline XHTML, 02 is HTML
 * carried as escaped text or CDATA, anything else is plain text. Markup the subset does not allow is taken out (its
 * text stays); when the result is still not valid XHTML the text is kept without markup. Either way `lossy` says so,
 * for the import report.
 */
import { XHTML_ELEMENTS, xhtmlProblem } from '../catalog/xhtml.ts';
import type { MarkupToken, OnixNode } from './onix-node.ts';

/** Converted text, and whether markup had to be left out to get there. */
export interface ConvertedText {
  text: string;
  lossy: boolean;
}

const ALLOWED = new Set<string>(XHTML_ELEMENTS);
/** Elements whose edges separate words, so that text joined without them does not run together. */
const BREAKING = /^(?:p|br|li|ul|ol|div|h[1-6]|blockquote|tr|td|th|dd|dt)$/;
const HTML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Escapes text for the XHTML subset (quotes and `>` may stay as they are). */
export function escapeXhtmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/]]>/g, ']]&gt;');
}

/** The element's content as the title model's XHTML subset. */
export function richText(node: OnixNode): ConvertedText {
  if (node.markup) return markupAsXhtml(node.markup);
  const text = node.text.trim();
  if (node.attributes.textformat !== '02') return { text: escapeXhtmlText(text), lossy: false };
  if (xhtmlProblem(text) === undefined) return { text, lossy: false };
  return { text: escapeXhtmlText(htmlToPlainText(text)), lossy: true };
}

/** The element's content as plain text. */
export function plainText(node: OnixNode): ConvertedText {
  if (node.markup) {
    const hasTags = node.markup.some((t) => t.kind !== 'text');
    return { text: tokensAsPlainText(node.markup), lossy: hasTags };
  }
  const text = node.text.trim();
  if (node.attributes.textformat !== '02' || !/[<&]/.test(text)) return { text, lossy: false };
  const plain = htmlToPlainText(text);
  return { text: plain, lossy: /<[A-Za-z]/.test(text) };
}

function markupAsXhtml(tokens: MarkupToken[]): ConvertedText {
  const cleaned = tokens.some((t) => t.kind !== 'text' && (!ALLOWED.has(t.name) || (t.kind === 'open' && t.hasAttributes)));
  const xhtml = serialise(tokens).trim();
  if (xhtmlProblem(xhtml) === undefined) return { text: xhtml, lossy: cleaned };
  return { text: escapeXhtmlText(tokensAsPlainText(tokens)), lossy: true };
}

/** Tokens back to markup, without attributes and without elements outside the subset (their text stays). */
function serialise(tokens: MarkupToken[]): string {
  let s = '';
  for (const token of tokens) {
    if (token.kind === 'text') {
      s += escapeXhtmlText(token.text);
      continue;
    }
    const name = token.name.toLowerCase();
    if (!ALLOWED.has(name)) continue;
    // <br></br> is the same empty element as <br/>, which is the only form the subset accepts.
    if (name === 'br') s += token.kind === 'open' ? '<br/>' : '';
    else if (token.kind === 'close') s += `</${name}>`;
    else s += token.selfClosing ? `<${name}/>` : `<${name}>`;
  }
  return s;
}

function tokensAsPlainText(tokens: MarkupToken[]): string {
  let s = '';
  for (const token of tokens) s += token.kind === 'text' ? token.text : BREAKING.test(token.name.toLowerCase()) ? ' ' : '';
  return s.replace(/\s+/g, ' ').trim();
}

/** HTML text (textformat 02) without its tags, entities decoded. */
function htmlToPlainText(html: string): string {
  const text = html
    .replace(/<\/?([A-Za-z][A-Za-z0-9]*)[^>]*>/g, (_, name: string) => (BREAKING.test(name.toLowerCase()) ? ' ' : ''))
    .replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
      const code = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : ref.startsWith('#') ? Number(ref.slice(1)) : undefined;
      if (code === undefined) return HTML_ENTITIES[ref] ?? whole;
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    });
  return text.replace(/\s+/g, ' ').trim();
}
