/**
 * Builds one `<Product>` (or `<Header>`) tree from saxes events: element names in reference form, inline XHTML
 * (`textformat="05"`) kept as markup tokens. Shared by the reader of a whole message and the reader of single product
 * slices, so both build the same trees.
 */
import type { OnixNode } from './onix-node.ts';

/** What the builder reads of a start or end tag (a saxes tag without namespaces has these). */
export interface TagEvent {
  name: string;
  attributes: Record<string, string>;
  isSelfClosing: boolean;
}

const XHTML_TEXT_FORMAT = '05';

/** `onix:Product` -> `Product`. */
export function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/** Collects the events of one element and everything inside it into an {@link OnixNode} tree. */
export class ProductTreeBuilder {
  private readonly open: OnixNode[] = [];
  /** Elements open inside the tree, markup elements included. */
  private depth = 0;
  private markupOwner: OnixNode | undefined;
  private markupDepth = 0;

  /** `names` maps short tags to reference names (undefined for a reference-tag message). */
  constructor(private readonly names: ReadonlyMap<string, string> | undefined) {}

  /** Whether an element is open: events belong to the tree until its outermost element closes. */
  get building(): boolean {
    return this.depth > 0;
  }

  /** A start tag at `line` (the line saxes is on when it reports the tag). */
  openTag(tag: TagEvent, line: number): void {
    this.depth++;
    if (this.markupOwner) {
      this.markupOwner.markup!.push({ kind: 'open', name: localName(tag.name), hasAttributes: Object.keys(tag.attributes).length > 0, selfClosing: tag.isSelfClosing });
      return;
    }
    const local = localName(tag.name);
    // Every field is set here, so that all nodes share one shape (V8 keeps property access fast for one shape).
    const node: OnixNode = { name: this.names?.get(local) ?? local, attributes: tag.attributes, children: [], text: '', markup: undefined, line, used: false, reason: undefined };
    if (this.open.length > 0) this.open[this.open.length - 1].children.push(node);
    this.open.push(node);
    if (node.attributes.textformat === XHTML_TEXT_FORMAT) {
      node.markup = [];
      this.markupOwner = node;
      this.markupDepth = this.depth;
    }
  }

  /** Character data or CDATA. */
  text(text: string): void {
    if (this.markupOwner) this.markupOwner.markup!.push({ kind: 'text', text });
    else if (this.open.length > 0) this.open[this.open.length - 1].text += text;
  }

  /** An end tag; returns the tree when it closes the outermost element. */
  closeTag(tag: TagEvent): OnixNode | undefined {
    this.depth--;
    if (this.markupOwner && this.depth >= this.markupDepth) {
      if (!tag.isSelfClosing) this.markupOwner.markup!.push({ kind: 'close', name: localName(tag.name) });
      return undefined;
    }
    if (this.markupOwner && this.depth === this.markupDepth - 1) this.markupOwner = undefined;
    const node = this.open.pop()!;
    return this.open.length === 0 ? node : undefined;
  }
}
