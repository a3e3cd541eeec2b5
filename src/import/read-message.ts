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

const XHTML_TEXT_FORMAT = '05';

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/**
 * The products of the message in `chunks`, in order. `file` names the input in errors (`file:line:col: message`).
 * Throws InvalidInputError for input that is not a readable ONIX 3.x message; products before the fault may already
 * have been handed out, so a caller that must change nothing on bad input stages its output until the end.
 */
export async function* readOnixProducts(chunks: AsyncIterable<string>, file: string): AsyncGenerator<OnixProduct> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const fail = (message: string, line = parser.line, col = Math.max(parser.column, 1)): never => {
    throw new InvalidInputError([{ path: file, line, col, message }]);
  };

  let message: OnixMessageInfo | undefined;
  let names: ReadonlyMap<string, string> | undefined;
  let doctype = '';
  let depth = 0;
  // Depth of a root child that is neither Header nor Product (NoProduct): everything inside it is passed over.
  let passedOver = 0;
  let rootClosed = false;
  let head: string | undefined;
  const open: OnixNode[] = [];
  let markupOwner: OnixNode | undefined;
  let markupDepth = 0;
  let productCount = 0;
  let lastProductEnd = 0;
  const ready: OnixProduct[] = [];

  parser.on('error', (error) => {
    const reason = error.message.replace(/^\d+:\d+: /, '');
    if (depth === 0 && !message && /text data outside of root node|document must contain a root element/.test(reason)) {
      const start = (head ?? '').trimStart().slice(0, 30);
      fail(start ? `not XML: the file starts with '${start}'; an ONIX message starts with <?xml ...?> or <ONIXMessage>` : 'the file is empty: expected an ONIX 3.x message', 1, 1);
    }
    fail(`not well-formed XML: ${reason}`);
  });
  parser.on('doctype', (text) => {
    doctype = text;
  });

  parser.on('opentag', (tag) => {
    depth++;
    if (depth === 1) {
      ({ message, names } = startMessage(tag, doctype, fail));
      return;
    }
    if (markupOwner) {
      markupOwner.markup!.push({ kind: 'open', name: localName(tag.name), hasAttributes: Object.keys(tag.attributes).length > 0, selfClosing: tag.isSelfClosing });
      return;
    }
    if (passedOver > 0) return;
    const local = localName(tag.name);
    const name = names?.get(local) ?? local;
    if (depth === 2 && name !== 'Product' && name !== 'Header') {
      passedOver = depth;
      return;
    }
    // Every field is set here, so that all nodes share one shape (V8 keeps property access fast for one shape).
    const node: OnixNode = { name, attributes: tag.attributes as Record<string, string>, children: [], text: '', markup: undefined, line: parser.line, used: false, reason: undefined };
    open.at(-1)?.children.push(node);
    open.push(node);
    if (node.attributes.textformat === XHTML_TEXT_FORMAT) {
      node.markup = [];
      markupOwner = node;
      markupDepth = depth;
    }
  });

  const onText = (text: string): void => {
    if (markupOwner) markupOwner.markup!.push({ kind: 'text', text });
    else if (open.length > 0) open[open.length - 1].text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', (tag) => {
    depth--;
    if (depth === 0) {
      rootClosed = true;
      return;
    }
    if (passedOver > 0) {
      if (depth < passedOver) passedOver = 0;
      return;
    }
    if (markupOwner && depth >= markupDepth) {
      if (!tag.isSelfClosing) markupOwner.markup!.push({ kind: 'close', name: localName(tag.name) });
      return;
    }
    if (markupOwner && depth === markupDepth - 1) markupOwner = undefined;
    if (open.length === 0) return;
    const node = open.pop()!;
    if (open.length > 0) return;
    if (node.name === 'Header') message!.defaults = headerDefaults(node);
    else {
      ready.push({ node, index: ++productCount, message: message! });
      lastProductEnd = parser.line;
    }
  });

  try {
    for await (const chunk of chunks) {
      // A copy, not a slice: a slice would keep the whole first chunk alive.
      head ??= Buffer.from(chunk.slice(0, 60)).toString();
      parser.write(chunk);
      while (ready.length > 0) yield ready.shift()!;
    }
  } catch (error) {
    if (error instanceof InvalidInputError) throw error;
    fail(`the file cannot be read past this point: ${(error as Error).message}`);
  }
  if (message && !rootClosed) {
    const after = lastProductEnd > 0 ? `; the last complete product ends on line ${lastProductEnd}` : '';
    fail(`the file ends before </${message.tags === 'short' ? 'ONIXmessage' : 'ONIXMessage'}>: it is truncated${after}`);
  }
  parser.close();
  while (ready.length > 0) yield ready.shift()!;
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
