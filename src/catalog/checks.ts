/**
 * Checks on a title beyond the JSON Schema: codes, dates, prices, text that XML can carry, and rules that link one
 * field to another. Pure functions of a normalised title; each issue names the path of the offending value so the
 * loader can point at its line and column.
 */
import { isbn13Problem } from './isbn.ts';
import { isInCodeList, LISTS } from './codelists.ts';
import { xhtmlProblem } from './xhtml.ts';
import type { Title } from './title.ts';

/** Keys and indexes from the title's root to a value, e.g. ['supply', 0, 'prices', 1, 'amount']. */
export type TitlePath = (string | number)[];

/** A problem in one title, before it is given a file position. */
export interface TitleIssue {
  at: TitlePath;
  message: string;
}

/** Longest long description or biography, in characters. */
export const MAX_LONG_TEXT = 100_000;
/** Longest short description, in characters (ONIX TextType 02). */
export const MAX_SHORT_DESCRIPTION = 350;

// Characters XML 1.0 cannot carry at all: C0 controls other than tab/LF/CR, U+FFFE/U+FFFF and unpaired surrogates.
const XML_FORBIDDEN = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// A superset of XML_FORBIDDEN as one character class, which is much cheaper to test on every string.
const XML_SUSPECT = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

// ISO 639-1 and 639-2/T codes people write instead of the 639-2/B codes ONIX uses.
const LANGUAGE_SUGGESTIONS: Record<string, string> = {
  en: 'eng', fr: 'fre', fra: 'fre', de: 'ger', deu: 'ger', es: 'spa', it: 'ita', ja: 'jpn', zh: 'chi', zho: 'chi',
  nl: 'dut', nld: 'dut', pt: 'por', ru: 'rus', sv: 'swe', da: 'dan', no: 'nor', nb: 'nob', fi: 'fin', pl: 'pol',
  cs: 'cze', ces: 'cze', el: 'gre', ell: 'gre', ko: 'kor', ar: 'ara', he: 'heb', tr: 'tur', cy: 'wel', cym: 'wel',
  ga: 'gle', is: 'ice', isl: 'ice', ro: 'rum', ron: 'rum', hu: 'hun', uk: 'ukr', fa: 'per', fas: 'per', sk: 'slo', slk: 'slo',
};
const COUNTRY_SUGGESTIONS: Record<string, string> = { UK: 'GB', EN: 'GB', USA: 'US' };

const SIZE_UNITS = new Set(['mm', 'cm', 'in']);
const WEIGHT_UNITS = new Set(['gr', 'kg', 'oz', 'lb']);
const BISAC = /^[A-Z]{3}[0-9]{6}$/;
// Thema subject categories start with a letter (FBA, YPCA21); qualifiers start with a digit 1-6 (1DDU-GB, 5AC).
const THEMA = /^(?:[A-Z][A-Z0-9]{0,7}|[1-6][A-Z0-9]+(?:-[A-Z0-9]+)*)$/;

/** Every check of this module on one title; `fileName` is the base name of its file, e.g. 9781917620017.yaml. */
export function checkTitle(title: Title, fileName: string): TitleIssue[] {
  return [
    ...checkIdentity(title, fileName),
    ...checkCodes(title),
    ...checkContributors(title),
    ...checkLanguages(title),
    ...checkSubjects(title),
    ...checkDescriptions(title),
    ...checkMeasures(title),
    ...checkStatusAndDates(title),
    ...checkTerritories(title),
    ...checkRelated(title),
    ...checkSupply(title),
    ...checkXmlCharacters(title),
  ];
}

/** ISBN-13 check digit and prefix, and the file name that must equal it. */
export function checkIdentity(title: Title, fileName: string): TitleIssue[] {
  const problem = isbn13Problem(title.isbn);
  if (problem) return [{ at: ['isbn'], message: problem }];
  const stem = fileName.replace(/\.(yaml|yml|json)$/, '');
  const extension = fileName.slice(stem.length) || '.yaml';
  if (stem !== title.isbn) {
    return [{ at: ['isbn'], message: `file name ${fileName} does not match isbn ${title.isbn}: rename the file to ${title.isbn}${extension}` }];
  }
  return [];
}

