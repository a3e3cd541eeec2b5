import { describe, expect, it } from 'vitest';
import {
  checkCodes,
  checkContributors,
  checkDescriptions,
  checkIdentity,
  checkLanguages,
  checkMeasures,
  checkRelated,
  checkStatusAndDates,
  checkSubjects,
  checkSupply,
  checkTerritories,
  checkTitle,
  checkXmlCharacters,
  dateProblem,
} from '../../src/catalog/checks.ts';
import { VALID_ISBN, validTitle } from './title-fixture.ts';

describe('checkTitle', () => {
  it('finds nothing wrong with a valid title', () => {
    expect(checkTitle(validTitle(), `${VALID_ISBN}.yaml`)).toEqual([]);
  });
});

describe('checkIdentity', () => {
  it('reports a wrong check digit on the isbn', () => {
    const title = { ...validTitle(), isbn: '9781917620018' };
    expect(checkIdentity(title, '9781917620018.yaml')).toEqual([
      { at: ['isbn'], message: 'ISBN 9781917620018 has a wrong check digit: the last digit must be 7 (9781917620017)' },
    ]);
  });

  it('requires the file name to equal the ISBN', () => {
    expect(checkIdentity(validTitle(), '9781917620024.json')).toEqual([
      { at: ['isbn'], message: `file name 9781917620024.json does not match isbn ${VALID_ISBN}: rename the file to ${VALID_ISBN}.json` },
    ]);
    expect(checkIdentity(validTitle(), `${VALID_ISBN}.json`)).toEqual([]);
  });
});

describe('dateProblem', () => {
  it.each(['2025-02-28', '2024-02-29', '2025-12-31'])('accepts %s', (date) => expect(dateProblem(date)).toBeUndefined());
  it.each([
    ['2025-02-30', '2025-02-30 does not exist: 2025-02 has days 01-28'],
    ['2025-02-29', '2025-02-29 does not exist: 2025-02 has days 01-28'],
    ['2025-04-31', '2025-04-31 does not exist: 2025-04 has days 01-30'],
    ['2025-13-01', '2025-13-01 has month 13: the month must be 01-12'],
    ['2025-1-5', "'2025-1-5' is not a date: write YYYY-MM-DD, e.g. 2026-03-15"],
    ['15/03/2025', "'15/03/2025' is not a date: write YYYY-MM-DD, e.g. 2026-03-15"],
  ])('refuses %s', (date, message) => expect(dateProblem(date)).toBe(message));
});

describe('checkStatusAndDates', () => {
  it('points at the date that does not exist', () => {
    const title = validTitle();
    title.supply[1].onSaleDate = '2025-02-30';
    expect(checkStatusAndDates(title)).toEqual([{ at: ['supply', 1, 'onSaleDate'], message: '2025-02-30 does not exist: 2025-02 has days 01-28' }]);
  });

  it('needs a publication date for a forthcoming title', () => {
    const title = { ...validTitle(), publishingStatus: 'forthcoming' as const, publicationDate: undefined };
    expect(checkStatusAndDates(title)).toEqual([{ at: ['publishingStatus'], message: expect.stringContaining('forthcoming title needs a publicationDate') }]);
    expect(checkStatusAndDates({ ...title, publicationDate: '2027-05-06' })).toEqual([]);
  });

  it('refuses a publication date on a cancelled title', () => {
    const title = { ...validTitle(), publishingStatus: 'cancelled' as const };
    expect(checkStatusAndDates(title)).toEqual([{ at: ['publicationDate'], message: 'a cancelled title was never published: remove publicationDate' }]);
    expect(checkStatusAndDates({ ...title, publicationDate: undefined })).toEqual([]);
  });
});

describe('checkSupply', () => {
  it.each([0, -5])('refuses a price of %d and points to unpriced', (amount) => {
    const title = validTitle();
    title.supply[0].prices[0].amount = amount;
    expect(checkSupply(title)).toEqual([
      { at: ['supply', 0, 'prices', 0, 'amount'], message: `price must be more than 0, got ${amount}: for a free title use unpriced: free instead of prices` },
    ]);
  });

  it('suggests the upper-case currency and refuses unknown ones', () => {
    const title = validTitle();
    title.supply[0].prices[0].currency = 'gbp';
    title.supply[1].prices[0].currency = 'EUX';
    expect(checkSupply(title).map((i) => i.message)).toEqual([
      "'gbp' is not an ISO 4217 currency code: use 'GBP'",
      "'EUX' is not an ISO 4217 currency code, e.g. GBP, EUR, USD",
    ]);
  });

  it('needs unpriced when a market has no prices, and refuses both', () => {
    const title = validTitle();
    title.supply[0].prices = [];
    title.supply[1].unpriced = 'free';
    expect(checkSupply(title)).toEqual([
      { at: ['supply', 0], message: expect.stringContaining("market 'gb' has no prices: add prices, or unpriced") },
      { at: ['supply', 1, 'unpriced'], message: "market 'de' has prices and unpriced: free; keep one of them" },
    ]);
    title.supply[0].unpriced = 'price-to-be-announced';
    title.supply[1].unpriced = undefined;
    expect(checkSupply(title)).toEqual([]);
  });

  it('requires unique market labels', () => {
    const title = validTitle();
    title.supply[1].market = 'gb';
    expect(checkSupply(title)).toEqual([
      { at: ['supply', 1, 'market'], message: "market 'gb' is already used by supply entry 1: each market label must be unique in the title" },
    ]);
  });

  it('refuses a second price of the same type and currency for the same countries', () => {
    const title = validTitle();
    title.supply[0].prices.push({ amount: 18, currency: 'GBP', type: 'rrp-including-tax' });
    expect(checkSupply(title)).toEqual([{ at: ['supply', 0, 'prices', 1], message: expect.stringContaining('a second rrp-including-tax GBP price') }]);
  });
});

