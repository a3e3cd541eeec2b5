/**
 * Cuts the text of an ONIX message into the products (each from its start tag to its end tag) and the text around
 * them (prolog, root tags, header, whitespace), without parsing the products: finding where a product ends is a few
 * string searches, so the thread that reads the file hands products to parser threads at a small cost of its own.
 *
 * It does not check well-formedness: whoever parses the pieces does. For well-formed input the cuts are exact
 * (comments, CDATA sections, processing instructions and the DOCTYPE are stepped over as units); for other input they
 * may be wrong, and a parser of the pieces then fails.
 */

/** Where the pieces go, in document order. */
export interface MessagePieces {
  /** Text outside the products. */
  outside(text: string): void;
  /**
   * Whether a start tag called `qualified`, a child of the root element, starts a product; asked after all the text
   * before it went to {@link outside}.
   */
  isProduct(qualified: string): boolean;
  /** One product element, start tag to end tag; `qualified` is its tag name. */
  product(text: string, qualified: string): void;
}

/** The input ended inside a product or inside markup. */
export class UnfinishedMessageError extends Error {
  override name = 'UnfinishedMessageError';
}

interface Markup {
  kind: 'start' | 'end' | 'other';
  /** Index just past the markup. */
  end: number;
  /** The tag name, for start tags. */
  name: string;
  selfClosing: boolean;
}

/** Splits a message fed in chunks; see {@link MessagePieces}. */
export class MessageSplitter {
  private rest = '';
  /** Elements open outside products: 0 before the root element, 1 inside it. */
  private depth = 0;
  /** The tag name of the product that starts at the beginning of `rest`, if one does. */
  private inProduct: string | undefined;

  constructor(private readonly pieces: MessagePieces) {}

  /** Splits the next chunk of text (pieces are handed out before this returns). */
  push(chunk: string): void {
    const text = this.rest + chunk;
    const special = new SpecialMarkup(text);
    let pos = 0;
    let outsideFrom = 0;
    const flushOutside = (to: number): void => {
      if (to > outsideFrom) this.pieces.outside(text.slice(outsideFrom, to));
      outsideFrom = to;
    };
    for (;;) {
      if (this.inProduct !== undefined) {
        const end = productEnd(text, pos, this.inProduct, special);
        if (end < 0) break;
        this.pieces.product(text.slice(pos, end), this.inProduct);
        this.inProduct = undefined;
        pos = outsideFrom = end;
        continue;
      }
      const lt = text.indexOf('<', pos);
      if (lt < 0) {
        pos = text.length;
        break;
      }
      const markup = scanMarkup(text, lt);
      if (!markup) {
        pos = lt;
        break;
      }
      if (markup.kind === 'start' && this.depth === 1) {
        flushOutside(lt);
        if (this.pieces.isProduct(markup.name)) {
          this.inProduct = markup.name;
          pos = outsideFrom = lt;
          continue;
        }
      }
      if (markup.kind === 'start' && !markup.selfClosing) this.depth++;
      else if (markup.kind === 'end') this.depth--;
      pos = markup.end;
    }
    if (this.inProduct === undefined) flushOutside(pos);
    this.rest = text.slice(this.inProduct === undefined ? pos : outsideFrom);
  }

  /** Hands out what is left; throws UnfinishedMessageError when the input stopped inside a product or markup. */
  end(): void {
    if (this.inProduct !== undefined) throw new UnfinishedMessageError(`the input ends inside <${this.inProduct}>`);
    if (this.rest.includes('<')) throw new UnfinishedMessageError('the input ends inside markup');
    if (this.rest) this.pieces.outside(this.rest);
    this.rest = '';
  }
}

/**
 * Index just past the end tag of the product whose start tag is at `start`, or -1 when `text` does not hold all of it.
 * Usually one search for `</Product>`; only products that contain comments, CDATA, processing instructions or a
 * nested element of the same name are walked tag by tag.
 */
function productEnd(text: string, start: number, name: string, special: SpecialMarkup): number {
  const close = `</${name}>`;
  const at = text.indexOf(close, start);
  if (at >= 0 && !special.within(start, at) && !hasNestedStart(text, start, at, name)) return at + close.length;
  let depth = 0;
  let pos = start;
  for (;;) {
    const lt = text.indexOf('<', pos);
    if (lt < 0) return -1;
    const markup = scanMarkup(text, lt);
    if (!markup) return -1;
    if (markup.kind === 'start' && !markup.selfClosing) depth++;
    else if (markup.kind === 'end') depth--;
    pos = markup.end;
    if (depth === 0 && markup.kind !== 'other') return pos;
  }
}

