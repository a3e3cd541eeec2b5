import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateProductBatch, type MessageFrame } from '../../src/onix/batch-validate.ts';
import { buildOnix } from '../../src/onix/build.ts';
import { MESSAGE_FOOTER, messageHeader } from '../../src/onix/header.ts';
import { productXml } from '../../src/onix/product.ts';
import { onixRelease } from '../../src/onix/version.ts';
import { validateOnixText } from '../../src/onix/xsd.ts';
import { loaded, makeTenant, makeTitle } from '../fixtures/onix/builders.ts';

const release = onixRelease('3.1');
const tenant = makeTenant();
const frame: MessageFrame = {
  header: messageHeader(tenant.sender, { release, messageNumber: 1, sentAt: new Date('2026-01-01T00:00:00Z') }),
  footer: MESSAGE_FOOTER,
  version: '3.1',
};
const ctx = { release, supplier: tenant.supplier, forthcomingAsAdvance: false };

describe('official XSD validation', () => {
  it("accepts EDItEUR-valid examples from the reference notes and rejects what the schema forbids", async () => {
    const minimal = readFileSync(new URL('../fixtures/reference-examples/minimal-onix31.xml', import.meta.url), 'utf8');
    expect(await validateOnixText(minimal, '3.1')).toEqual([]);
    const [issue] = await validateOnixText(minimal.replace('<LanguageCode>eng', '<LanguageCode>en'), '3.1');
    expect(issue.message).toMatch(/LanguageCode.*'en' is not an element of the set/);
    expect(issue.message.length).toBeLessThan(200);
    expect((await validateOnixText(minimal.replace('release="3.1"', 'release="3.0"'), '3.1'))[0].message).toMatch(/release/);
    expect((await validateOnixText('<ONIXMessage', '3.1'))[0].message).toBeTruthy();
  });

  it('finds the failing products of a batch by line and keeps the others', async () => {
    const products = Array.from({ length: 40 }, (_, i) =>
      productXml(makeTitle(i + 1, i === 7 ? { productForm: 'QQ' } : i === 30 ? { language: 'en' } : {}), ctx),
    );
    products[20] = products[20].replace('</ProductIdentifier><DescriptiveDetail>', '</ProductIdentifier><DescriptiveDetail>\n');
    const failures = await validateProductBatch(frame, products);
    expect([...failures.keys()].sort((a, b) => a - b)).toEqual([7, 30]);
    expect(failures.get(7)).toMatch(/^ONIX schema: Element 'ProductForm': .*'QQ' is not an element of the set/);
    expect(failures.get(30)).toMatch(/LanguageCode/);
  });

  it('holds back a product that is not well-formed XML without losing its neighbours', async () => {
    const products = [1, 2, 3].map((n) => productXml(makeTitle(n), ctx));
    products[1] = products[1].replace('</Product>', '');
    const failures = await validateProductBatch(frame, products);
    expect([...failures.keys()]).toEqual([1]);
  });

  it('holds back descriptions the XHTML subset schema refuses or that are not well-formed', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'onix-xsd-'));
    try {
      const titles = [
        makeTitle(1, { descriptions: { long: '<p>Hi <script>alert(1)</script></p>' } }),
        makeTitle(2),
        makeTitle(3, { descriptions: { long: '<p>never closed' } }),
        makeTitle(4, { contributors: [{ roles: ['A01'], name: 'A B', biography: '<p><em>crossed</p></em>' }] }),
      ];
      const result = await buildOnix({ tenant, titles: titles.map(loaded), deletions: [], now: new Date(), messageNumber: 1, outDir });
      expect(result.documents[0].isbns).toEqual([titles[1].isbn]);
      expect(result.heldBack.map((h) => [h.isbn, h.reason])).toEqual([
        [titles[0].isbn, expect.stringMatching(/^ONIX schema: .*script/)],
        [titles[2].isbn, expect.stringMatching(/^ONIX schema: .*mismatch/)],
        [titles[3].isbn, expect.stringMatching(/^ONIX schema: .*mismatch/)],
      ]);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('holds back titles the XSD rejects in a real build, with the schema message as reason', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'onix-xsd-'));
    try {
      const titles = Array.from({ length: 25 }, (_, i) => makeTitle(i + 1, i === 3 ? { productForm: 'ZQ' } : {}));
      const result = await buildOnix({ tenant, titles: titles.map(loaded), deletions: [], now: new Date(), messageNumber: 1, outDir, xsdBatchSize: 10 });
      expect(result.written).toBe(24);
      expect(result.heldBack).toEqual([{ isbn: titles[3].isbn, path: loaded(titles[3]).source.path, reason: expect.stringMatching(/ProductForm.*'ZQ'/) }]);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