/** ProductForm (List 150), ProductFormDetail (List 175) and the audiobook running time. */
export function checkCodes(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  if (!isInCodeList(LISTS.productForm, title.productForm)) {
    issues.push({ at: ['productForm'], message: `'${title.productForm}' is not an ONIX List 150 product form: use e.g. BB hardback, BC paperback, ED digital download, AJ downloadable audio` });
  }
  title.productFormDetails.forEach((detail, i) => {
    if (!isInCodeList(LISTS.productFormDetail, detail)) {
      issues.push({ at: ['productFormDetails', i], message: `'${detail}' is not an ONIX List 175 product form detail: use e.g. E101 EPUB, B102 trade paperback, A103 MP3` });
    }
  });
  return issues;
}

/** Contributor roles (List 17, each once per contributor) and a name for each contributor. */
export function checkContributors(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  title.contributors.forEach((contributor, i) => {
    const seen = new Set<string>();
    contributor.roles.forEach((role, j) => {
      if (!isInCodeList(LISTS.contributorRole, role)) {
        issues.push({ at: ['contributors', i, 'roles', j], message: `'${role}' is not an ONIX List 17 contributor role: use e.g. A01 author, B01 editor, B06 translator, A12 illustrator, E07 reader` });
      } else if (seen.has(role)) {
        issues.push({ at: ['contributors', i, 'roles', j], message: `role ${role} is listed twice for this contributor: keep one` });
      }
      seen.add(role);
    });
    if (contributor.name === undefined && contributor.corporateName === undefined) {
      issues.push({ at: ['contributors', i], message: 'contributor has no name: add name (as printed, e.g. "Mara Quillfeather") or corporateName' });
    }
  });
  return issues;
}

/** Language and original language: ISO 639-2/B codes (ONIX List 74). */
export function checkLanguages(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  for (const key of ['language', 'originalLanguage'] as const) {
    const code = title[key];
    if (code === undefined || isInCodeList(LISTS.language, code)) continue;
    const suggestion = LANGUAGE_SUGGESTIONS[code.toLowerCase()] ?? (isInCodeList(LISTS.language, code.toLowerCase()) ? code.toLowerCase() : undefined);
    issues.push({
      at: [key],
      message: `'${code}' is not an ISO 639-2/B language code${suggestion ? `: use '${suggestion}'` : ': use a three-letter code such as eng, fre, ger, jpn'}`,
    });
  }
  return issues;
}

/** BISAC and Thema code shapes, and keywords that are not blank. */
export function checkSubjects(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  title.subjects.bisac.forEach((code, i) => {
    if (!BISAC.test(code)) issues.push({ at: ['subjects', 'bisac', i], message: `'${code}' is not a BISAC code: three capital letters and six digits, e.g. FIC019000` });
  });
  title.subjects.thema.forEach((code, i) => {
    if (!THEMA.test(code)) issues.push({ at: ['subjects', 'thema', i], message: `'${code}' is not a Thema code: capital letters and digits starting with a letter (e.g. FBA), or a qualifier starting with 1-6 (e.g. 1DDU-GB)` });
  });
  title.subjects.keywords.forEach((keyword, i) => {
    if (keyword.trim() === '') issues.push({ at: ['subjects', 'keywords', i], message: 'keyword is blank: remove it' });
  });
  return issues;
}

/** Long description and biographies: XHTML subset and length; short description: length. */
export function checkDescriptions(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  const rich: [TitlePath, string | undefined][] = [
    [['descriptions', 'long'], title.descriptions.long],
    ...title.contributors.map((c, i): [TitlePath, string | undefined] => [['contributors', i, 'biography'], c.biography]),
  ];
  for (const [at, text] of rich) {
    if (text === undefined) continue;
    if (text.length > MAX_LONG_TEXT) {
      issues.push({ at, message: `text is ${text.length.toLocaleString('en')} characters long: at most ${MAX_LONG_TEXT.toLocaleString('en')} are allowed; shorten it` });
      continue;
    }
    const problem = xhtmlProblem(text);
    if (problem) issues.push({ at, message: `not valid XHTML: ${problem}` });
  }
  const short = title.descriptions.short;
  if (short !== undefined && short.length > MAX_SHORT_DESCRIPTION) {
    issues.push({ at: ['descriptions', 'short'], message: `short description is ${short.length} characters long: at most ${MAX_SHORT_DESCRIPTION} are allowed` });
  }
  return issues;
}

