import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startProductProcessor } from '../../src/import/product-pool.ts';
import { ProductSliceError } from '../../src/import/product-slice.ts';
import { ProductWork, type ProductBatch, type ProductWorkSettings } from '../../src/import/product-work.ts';
import { EXAMPLES } from './paths.ts';

const settings: ProductWorkSettings = {
  root: '/nonexistent',
  titlesDir: 'catalog/t/titles',
  supplier: { name: 'Harbour Lane Distribution' },
  format: 'yaml',
  update: false,
  dryRun: false,
  existing: new Map([['9780000000019', '9780000000019.json']]),
};

async function batch(): Promise<ProductBatch> {
  const text = await readFile(`${EXAMPLES}minimal-onix31.xml`, 'utf8');
  const product = text.slice(text.indexOf('<Product>'), text.indexOf('</Product>') + '</Product>'.length);
  return {
    firstIndex: 1,
    texts: [product, product.replace(/9780000000002/g, '9780000000019'), product.replace('<Product>', '<Product\n\n>')],
    message: { version: '3.1', tags: 'reference', defaults: {} },
    xmlVersion: '1.0',
  };
}

describe('startProductProcessor', () => {
  it('prepares on a parser thread what the calling thread prepares, file bytes included', async () => {
    const processor = startProductProcessor(1, settings);
    try {
      await processor.started();
      const threaded = await processor.prepare(await batch());
      const here = new ProductWork(settings).prepare(await batch());
      expect(threaded.products).toEqual(here.products);
      expect(Buffer.from(threaded.files).equals(Buffer.from(here.files))).toBe(true);
      const breaks = (await batch()).texts[0].split('\n').length - 1;
      expect(threaded.products.map((p) => [p.line, p.breaks])).toEqual([[1, breaks], [1, breaks], [3, breaks + 2]]);
      expect(threaded.products[1]).toMatchObject({ kind: 'title', placement: { status: 'skipped', reason: expect.stringContaining('9780000000019.json already exists') } });
      const created = threaded.products[0];
      if (created.kind !== 'title' || created.placement.status === 'skipped' || !created.placement.file) throw new Error('expected a file to create');
      const { name, start, end } = created.placement.file;
      expect(name).toBe('9780000000002.yaml');
      expect(Buffer.from(threaded.files.subarray(start, end)).toString()).toMatch(/^# yaml-language-server: \$schema=[^\n]+\nisbn: '9780000000002'\n/);
    } finally {
      await processor.close();
    }
  });

  it('refuses a product that is not well-formed with ProductSliceError, from the thread as from here', async () => {
    const processor = startProductProcessor(1, settings);
    try {
      await processor.started();
      const bad: ProductBatch = { ...(await batch()), texts: ['<Product><A></B></Product>'] };
      await expect(processor.prepare(bad)).rejects.toBeInstanceOf(ProductSliceError);
      expect(() => new ProductWork(settings).prepare(bad)).toThrow(ProductSliceError);
    } finally {
      await processor.close();
    }
  });
});
