/**
 * Reads an ONIX 3.0 or 3.1 message (reference or short tags) as a stream with saxes and hands out one product tree at
 * a time, so memory stays flat however large the file. The root element decides the tag style and release; an ONIX 2.1
 * message, a non-ONIX document and XML that is not well-formed (including a file cut short) stop the read with an
 * error that names the line.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { OnixVersion } from '../config/tenant.ts';
import { InvalidInputError } from '../config/problem.ts';
import type { OnixNode } from './onix-node.ts';
import { localName, ProductTreeBuilder, type TagEvent } from './product-tree.ts';
import { shortTagMap } from './tag-names.ts';

/** What the root and header say about the whole message. */
export interface OnixMessageInfo {
  version: OnixVersion;
  tags: 'reference' | 'short';
  /** Header defaults (ONIX 3.0; deprecated in 3.1), used where a product leaves the value out. */
  defaults: { language?: string; priceType?: string; currency?: string };
}

/** One product of the message. */
export interface OnixProduct {
  node: OnixNode;
  /** 1-based position in the message. */
  index: number;
  message: OnixMessageInfo;
}

/**
 * The products of the message in `chunks`, in order. `file` names the input in errors (`file:line:col: message`).
 * Throws InvalidInputError for input that is not a readable ONIX 3.x message; products before the fault may already
 * have been handed out, so a caller that must change nothing on bad input stages its output until the end.
 */
export async function* readOnixProducts(chunks: AsyncIterable<string>, file: string): AsyncGenerator<OnixProduct> {
  const reader = new OnixMessageReader(file);
  try {
    for await (const chunk of chunks) {
      reader.write(chunk);
      yield* reader.take();
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    reader.fail(`the file cannot be read past this point: ${(error as Error).message}`);
  }
  reader.end();
  yield* reader.take();
}

/**
 * A message read with saxes, text chunk by text chunk: checks the root (release, tag style), keeps the header's
 * defaults and builds each product's tree. Methods throw InvalidInputError at the first fault, naming file, line and
 * column.
 */
export class OnixMessageReader {
  private readonly parser = new SaxesParser({ xmlns: false, position: true });
  private info: OnixMessageInfo | undefined;
  private names: ReadonlyMap<string, string> | undefined;
  private doctype = '';
  private depth = 0;
  // Depth of a root child that is neither Header nor Product (NoProduct): everything inside it is passed over.
  private passedOver = 0;
  private rootClosed = false;
  private head: string | undefined;
  private builder: ProductTreeBuilder | undefined;
  private productCount = 0;
  private lastProductEnd = 0;
  private ready: OnixProduct[] = [];

  /** `file` names the input in errors. */
  constructor(private readonly file: string) {
    const parser = this.parser;
    parser.on('error', (error) => {
      const reason = error.message.replace(/^\d+:\d+: /, '');
      if (this.depth === 0 && !this.info && /text data outside of root node|document must contain a root element/.test(reason)) {
        const start = (this.head ?? '').trimStart().slice(0, 30);
        this.fail(start ? `not XML: the file starts with '${start}'; an ONIX message starts with <?xml ...?> or <ONIXMessage>` : 'the file is empty: expected an ONIX 3.x message', 1, 1);
      }
      this.fail(`not well-formed XML: ${reason}`);
    });
    parser.on('doctype', (text) => {
      this.doctype = text;
    });
    parser.on('opentag', (tag) => {
      this.depth++;
      if (this.depth === 1) {
        ({ message: this.info, names: this.names } = startMessage(tag, this.doctype, (message) => this.fail(message)));
        return;
      }
      if (this.passedOver > 0) return;
      if (this.depth === 2) {
        const name = this.referenceName(tag.name);
        if (name !== 'Product' && name !== 'Header') {
          this.passedOver = this.depth;
          return;
        }
        this.builder = new ProductTreeBuilder(this.names);
      }
      this.builder!.openTag(tag as TagEvent, parser.line);
    });
    const onText = (text: string): void => this.builder?.text(text);
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', (tag) => {
      this.depth--;
      if (this.depth === 0) {
        this.rootClosed = true;
        return;
      }
      if (this.passedOver > 0) {
        if (this.depth < this.passedOver) this.passedOver = 0;
        return;
      }
      const node = this.builder?.closeTag(tag as TagEvent);
      if (!node) return;
      this.builder = undefined;
      // A new object, so that products read before a (misplaced) later Header keep the defaults they were read with.
      if (node.name === 'Header') this.info = { ...this.info!, defaults: headerDefaults(node) };
      else {
        this.ready.push({ node, index: ++this.productCount, message: this.info! });
        this.lastProductEnd = parser.line;
      }
    });
  }

  /** What the root and header said so far; undefined before the root element. */
  get message(): OnixMessageInfo | undefined {
    return this.info;
  }

  /** The XML version the declaration names (1.0 without one). */
  get xmlVersion(): '1.0' | '1.1' {
    return this.parser.xmlDecl.version === '1.1' ? '1.1' : '1.0';
  }

  /** The reference name of an element called `qualified` in this message (short tags mapped once the root is read). */
  referenceName(qualified: string): string {
    const local = localName(qualified);
    return this.names?.get(local) ?? local;
  }

  /** Reads the next piece of text. */
  write(text: string): void {
    // A copy, not a slice: a slice would keep the whole first chunk alive.
    this.head ??= Buffer.from(text.slice(0, 60)).toString();
    this.parser.write(text);
  }

  /** The products completed so far and not yet taken. */
  take(): OnixProduct[] {
    const products = this.ready;
    this.ready = [];
    return products;
  }

  /** Checks that the message is complete (its root element closed). */
  end(): void {
    if (this.info && !this.rootClosed) {
      const after = this.lastProductEnd > 0 ? `; the last complete product ends on line ${this.lastProductEnd}` : '';
      this.fail(`the file ends before </${this.info.tags === 'short' ? 'ONIXmessage' : 'ONIXMessage'}>: it is truncated${after}`);
    }
    this.parser.close();
  }

  /** Throws the InvalidInputError for `message` at the reader's position (or the given one). */
  fail(message: string, line = this.parser.line, col = Math.max(this.parser.column, 1)): never {
    throw new InvalidInputError([{ path: this.file, line, col, message }]);
  }
}