/** Sizes in mm/cm/in, weight in gr/kg/oz/lb. */
export function checkMeasures(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  for (const key of ['height', 'width', 'thickness', 'weight'] as const) {
    const measure = title.measures[key];
    if (!measure) continue;
    const units = key === 'weight' ? WEIGHT_UNITS : SIZE_UNITS;
    if (!units.has(measure.unit)) {
      issues.push({ at: ['measures', key, 'unit'], message: `${key} cannot be in ${measure.unit}: use ${[...units].join(', ')}` });
    }
  }
  return issues;
}

/** Dates that exist, and a publication date that fits the publishing status. */
export function checkStatusAndDates(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  const dates: [TitlePath, string | undefined][] = [
    [['publicationDate'], title.publicationDate],
    ...title.supply.map((s, i): [TitlePath, string | undefined] => [['supply', i, 'onSaleDate'], s.onSaleDate]),
  ];
  for (const [at, date] of dates) {
    const problem = date === undefined ? undefined : dateProblem(date);
    if (problem) issues.push({ at, message: problem });
  }
  if (title.publishingStatus === 'forthcoming' && title.publicationDate === undefined) {
    issues.push({ at: ['publishingStatus'], message: 'a forthcoming title needs a publicationDate (YYYY-MM-DD): add the planned date' });
  }
  if (title.publishingStatus === 'cancelled' && title.publicationDate !== undefined) {
    issues.push({ at: ['publicationDate'], message: 'a cancelled title was never published: remove publicationDate' });
  }
  return issues;
}

/** Why `value` is not an existing date in the form YYYY-MM-DD; undefined when it is one. */
export function dateProblem(value: string): string | undefined {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(value);
  if (!m) return `'${value}' is not a date: write YYYY-MM-DD, e.g. 2026-03-15`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `${value} has month ${m[2]}: the month must be 01-12`;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `${value} does not exist: ${year}-${m[2]} has days 01-${daysInMonth}`;
  return undefined;
}

/** Countries (List 91) and regions (List 49) in sales rights, markets and prices. */
export function checkTerritories(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  const country = (code: string, at: TitlePath) => {
    if (isInCodeList(LISTS.country, code)) return;
    const suggestion = COUNTRY_SUGGESTIONS[code.toUpperCase()] ?? (isInCodeList(LISTS.country, code.toUpperCase()) ? code.toUpperCase() : undefined);
    issues.push({ at, message: `'${code}' is not an ISO 3166-1 alpha-2 country code${suggestion ? `: use '${suggestion}'` : ', e.g. GB, US, DE'}` });
  };
  title.salesRights.forEach((rights, i) => {
    rights.countries?.forEach((code, j) => country(code, ['salesRights', i, 'countries', j]));
    rights.regions?.forEach((code, j) => {
      if (!isInCodeList(LISTS.region, code)) issues.push({ at: ['salesRights', i, 'regions', j], message: `'${code}' is not an ONIX List 49 region: use e.g. WORLD, or list countries instead` });
    });
    if (!rights.countries?.length && !rights.regions?.length) {
      issues.push({ at: ['salesRights', i], message: 'sales rights need countries or regions (e.g. regions: [WORLD])' });
    }
  });
  const marketOf = new Map<string, string>();
  title.supply.forEach((supply, i) => {
    const world = supply.countries.indexOf('WORLD');
    if (world >= 0 && supply.countries.length > 1) {
      issues.push({ at: ['supply', i, 'countries', world], message: 'WORLD already covers every country: list either WORLD or countries' });
    }
    supply.countries.forEach((code, j) => {
      if (code !== 'WORLD') country(code, ['supply', i, 'countries', j]);
      const other = marketOf.get(code);
      if (other !== undefined) issues.push({ at: ['supply', i, 'countries', j], message: `${code} is already in market '${other}': a country belongs to one market only` });
      else marketOf.set(code, supply.market);
    });
    supply.prices.forEach((price, j) =>
      price.countries?.forEach((code, k) => {
        const at = ['supply', i, 'prices', j, 'countries', k];
        country(code, at);
        if (world < 0 && isInCodeList(LISTS.country, code) && !supply.countries.includes(code)) {
          issues.push({ at, message: `${code} is not in market '${supply.market}' (${supply.countries.join(', ')}): a price applies only within its market` });
        }
      }),
    );
  });
  return issues;
}

