import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ProductSliceError, ProductSliceReader } from '../../src/import/product-slice.ts';
import { readOnixProducts } from '../../src/import/read-message.ts';
import { EXAMPLES } from './paths.ts';

async function firstProduct(text: string) {
  async function* once(): AsyncGenerator<string> {
    yield text;
  }
  for await (const product of readOnixProducts(once(), 'in.xml')) return product;
  throw new Error('no product');
}

describe('ProductSliceReader', () => {
  it('builds the tree the message reader builds, with lines counted from the product text', async () => {
    const text = await readFile(`${EXAMPLES}minimal-onix31-short.xml`, 'utf8');
    const fromMessage = await firstProduct(text);
    const start = text.indexOf('<product>');
    const slice = text.slice(start, text.indexOf('</product>') + '</product>'.length);
    const reader = new ProductSliceReader({ version: '3.1', tags: 'short' }, '1.0');
    const first = reader.read(slice);
    const second = reader.read(`<product>\n\n${slice.slice('<product>'.length)}`);
    const lineOfStart = text.slice(0, start).split('\n').length;
    expect(first.line).toBe(1);
    expect(first.breaks).toBe(slice.split('\n').length - 1);
    expect(second).toMatchObject({ line: 1, breaks: first.breaks + 2 });
    // Same names, text and markup; node lines shift by where the product starts.
    const shifted = structuredClone(first.node);
    const shift = (node: typeof shifted): void => {
      node.line += lineOfStart - 1;
      node.children.forEach(shift);
    };
    shift(shifted);
    expect(shifted).toEqual(fromMessage.node);
  });

  it('refuses a text that is not exactly one complete element', () => {
    const reader = () => new ProductSliceReader({ version: '3.1', tags: 'reference' }, '1.0');
    expect(() => reader().read('<Product><A>1</A></Product><Product/>')).toThrow(ProductSliceError);
    expect(() => reader().read('<Product><A>1</A>')).toThrow(ProductSliceError);
    expect(() => reader().read('<Product><A>1</B></Product>')).toThrow(ProductSliceError);
    expect(() => reader().read('<Product>\u0001</Product>')).toThrow(ProductSliceError);
  });
});