/** Checks the root element and works out release and tag style. */
function startMessage(
  tag: SaxesTagPlain,
  doctype: string,
  fail: (message: string) => never,
): { message: OnixMessageInfo; names?: ReadonlyMap<string, string> } {
  const root = localName(tag.name);
  const attributes = tag.attributes as Record<string, string>;
  if (root !== 'ONIXMessage' && root !== 'ONIXmessage') {
    fail(`not an ONIX message: the root element is <${root}>; expected <ONIXMessage> (reference tags) or <ONIXmessage> (short tags)`);
  }
  const namespace = Object.entries(attributes).find(([name]) => name === 'xmlns' || name.startsWith('xmlns:'))?.[1] ?? '';
  const release = attributes.release?.trim();
  const fromNamespace = /\/onix\/(\d\.\d)\//.exec(namespace)?.[1];
  const version = release ?? fromNamespace;
  const looks21 = version?.startsWith('2') || (!version && /2\.1|onix-international/i.test(doctype));
  if (looks21 || !version) {
    fail(
      looks21
        ? 'this is an ONIX 2.1 message; onix-feeds imports ONIX 3.x (3.0 or 3.1): export the catalog as ONIX 3.0 or 3.1'
        : `<${root}> has no release attribute, as in ONIX 2.1; onix-feeds imports ONIX 3.x: export the catalog as ONIX 3.0 or 3.1 (release="3.1")`,
    );
  }
  if (version !== '3.0' && version !== '3.1') {
    fail(`ONIX release '${version}' is not supported: onix-feeds imports ONIX 3.0 and 3.1`);
  }
  const onixVersion = version as OnixVersion;
  const tags = root === 'ONIXmessage' ? 'short' : 'reference';
  return { message: { version: onixVersion, tags, defaults: {} }, names: tags === 'short' ? shortTagMap(onixVersion) : undefined };
}

function headerDefaults(header: OnixNode): OnixMessageInfo['defaults'] {
  const value = (name: string): string | undefined => header.children.find((c) => c.name === name)?.text.trim() || undefined;
  return { language: value('DefaultLanguageOfText'), priceType: value('DefaultPriceType'), currency: value('DefaultCurrencyCode') };
}
