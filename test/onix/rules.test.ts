import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Title } from '../../src/catalog/title.ts';
import { buildOnix } from '../../src/onix/build.ts';
import { MESSAGE_FOOTER, messageHeader } from '../../src/onix/header.ts';
import { productXml } from '../../src/onix/product.ts';
import { checkTitle } from '../../src/onix/rules.ts';
import { onixRelease } from '../../src/onix/version.ts';
import { validateOnixText } from '../../src/onix/xsd.ts';
import { loaded, makeTenant, makeTitle } from '../fixtures/onix/builders.ts';

const release = onixRelease('3.1');
const tenant = makeTenant();

/** The title as a one-product message, validated by the official XSD alone. */
async function xsdIssues(title: Title): Promise<string[]> {
  const xml =
    messageHeader(tenant.sender, { release, messageNumber: 1, sentAt: new Date('2026-01-01T00:00:00Z') }) +
    productXml(title, { release, supplier: tenant.supplier, forthcomingAsAdvance: false }) +
    MESSAGE_FOOTER;
  return (await validateOnixText(xml, '3.1')).map((i) => i.message);
}

const base = makeTitle(1);
const market = base.supply[0];

/** Titles the ordinary XSD accepts although they are wrong, with what checkTitle says about each. */
const XSD_BLIND_SPOTS: [string, Title, RegExp][] = [
  ['a wrong ISBN check digit', { ...base, isbn: '9781000000017', recordReference: '9781000000017' }, /wrong check digit: the last digit must be 6/],
  ['an ISBN that is not 13 digits', { ...base, isbn: '123', recordReference: '123' }, /13 digits starting 978 or 979/],
  ['a related product with a bad ISBN', { ...base, related: [{ relation: 'replaces', isbn: '9781000000010' }] }, /related product: ISBN 9781000000010 has a wrong check digit/],
  ['a date that does not exist', { ...base, publicationDate: '2025-02-30' }, /publicationDate '2025-02-30' is not a real date; write YYYY-MM-DD/],
  ['a date in the wrong format', { ...base, publicationDate: '15/03/2025' }, /publicationDate '15\/03\/2025' is not a real date/],
  ['an on-sale date that does not exist', { ...base, supply: [{ ...market, onSaleDate: '2025-13-01' }] }, /supply market 'us' onSaleDate '2025-13-01'/],
  ['a forthcoming title without a date', { ...base, publishingStatus: 'forthcoming', publicationDate: undefined }, /forthcoming needs a publicationDate/],
  ['a cancelled title with a date', { ...base, publishingStatus: 'cancelled' }, /cancelled must not carry a publicationDate/],
  ['a short description over 350 characters', { ...base, descriptions: { short: 'x'.repeat(351) } }, /descriptions.short has 351 characters; at most 350/],
  ['a RecordReference over 32 characters', { ...base, recordReference: 'com.example.press.9781000000016.v2' }, /has 34 characters; Amazon accepts at most 32/],
];

describe('checkTitle: the checks the XSD cannot make', () => {
  it('passes a complete, valid title', async () => {
    expect(checkTitle(base)).toEqual([]);
    expect(await xsdIssues(base)).toEqual([]);
  });

  it.each(XSD_BLIND_SPOTS)('catches %s, which the official XSD lets through', async (_, title, reason) => {
    expect(await xsdIssues(title)).toEqual([]);
    expect(checkTitle(title).join('\n')).toMatch(reason);
  });

  it('refuses zero prices before the XSD does, saying what to send instead', () => {
    for (const amount of [0, 0.004, -5]) {
      const title = { ...base, supply: [{ ...market, prices: [{ amount, currency: 'USD', type: 'rrp-excluding-tax' as const }] }] };
      expect(checkTitle(title)).toEqual([
        `supply market 'us' has a USD price of ${amount}; zero or negative prices are not allowed (use unpriced: free)`,
      ]);
    }
  });

  it('refuses a market with neither prices nor a reason for having none', () => {
    expect(checkTitle({ ...base, supply: [{ ...market, prices: [] }] })).toEqual([
      "supply market 'us' has no prices; add a price or say why with unpriced (e.g. price-to-be-announced)",
    ]);
  });

  it('holds back each failing title with its reasons and its file, and sends the rest', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'onix-rules-'));
    try {
      const good = makeTitle(2);
      // Each bad title gets its own ISBN (unless the ISBN is what is wrong) so that only its own fault holds it back.
      const bad = XSD_BLIND_SPOTS.map(([, t, reason], i) => {
        const isbn = t.isbn === base.isbn ? makeTitle(10 + i).isbn : t.isbn;
        return { title: { ...t, isbn, recordReference: t.recordReference === base.recordReference ? isbn : t.recordReference }, reason };
      });
      const titles = [good, ...bad.map((b) => b.title)].map(loaded);
      const result = await buildOnix({ tenant, titles, deletions: [], now: new Date(), messageNumber: 1, outDir });
      expect(result.written).toBe(1);
      expect(result.documents[0].isbns).toEqual([good.isbn]);
      expect(result.heldBack).toHaveLength(bad.length);
      for (const { title, reason } of bad) {
        const held = result.heldBack.find((h) => h.path === loaded(title).source.path);
        expect(held?.reason).toMatch(reason);
        expect(held?.reason).not.toMatch(/already used/);
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('holds back a second title with the same RecordReference, naming the first', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'onix-rules-'));
    try {
      const first = makeTitle(1);
      const second = makeTitle(2, { recordReference: first.recordReference });
      const result = await buildOnix({ tenant, titles: [loaded(second), loaded(first)], deletions: [], now: new Date(), messageNumber: 1, outDir });
      expect(result.written).toBe(1);
      expect(result.heldBack).toEqual([
        { isbn: second.isbn, path: loaded(second).source.path, reason: `recordReference '${first.recordReference}' is already used by the title with ISBN ${first.isbn}; each title needs its own` },
      ]);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
