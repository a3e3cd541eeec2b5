import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MessageSplitter, UnfinishedMessageError } from '../../src/import/message-splitter.ts';
import { EXAMPLES } from './paths.ts';

/** Splits `text` fed in chunks of `size`; root children named Product or product count as products. */
function split(text: string, size = text.length): { products: string[]; outside: string } {
  const products: string[] = [];
  let outside = '';
  const splitter = new MessageSplitter({
    outside: (piece) => void (outside += piece),
    isProduct: (name) => /(^|:)[Pp]roduct$/.test(name),
    product: (piece) => void products.push(piece),
  });
  for (let i = 0; i < text.length; i += size) splitter.push(text.slice(i, i + size));
  splitter.end();
  return { products, outside };
}

const HEAD = '<?xml version="1.0"?>\n<ONIXMessage release="3.1"><Header><SenderName>S</SenderName></Header>\n';

describe('MessageSplitter', () => {
  it('cuts out each product whole, in any chunking, leaving everything else outside', async () => {
    const text = await readFile(`${EXAMPLES}rich-onix31.xml`, 'utf8');
    const doubled = text.replace(/(<Product>[\s\S]*<\/Product>)/, '$1\n$1');
    const whole = split(doubled);
    expect(whole.products).toHaveLength(2);
    expect(whole.products[0]).toMatch(/^<Product>[\s\S]*<\/Product>$/);
    expect(whole.products[0]).toBe(whole.products[1]);
    expect(whole.outside).toBe(doubled.replace(/<Product>[\s\S]*?<\/Product>/g, ''));
    for (const size of [3, 7, 64, 1000]) expect(split(doubled, size)).toEqual(whole);
  });

  it('steps over comments, CDATA and processing instructions that mention the product end tag', () => {
    const products = [
      '<Product><!-- </Product> --><A>1</A></Product>',
      '<Product><B><![CDATA[</Product><Product>]]></B></Product>',
      '<Product><?pi </Product>?><C a="x>y"/></Product >',
      '<Product><Product>nested</Product></Product>',
      '<Product/>',
    ];
    const text = `${HEAD}<!-- <Product>in a comment</Product> -->\n${products.join('\n')}\n</ONIXMessage>\n`;
    for (const size of [1, 5, text.length]) {
      const { products: cut, outside } = split(text, size);
      expect(cut).toEqual(products);
      expect(outside).toBe(`${HEAD}<!-- <Product>in a comment</Product> -->\n\n\n\n\n\n</ONIXMessage>\n`);
    }
  });

  it('looks for products only among the children of the root, with or without a prefix', () => {
    const text =
      '<!DOCTYPE x [<!ENTITY e "<Product>">]><o:ONIXmessage release="3.1"><o:header><o:product>no</o:product></o:header>' +
      '<o:product datestamp="20260101"><o:a001>1</o:a001></o:product></o:ONIXmessage>';
    expect(split(text).products).toEqual(['<o:product datestamp="20260101"><o:a001>1</o:a001></o:product>']);
    expect(split(text, 3).products).toEqual(['<o:product datestamp="20260101"><o:a001>1</o:a001></o:product>']);
  });

  it('refuses input that ends inside a product or inside markup', () => {
    expect(() => split(`${HEAD}<Product><A>1</A>`)).toThrow(UnfinishedMessageError);
    expect(() => split(`${HEAD}<!-- open`)).toThrow(UnfinishedMessageError);
  });
});
