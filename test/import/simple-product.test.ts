import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MessageSplitter } from '../../src/import/message-splitter.ts';
import { readOnixProducts } from '../../src/import/read-message.ts';
import { readSimpleProduct } from '../../src/import/simple-product.ts';
import { shortTagMap } from '../../src/import/tag-names.ts';
import { EXAMPLES } from './paths.ts';

/** The tree saxes builds for a product text, read as the only product of a message (so lines count alike). */
async function saxesTree(product: string, root = 'ONIXMessage') {
  async function* once(): AsyncGenerator<string> {
    yield `<${root} release="3.1">${product}</${root}>`;
  }
  for await (const read of readOnixProducts(once(), 'in.xml')) return read.node;
  throw new Error('no product');
}

function productsOf(text: string): string[] {
  const products: string[] = [];
  const splitter = new MessageSplitter({ outside: () => undefined, isProduct: (name) => /^[Pp]roduct$/.test(name), product: (p) => void products.push(p) });
  splitter.push(text);
  splitter.end();
  return products;
}

describe('readSimpleProduct', () => {
  it('builds the tree saxes builds for every product of the ONIX examples', async () => {
    let read = 0;
    for (const file of (await readdir(EXAMPLES)).filter((f) => f.endsWith('.xml'))) {
      const text = await readFile(`${EXAMPLES}${file}`, 'utf8');
      const short = /<ONIXmessage/.test(text);
      for (const product of productsOf(text)) {
        const simple = readSimpleProduct(product, short ? shortTagMap('3.1') : undefined);
        if (!simple) continue;
        read++;
        expect(simple.node, file).toEqual(await saxesTree(product, short ? 'ONIXmessage' : 'ONIXMessage'));
        expect(simple.breaks).toBe(product.split('\n').length - 1);
      }
    }
    // All but rich-onix31.xml's product, which holds a CDATA section.
    expect(read).toBe(4);
  });

  it('reads attributes, entities, inline XHTML and tags over several lines as saxes does', async () => {
    const product =
      "<Product datestamp = '20260101' x=\"a b\">\n<RecordReference >r&amp;1</RecordReference>\n<Text textformat=\"05\"\n language='eng'><p>A &lt;b&gt; <em>c</em>&quot;&apos;</p><br /></Text><Empty/><Empty2 /></Product >";
    const simple = readSimpleProduct(product, undefined);
    expect(simple).toBeDefined();
    expect(simple!.node).toEqual(await saxesTree(product));
    expect(simple!.node.children[1]).toMatchObject({ name: 'Text', line: 4, attributes: { textformat: '05', language: 'eng' } });
    expect(simple!.breaks).toBe(3);
  });

  it('leaves anything outside its plain subset to saxes', () => {
    const unusual = [
      '<Product><!-- c --></Product>',
      '<Product><A><![CDATA[x]]></A></Product>',
      '<Product><?pi x?></Product>',
      '<Product>&#233;</Product>',
      '<Product>&nbsp;</Product>',
      '<Product>\r\n</Product>',
      '<Product a="x\ty"/>',
      '<Product a="1" a="2"/>',
      '<Product a="1"b="2"/>',
      '<Product a="x&amp;y"/>',
      '<Product a="x>y"/>',
      '<Product><A></B></Product>',
      '<Product></Product>text',
      '<Product></Product><Product/>',
      '<Product>]]></Product>',
      '<Product>\u{1F600}</Product>',
      '<Product>\u0085</Product>',
      '<Product><A></Product>',
      '<Product><1a/></Product>',
      ' <Product/>',
    ];
    for (const text of unusual) expect(readSimpleProduct(text, undefined), text).toBeUndefined();
  });
});