describe('checkLanguages', () => {
  it('suggests the ISO 639-2/B code', () => {
    expect(checkLanguages({ ...validTitle(), language: 'en', originalLanguage: 'fra' })).toEqual([
      { at: ['language'], message: "'en' is not an ISO 639-2/B language code: use 'eng'" },
      { at: ['originalLanguage'], message: "'fra' is not an ISO 639-2/B language code: use 'fre'" },
    ]);
    expect(checkLanguages({ ...validTitle(), language: 'ENG' })[0].message).toBe("'ENG' is not an ISO 639-2/B language code: use 'eng'");
    expect(checkLanguages({ ...validTitle(), language: 'xx' })[0].message).toMatch(/use a three-letter code such as eng/);
  });
});

describe('checkTerritories', () => {
  it('checks countries everywhere they occur and suggests GB for UK', () => {
    const title = validTitle();
    title.salesRights[0].countries = ['UK'];
    title.supply[1].countries = ['DE', 'XX'];
    title.supply[1].prices[0].countries = ['de'];
    // ('de' is not a country code at all, so it is not also reported as outside the market.)
    expect(checkTerritories(title)).toEqual([
      { at: ['salesRights', 0, 'countries', 0], message: "'UK' is not an ISO 3166-1 alpha-2 country code: use 'GB'" },
      { at: ['supply', 1, 'countries', 1], message: "'XX' is not an ISO 3166-1 alpha-2 country code, e.g. GB, US, DE" },
      { at: ['supply', 1, 'prices', 0, 'countries', 0], message: "'de' is not an ISO 3166-1 alpha-2 country code: use 'DE'" },
    ]);
  });

  it('checks regions and needs a territory on sales rights', () => {
    const title = validTitle();
    title.salesRights[1].regions = ['EARTH'];
    title.salesRights.push({ type: 'not-for-sale' });
    expect(checkTerritories(title)).toEqual([
      { at: ['salesRights', 1, 'regions', 0], message: expect.stringContaining("'EARTH' is not an ONIX List 49 region") },
      { at: ['salesRights', 2], message: 'sales rights need countries or regions (e.g. regions: [WORLD])' },
    ]);
  });

  it('keeps each country in one market and each price within its market', () => {
    const title = validTitle();
    title.supply[1].countries = ['DE', 'GB'];
    title.supply[1].prices[0].countries = ['FR'];
    expect(checkTerritories(title)).toEqual([
      { at: ['supply', 1, 'countries', 1], message: "GB is already in market 'gb': a country belongs to one market only" },
      { at: ['supply', 1, 'prices', 0, 'countries', 0], message: "FR is not in market 'de' (DE, GB): a price applies only within its market" },
    ]);
  });

  it('accepts WORLD alone as a market, not mixed with countries', () => {
    const title = validTitle();
    title.supply[0].countries = ['WORLD'];
    expect(checkTerritories(title)).toEqual([]);
    title.supply[0].countries = ['GB', 'WORLD'];
    expect(checkTerritories(title)).toEqual([{ at: ['supply', 0, 'countries', 1], message: 'WORLD already covers every country: list either WORLD or countries' }]);
  });
});

describe('checkSubjects', () => {
  it('accepts BISAC and Thema shapes and refuses others', () => {
    const title = validTitle();
    title.subjects = { bisac: ['FIC019000', 'FIC19000', 'fic019000'], thema: ['FBA', 'YPCA21', '1DDU-GB-EC', '5AC', 'fba', '9XX', 'F B'], keywords: ['ok', ' '] };
    expect(checkSubjects(title).map((i) => i.at)).toEqual([
      ['subjects', 'bisac', 1],
      ['subjects', 'bisac', 2],
      ['subjects', 'thema', 4],
      ['subjects', 'thema', 5],
      ['subjects', 'thema', 6],
      ['subjects', 'keywords', 1],
    ]);
    expect(checkSubjects(title)[0].message).toBe("'FIC19000' is not a BISAC code: three capital letters and six digits, e.g. FIC019000");
  });
});

