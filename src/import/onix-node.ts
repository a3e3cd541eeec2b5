/**
 * One `<Product>` (or `<Header>`) as a small tree, with element names already in reference form. The mapping marks
 * every element it carries over as used; whatever is left unmarked afterwards is what the title model could not hold,
 * so nothing is dropped without being reported.
 */

/** A piece of inline XHTML content (`textformat="05"`), kept in document order. */
export type MarkupToken =
  | { kind: 'open'; name: string; hasAttributes: boolean; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

/** One element. */
export interface OnixNode {
  /** Reference tag name without namespace prefix, e.g. `ProductForm`. */
  name: string;
  attributes: Record<string, string>;
  children: OnixNode[];
  /** The element's own character data (whitespace between child elements included). */
  text: string;
  /** For XHTML content: the inline markup, in order; `children` is then empty. */
  markup?: MarkupToken[];
  /** 1-based line of the start tag in the input. */
  line: number;
  /** Set by the mapping when it carried the element (and is responsible for its children). */
  used: boolean;
  /** Why the mapping looked at the element and still left it unused, for the import report. */
  reason?: string;
}

/** The first child called `name`, marked as used. */
export function take(node: OnixNode | undefined, name: string): OnixNode | undefined {
  if (!node) return undefined;
  for (const child of node.children) {
    if (child.name === name) {
      child.used = true;
      return child;
    }
  }
  return undefined;
}

/** Every child called `name`, not marked: the caller marks the ones it carries. */
export function childrenNamed(node: OnixNode | undefined, name: string): OnixNode[] {
  return node ? node.children.filter((child) => child.name === name) : [];
}

/** The trimmed text of the first child called `name` (marked as used), or undefined when there is none. */
export function takeText(node: OnixNode | undefined, name: string): string | undefined {
  const child = take(node, name);
  return child && child.text.trim();
}

/** The trimmed text of the first child called `name`, without marking it. */
export function peekText(node: OnixNode | undefined, name: string): string | undefined {
  const child = node?.children.find((c) => c.name === name);
  return child && child.text.trim();
}

/** Marks a node and every descendant as used: for structure the writer regenerates (e.g. a GTIN-13 equal to the ISBN). */
export function useAll(node: OnixNode): void {
  node.used = true;
  for (const child of node.children) useAll(child);
}

/** What was not carried over: element path below the product (e.g. `PublishingDetail/CityOfPublication`), with the value of short leaf elements. */
export interface Leftover {
  path: string;
  /** The text of an uncarried leaf element, when short enough to be worth showing. */
  value?: string;
  reason?: string;
}

const SHOWN_VALUE_LENGTH = 40;

/**
 * The topmost unused elements below `node`: an unused element is reported once, without its descendants; a used one
 * is searched for unused children.
 */
export function leftovers(node: OnixNode, prefix = ''): Leftover[] {
  const found: Leftover[] = [];
  const walk = (parent: OnixNode, at: string): void => {
    for (const child of parent.children) {
      const path = at ? `${at}/${child.name}` : child.name;
      if (!child.used) {
        const text = child.children.length === 0 && !child.markup ? child.text.trim() : '';
        const entry: Leftover = text && text.length <= SHOWN_VALUE_LENGTH ? { path, value: text } : { path };
        if (child.reason) entry.reason = child.reason;
        found.push(entry);
      } else {
        walk(child, path);
      }
    }
  };
  walk(node, prefix);
  return found;
}