/**
 * Where a text has comments, CDATA, declarations (`<!`) and processing instructions (`<?`). Each is searched for once
 * per text and again only once passed: most texts have none, and searching to the end for every product would cost
 * more than everything else the splitter does.
 */
class SpecialMarkup {
  private bang = -1;
  private question = -1;

  constructor(private readonly text: string) {}

  /** Whether text[from, to) holds `<!` or `<?`; `from` never decreases between calls. */
  within(from: number, to: number): boolean {
    if (this.bang !== Infinity && this.bang < from) this.bang = this.next('<!', from);
    if (this.question !== Infinity && this.question < from) this.question = this.next('<?', from);
    return this.bang < to || this.question < to;
  }

  private next(marker: string, from: number): number {
    const at = this.text.indexOf(marker, from);
    return at < 0 ? Infinity : at;
  }
}

/** Whether text(from, to) holds another start tag called `name`. */
function hasNestedStart(text: string, from: number, to: number, name: string): boolean {
  const open = `<${name}`;
  for (let at = text.indexOf(open, from + 1); at >= 0 && at < to; at = text.indexOf(open, at + 1)) {
    if (isNameEnd(text.charCodeAt(at + open.length))) return true;
  }
  return false;
}

/** Whitespace, `/` or `>`: the character after a complete tag name. */
function isNameEnd(code: number): boolean {
  return code === 0x3e || code === 0x2f || code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** The markup starting with the `<` at `lt`, or undefined when `text` ends before it does. */
function scanMarkup(text: string, lt: number): Markup | undefined {
  const next = text.charCodeAt(lt + 1);
  if (Number.isNaN(next)) return undefined;
  const other = (end: number): Markup | undefined => (end < 0 ? undefined : { kind: 'other', end, name: '', selfClosing: false });
  if (next === 0x21 /* ! */) {
    const head = text.slice(lt, lt + 9);
    if (head.startsWith('<!--')) return other(after(text, '-->', lt + 4));
    if (head === '<![CDATA[') return other(after(text, ']]>', lt + 9));
    if (head.length < 9 && ('<![CDATA['.startsWith(head) || '<!--'.startsWith(head))) return undefined;
    return other(declarationEnd(text, lt + 2));
  }
  if (next === 0x3f /* ? */) return other(after(text, '?>', lt + 2));
  const gt = tagEnd(text, lt + 1);
  if (gt < 0) return undefined;
  if (next === 0x2f /* / */) return { kind: 'end', end: gt + 1, name: '', selfClosing: false };
  let nameEnd = lt + 1;
  while (nameEnd < gt && !isNameEnd(text.charCodeAt(nameEnd))) nameEnd++;
  return { kind: 'start', end: gt + 1, name: text.slice(lt + 1, nameEnd), selfClosing: text.charCodeAt(gt - 1) === 0x2f };
}

/** Index just past the next `marker` at or after `from`, or -1. */
function after(text: string, marker: string, from: number): number {
  const at = text.indexOf(marker, from);
  return at < 0 ? -1 : at + marker.length;
}

/** Index of the `>` closing a tag, stepping over quoted attribute values (which may hold `>`), or -1. */
function tagEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) return i;
    if (c === 0x22 || c === 0x27) {
      const close = text.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

/** Index just past a `<!DOCTYPE ...>` (or other declaration), internal subset included, or -1. */
function declarationEnd(text: string, from: number): number {
  let inSubset = false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x27) {
      const close = text.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (inSubset && text.startsWith('<!--', i)) {
      const end = after(text, '-->', i + 4);
      if (end < 0) return -1;
      i = end - 1;
    } else if (inSubset && text.startsWith('<?', i)) {
      const end = after(text, '?>', i + 2);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === 0x5b /* [ */) inSubset = true;
    else if (c === 0x5d /* ] */) inSubset = false;
    else if (c === 0x3e && !inSubset) return i + 1;
  }
  return -1;
}