describe('checkCodes and checkContributors', () => {
  it('checks product form and form details against Lists 150 and 175', () => {
    const title = { ...validTitle(), productForm: 'ZZ9', productFormDetails: ['E101', 'E999'] };
    expect(checkCodes(title)).toEqual([
      { at: ['productForm'], message: expect.stringContaining("'ZZ9' is not an ONIX List 150 product form") },
      { at: ['productFormDetails', 1], message: expect.stringContaining("'E999' is not an ONIX List 175 product form detail") },
    ]);
  });

  it('checks roles against List 17, once each, and needs a name', () => {
    const title = validTitle();
    title.contributors = [{ roles: ['A01', 'X99', 'A01'], name: 'A' }, { roles: ['B01'] }, { roles: ['B01'], corporateName: 'Northwind Books' }];
    expect(checkContributors(title)).toEqual([
      { at: ['contributors', 0, 'roles', 1], message: expect.stringContaining("'X99' is not an ONIX List 17 contributor role") },
      { at: ['contributors', 0, 'roles', 2], message: 'role A01 is listed twice for this contributor: keep one' },
      { at: ['contributors', 1], message: expect.stringContaining('contributor has no name') },
    ]);
  });
});

describe('checkDescriptions', () => {
  it('refuses markup outside the subset, in descriptions and biographies', () => {
    const title = validTitle();
    title.descriptions.long = '<p>Salt & pepper</p>';
    title.contributors[0].biography = '<div>x</div>';
    expect(checkDescriptions(title)).toEqual([
      { at: ['descriptions', 'long'], message: "not valid XHTML: unescaped '&' at character 9: write &amp; for an ampersand" },
      { at: ['contributors', 0, 'biography'], message: expect.stringContaining('not valid XHTML: <div> at character 1 is not allowed') },
    ]);
  });

  it('refuses a 5 MB description with its length, without scanning it', () => {
    const title = validTitle();
    title.descriptions.long = `<p>${'x'.repeat(5 * 1024 * 1024)}`;
    expect(checkDescriptions(title)).toEqual([
      { at: ['descriptions', 'long'], message: 'text is 5,242,883 characters long: at most 100,000 are allowed; shorten it' },
    ]);
  });

  it('accepts 100,000 characters and a 350-character short description, not more', () => {
    const title = validTitle();
    title.descriptions = { long: 'x'.repeat(100_000), short: 'y'.repeat(350) };
    expect(checkDescriptions(title)).toEqual([]);
    title.descriptions.short = 'y'.repeat(351);
    expect(checkDescriptions(title)).toEqual([
      { at: ['descriptions', 'short'], message: 'short description is 351 characters long: at most 350 are allowed' },
    ]);
  });
});

describe('checkMeasures', () => {
  it('keeps sizes and weights in their own units', () => {
    const title = validTitle();
    title.measures = { height: { value: 200, unit: 'kg' }, weight: { value: 300, unit: 'mm' } };
    expect(checkMeasures(title)).toEqual([
      { at: ['measures', 'height', 'unit'], message: 'height cannot be in kg: use mm, cm, in' },
      { at: ['measures', 'weight', 'unit'], message: 'weight cannot be in mm: use gr, kg, oz, lb' },
    ]);
  });
});

describe('checkRelated', () => {
  it('checks related ISBNs, self-references and repeats', () => {
    const title = validTitle();
    title.related = [
      { relation: 'alternative-format', isbn: '9781917620025' },
      { relation: 'alternative-format', isbn: VALID_ISBN },
      { relation: 'replaces', isbn: '9781917620024' },
      { relation: 'replaces', isbn: '9781917620024' },
    ];
    expect(checkRelated(title)).toEqual([
      { at: ['related', 0, 'isbn'], message: expect.stringContaining('the last digit must be 4') },
      { at: ['related', 1, 'isbn'], message: 'a title cannot be related to itself: use the ISBN of the other edition' },
      { at: ['related', 3], message: 'replaces 9781917620024 is listed twice: keep one' },
    ]);
  });
});

describe('checkXmlCharacters', () => {
  it('finds control characters and unpaired surrogates in any string, and allows tab, newline and emoji', () => {
    const title = validTitle();
    title.title.text = 'Salt\u0007Road';
    title.subjects.keywords = ['fine\tkeyword\n', 'bad\uD800'];
    title.descriptions.short = 'Emoji are fine: \u{1F30A}';
    expect(checkXmlCharacters(title)).toEqual([
      { at: ['title', 'text'], message: 'character U+0007 at position 5 cannot be carried in XML: remove it (control characters are not allowed in text)' },
      { at: ['subjects', 'keywords', 1], message: expect.stringContaining('character U+D800 at position 4') },
    ]);
  });
});
