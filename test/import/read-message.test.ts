import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidInputError, type Problem } from '../../src/config/problem.ts';
import { readInputText } from '../../src/import/input-text.ts';
import { readOnixProducts, type OnixProduct } from '../../src/import/read-message.ts';
import { EXAMPLES, FIXTURES } from './paths.ts';


async function* chunks(text: string, size = 64): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readAll(text: string): Promise<OnixProduct[]> {
  const products: OnixProduct[] = [];
  for await (const product of readOnixProducts(chunks(text), 'in.xml')) products.push(product);
  return products;
}

async function problemOf(text: string): Promise<Problem> {
  try {
    await readAll(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).problems[0];
  }
  throw new Error('expected the input to be refused');
}

describe('readOnixProducts', () => {
  it('reads reference and short tags into the same reference-named trees', async () => {
    const reference = await readAll(await readFile(`${EXAMPLES}minimal-onix31.xml`, 'utf8'));
    const short = await readAll(await readFile(`${EXAMPLES}minimal-onix31-short.xml`, 'utf8'));
    expect(reference).toHaveLength(1);
    expect(short).toHaveLength(1);
    expect(short[0].message).toEqual({ version: '3.1', tags: 'short', defaults: {} });
    expect(reference[0].message.tags).toBe('reference');
    const names = (p: OnixProduct) => p.node.children.map((c) => c.name);
    expect(names(short[0])).toEqual(names(reference[0]));
    expect(names(reference[0])).toEqual(['RecordReference', 'NotificationType', 'ProductIdentifier', 'DescriptiveDetail', 'CollateralDetail', 'PublishingDetail', 'ProductSupply']);
    expect(reference[0].node.line).toBe(11);
  });

  it('keeps inline XHTML as markup tokens in document order', async () => {
    const [product] = await readAll(await readFile(`${EXAMPLES}minimal-onix31.xml`, 'utf8'));
    const text = product.node.children.find((c) => c.name === 'CollateralDetail')!.children[0].children.find((c) => c.name === 'Text')!;
    expect(text.markup).toEqual([
      { kind: 'open', name: 'p', hasAttributes: false, selfClosing: false },
      { kind: 'text', text: 'A ' },
      { kind: 'open', name: 'em', hasAttributes: false, selfClosing: false },
      { kind: 'text', text: 'short' },
      { kind: 'close', name: 'em' },
      { kind: 'text', text: ' description.' },
      { kind: 'close', name: 'p' },
    ]);
  });

  it('reads header defaults of ONIX 3.0 and a message without products', async () => {
    const products = await readAll(await readFile(`${FIXTURES}onix30-defaults.xml`, 'utf8'));
    expect(products[0].message).toEqual({ version: '3.0', tags: 'reference', defaults: { language: 'ger', priceType: '02', currency: 'EUR' } });
    expect(await readAll(await readFile(`${EXAMPLES}noproduct-onix31.xml`, 'utf8'))).toEqual([]);
  });

  it('passes over root children other than Header and Product, whatever they hold', async () => {
    const text = '<ONIXMessage release="3.1"><Header/><Extra><Product><RecordReference>x</RecordReference></Product></Extra></ONIXMessage>';
    expect(await readAll(text)).toEqual([]);
  });

  it('refuses text that is not XML, naming the start of the file', async () => {
    expect(await problemOf('{"isbn": "9780000000002"}')).toMatchObject({ path: 'in.xml', line: 1, message: expect.stringContaining("not XML: the file starts with '{\"isbn\"") });
    expect((await problemOf('')).message).toContain('the file is empty');
  });

  it('refuses XML that is not ONIX', async () => {
    const problem = await problemOf('<?xml version="1.0"?>\n<html><body/></html>');
    expect(problem).toMatchObject({ line: 2, message: expect.stringContaining('not an ONIX message: the root element is <html>') });
  });

  it('says that ONIX 2.1 is 2.1 and that 3.x is needed', async () => {
    const problem = await problemOf(await readFile(`${FIXTURES}onix21.xml`, 'utf8'));
    expect(problem.line).toBe(3);
    expect(problem.message).toMatch(/ONIX 2\.1 message; onix-feeds imports ONIX 3\.x/);
    expect((await problemOf('<ONIXMessage release="2.1"><Header/></ONIXMessage>')).message).toContain('ONIX 2.1');
    expect((await problemOf('<ONIXmessage><header/></ONIXmessage>')).message).toMatch(/no release attribute, as in ONIX 2\.1.*3\.x/);
  });

  it('refuses a truncated file with the line where it ends and the last complete product', async () => {
    const text = await readFile(`${EXAMPLES}delta-delete-blockupdate-onix31.xml`, 'utf8');
    const cut = text.slice(0, text.indexOf('<ProductSupply>'));
    const problem = await problemOf(cut);
    expect(problem.message).toBe('the file ends before </ONIXMessage>: it is truncated; the last complete product ends on line 15');
    expect(problem.line).toBe(cut.split('\n').length);
  });

  it('refuses XML that is not well-formed, with its line and column', async () => {
    const problem = await problemOf('<ONIXMessage release="3.1">\n<Header>\n</Heade>\n</ONIXMessage>');
    expect(problem).toMatchObject({ line: 3, message: expect.stringContaining('not well-formed XML') });
  });
});

describe('readInputText', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'onix-import-input-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function textOf(file: string): Promise<string> {
    let text = '';
    for await (const chunk of readInputText(file)) text += chunk;
    return text;
  }

  it('gunzips by magic number, whatever the name', async () => {
    const xml = await readFile(`${EXAMPLES}rich-onix31.xml`, 'utf8');
    await writeFile(path.join(dir, 'export.xml.gz'), gzipSync(xml));
    await writeFile(path.join(dir, 'export.xml'), gzipSync(xml));
    expect(await textOf(path.join(dir, 'export.xml.gz'))).toBe(xml);
    expect(await textOf(path.join(dir, 'export.xml'))).toBe(xml);
  });

  it('decodes the declared windows-1252 and ISO-8859-1 with curly quotes and the euro sign', async () => {
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>'), Buffer.from([0x93, 0x80, 0x94, 0xe9]), Buffer.from('</a>')]);
    await writeFile(path.join(dir, 'latin.xml'), body);
    expect(await textOf(path.join(dir, 'latin.xml'))).toContain('<a>\u201c\u20ac\u201d\u00e9</a>');
  });

  it('refuses bytes that are not UTF-8 and a gzip file cut short', async () => {
    await writeFile(path.join(dir, 'bad.xml'), Buffer.concat([Buffer.from('<a>'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('</a>')]));
    await expect(textOf(path.join(dir, 'bad.xml'))).rejects.toThrow(/not valid utf-8/);
    const gz = gzipSync(await readFile(`${EXAMPLES}rich-onix31.xml`));
    await writeFile(path.join(dir, 'cut.xml.gz'), gz.subarray(0, gz.length - 40));
    await expect(textOf(path.join(dir, 'cut.xml.gz'))).rejects.toThrow(/unexpected end of file/);
  });
});