/** Related products: valid ISBNs, not the title itself, each relation once. */
export function checkRelated(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  const seen = new Set<string>();
  title.related.forEach((related, i) => {
    const problem = isbn13Problem(related.isbn);
    const key = `${related.relation} ${related.isbn}`;
    if (problem) issues.push({ at: ['related', i, 'isbn'], message: problem });
    else if (related.isbn === title.isbn) issues.push({ at: ['related', i, 'isbn'], message: 'a title cannot be related to itself: use the ISBN of the other edition' });
    else if (seen.has(key)) issues.push({ at: ['related', i], message: `${related.relation} ${related.isbn} is listed twice: keep one` });
    seen.add(key);
  });
  return issues;
}

/** Unique markets, positive prices (one per currency, type and countries), and `unpriced` exactly when there are no prices. */
export function checkSupply(title: Title): TitleIssue[] {
  const issues: TitleIssue[] = [];
  const markets = new Map<string, number>();
  title.supply.forEach((supply, i) => {
    const first = markets.get(supply.market);
    if (first !== undefined) issues.push({ at: ['supply', i, 'market'], message: `market '${supply.market}' is already used by supply entry ${first + 1}: each market label must be unique in the title` });
    else markets.set(supply.market, i);
    if (supply.prices.length === 0 && supply.unpriced === undefined) {
      issues.push({ at: ['supply', i], message: `market '${supply.market}' has no prices: add prices, or unpriced (free, price-to-be-announced, not-sold-separately, contact-supplier)` });
    }
    if (supply.prices.length > 0 && supply.unpriced !== undefined) {
      issues.push({ at: ['supply', i, 'unpriced'], message: `market '${supply.market}' has prices and unpriced: ${supply.unpriced}; keep one of them` });
    }
    const priceKeys = new Set<string>();
    supply.prices.forEach((price, j) => {
      if (!(price.amount > 0)) {
        issues.push({ at: ['supply', i, 'prices', j, 'amount'], message: `price must be more than 0, got ${price.amount}: for a free title use unpriced: free instead of prices` });
      }
      if (!isInCodeList(LISTS.currency, price.currency)) {
        const upper = price.currency.toUpperCase();
        issues.push({ at: ['supply', i, 'prices', j, 'currency'], message: `'${price.currency}' is not an ISO 4217 currency code${isInCodeList(LISTS.currency, upper) ? `: use '${upper}'` : ', e.g. GBP, EUR, USD'}` });
      }
      const key = `${price.type} ${price.currency} ${price.countries?.join(',') ?? ''}`;
      if (priceKeys.has(key)) issues.push({ at: ['supply', i, 'prices', j], message: `a second ${price.type} ${price.currency} price for the same countries: keep one, or give each its countries` });
      priceKeys.add(key);
    });
  });
  return issues;
}

/** Characters XML 1.0 forbids (control characters, unpaired surrogates) in any string of the title. */
export function checkXmlCharacters(title: Title): TitleIssue[] {
  // Nearly every title is clean: one pass that builds no paths, and the pass with paths only when it finds something.
  if (!hasSuspectCharacter(title)) return [];
  const issues: TitleIssue[] = [];
  const visit = (value: unknown, at: TitlePath): void => {
    if (typeof value === 'string') {
      const m = XML_FORBIDDEN.exec(value);
      if (m) {
        const code = m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        issues.push({ at, message: `character U+${code} at position ${m.index + 1} cannot be carried in XML: remove it (control characters are not allowed in text)` });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...at, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, [...at, key]);
    }
  };
  visit(title, []);
  return issues;
}

/** Whether any string in `value` has a control character, a surrogate or U+FFFE/U+FFFF (paired surrogates are fine in XML, so a hit is only a suspect). */
function hasSuspectCharacter(value: unknown): boolean {
  if (typeof value === 'string') return XML_SUSPECT.test(value);
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasSuspectCharacter);
  for (const key in value) if (hasSuspectCharacter((value as Record<string, unknown>)[key])) return true;
  return false;
}
