/**
 * Parses products cut out of a message (see message-splitter.ts) into the same trees the whole-message reader builds,
 * with line numbers relative to each product's text: with the fast reader of simple-product.ts when the text is in its
 * plain subset, else with one saxes parser in fragment mode, which also names any fault.
 */
import { SaxesParser } from 'saxes';
import type { OnixNode } from './onix-node.ts';
import { ProductTreeBuilder, type TagEvent } from './product-tree.ts';
import { readSimpleProduct } from './simple-product.ts';
import type { OnixMessageInfo } from './read-message.ts';
import { shortTagMap } from './tag-names.ts';

/** The XML version a message declares. */
export type XmlVersion = '1.0' | '1.1';

/** A product's text is not one well-formed element; the message reader says exactly what is wrong and where. */
export class ProductSliceError extends Error {
  override name = 'ProductSliceError';
}

/** A parsed product. */
export interface SliceTree {
  node: OnixNode;
  /** Line of the start tag within the product's text (1 = its first line); node lines are relative in the same way. */
  line: number;
  /** Line breaks in the product's text. */
  breaks: number;
}

/** Reads product texts of one message (its tag style and XML version). */
export class ProductSliceReader {
  private readonly parser: SaxesParser;
  private readonly builder: ProductTreeBuilder;
  private readonly names: ReadonlyMap<string, string> | undefined;
  /** The fast reader knows XML 1.0 only. */
  private readonly simple: boolean;
  private done: OnixNode | undefined;
  private doneAt = -1;
  private firstLine = 1;
  /** Characters written so far (saxes positions count from the first). */
  private written = 0;

  constructor(message: Pick<OnixMessageInfo, 'version' | 'tags'>, xmlVersion: XmlVersion) {
    this.parser = new SaxesParser({ xmlns: false, position: true, fragment: true, defaultXMLVersion: xmlVersion, forceXMLVersion: true });
    this.names = message.tags === 'short' ? shortTagMap(message.version) : undefined;
    this.builder = new ProductTreeBuilder(this.names);
    this.simple = xmlVersion === '1.0';
    const parser = this.parser;
    parser.on('error', (error) => {
      throw new ProductSliceError(error.message);
    });
    parser.on('opentag', (tag) => {
      if (!this.builder.building && this.done) throw new ProductSliceError('more than one element in a product text');
      this.builder.openTag(tag as TagEvent, parser.line - this.firstLine + 1);
    });
    const onText = (text: string): void => this.builder.text(text);
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', (tag) => {
      const node = this.builder.closeTag(tag as TagEvent);
      if (!node) return;
      this.done = node;
      this.doneAt = parser.position;
    });
  }

  /** The tree of one product's text; throws ProductSliceError when the text is not exactly one element. */
  read(text: string): SliceTree {
    const simple = this.simple ? readSimpleProduct(text, this.names) : undefined;
    if (simple) return simple;
    const parser = this.parser;
    this.firstLine = parser.line;
    this.done = undefined;
    this.written += text.length;
    parser.write(text);
    const node = this.done as OnixNode | undefined;
    if (!node || this.doneAt !== this.written) throw new ProductSliceError('a product text does not hold exactly one complete element');
    return { node, line: node.line, breaks: parser.line - this.firstLine };
  }
}
