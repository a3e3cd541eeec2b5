/**
 * `<DescriptiveDetail>` (Block 1) -> form, measures, titles, series, contributors, edition, languages, extents and
 * subjects of a title. Only what the title model holds is marked used; the rest stays for the import report.
 */
import type { Contributor, Measure, MeasureUnit, Title } from '../catalog/title.ts';
import { MEASURE_UNITS } from '../catalog/title.ts';
import { SUBJECT_SCHEME } from '../onix/codes.ts';
import { MEASURE_BY_CODE } from './codes.ts';
import { ProductSkip, takeTyped, withCode, type MapContext } from './map-context.ts';
import { childrenNamed, take, takeText, type OnixNode } from './onix-node.ts';
import { richText } from './text-content.ts';

/** The fields of a title that DescriptiveDetail carries; absent values may be undefined (normaliseTitle drops them). */
export type DescriptiveFields = Pick<
  Title,
  'productForm' | 'productFormDetails' | 'title' | 'collection' | 'contributors' | 'edition' | 'language' | 'originalLanguage' | 'pages' | 'durationMinutes' | 'subjects' | 'measures'
>;

/** Maps DescriptiveDetail; throws ProductSkip when the product has no form, title or language. */
export function mapDescriptiveDetail(detail: OnixNode | undefined, ctx: MapContext): DescriptiveFields {
  if (!detail) throw new ProductSkip('no DescriptiveDetail: a title needs at least its product form, title and language');
  const composition = detail.children.find((c) => c.name === 'ProductComposition');
  // Only single-item retail products (00) fit the model; any other composition is reported as not carried.
  if (composition?.text.trim() === '00') composition.used = true;
  const productForm = takeText(detail, 'ProductForm');
  if (!productForm) throw new ProductSkip('no ProductForm: a title needs its ONIX List 150 product form, e.g. BB hardback');
  const productFormDetails: string[] = [];
  for (const node of childrenNamed(detail, 'ProductFormDetail')) {
    node.used = true;
    const code = node.text.trim();
    if (!productFormDetails.includes(code)) productFormDetails.push(code);
  }
  const { title, collectionInTitle } = mapTitle(detail);
  take(detail, 'NoCollection');
  take(detail, 'NoContributor');
  take(detail, 'NoEdition');
  const edition = mapEdition(detail);
  const { language, originalLanguage } = mapLanguages(detail, ctx);
  return {
    productForm,
    productFormDetails,
    title,
    collection: mapCollection(detail) ?? collectionInTitle,
    contributors: mapContributors(detail, ctx),
    edition,
    language,
    originalLanguage,
    pages: mapPages(detail),
    durationMinutes: mapDuration(detail, ctx),
    subjects: mapSubjects(detail),
    measures: mapMeasures(detail),
  };
}

interface TitleParts {
  prefix?: string;
  text?: string;
  subtitle?: string;
  partNumber?: string;
}

/** The parts of a TitleElement; a product title has no part number, so only a collection's is taken. */
function titleElementParts(element: OnixNode, withPartNumber: boolean): TitleParts {
  element.used = true;
  take(element, 'TitleElementLevel');
  take(element, 'NoPrefix');
  const withoutPrefix = takeText(element, 'TitleWithoutPrefix');
  // TitleText (deprecated in 3.1) holds the whole title, article included, when TitleWithoutPrefix is not used.
  const text = withoutPrefix ?? takeText(element, 'TitleText');
  return {
    prefix: withoutPrefix !== undefined ? takeText(element, 'TitlePrefix') || undefined : undefined,
    text: text || undefined,
    subtitle: takeText(element, 'Subtitle') || undefined,
    partNumber: withPartNumber ? takeText(element, 'PartNumber') || undefined : undefined,
  };
}

/** The distinctive title (TitleType 01, level 01); a collection-level element beside it is the series. */
function mapTitle(detail: OnixNode): { title: Title['title']; collectionInTitle?: Title['collection'] } {
  const titleDetail = withCode(detail, 'TitleDetail', 'TitleType', '01')[0];
  const productLevel = titleDetail && withCode(titleDetail, 'TitleElement', 'TitleElementLevel', '01')[0];
  if (!productLevel) throw new ProductSkip('no distinctive title (TitleDetail with TitleType 01 and a TitleElement of level 01)');
  takeTyped(titleDetail, 'TitleType');
  const parts = titleElementParts(productLevel, false);
  if (!parts.text) throw new ProductSkip('the distinctive title is empty: TitleWithoutPrefix or TitleText is needed');
  const title = { prefix: parts.prefix, text: parts.text, subtitle: parts.subtitle };
  const collectionLevel = withCode(titleDetail, 'TitleElement', 'TitleElementLevel', '02')[0];
  if (!collectionLevel || childrenNamed(detail, 'Collection').length > 0) return { title };
  const collection = titleElementParts(collectionLevel, true);
  return { title, collectionInTitle: collectionPart(collection) };
}

function collectionPart(parts: TitleParts): Title['collection'] {
  if (!parts.text) return undefined;
  const title = parts.prefix ? `${parts.prefix} ${parts.text}` : parts.text;
  return { title, number: parts.partNumber };
}

/** The first publisher's collection (CollectionType 10), with its number from PartNumber or CollectionSequence. */
function mapCollection(detail: OnixNode): Title['collection'] {
  const collection = withCode(detail, 'Collection', 'CollectionType', '10')[0];
  if (!collection) return undefined;
  const titleDetail = withCode(collection, 'TitleDetail', 'TitleType', '01')[0];
  const element = titleDetail && (withCode(titleDetail, 'TitleElement', 'TitleElementLevel', '02')[0] ?? childrenNamed(titleDetail, 'TitleElement')[0]);
  if (!element) return undefined;
  takeTyped(collection, 'CollectionType');
  takeTyped(titleDetail, 'TitleType');
  const parts = titleElementParts(element, true);
  if (!parts.partNumber) {
    const sequence = childrenNamed(collection, 'CollectionSequence')[0];
    const number = sequence && takeText(sequence, 'CollectionSequenceNumber');
    if (sequence && number) {
      takeTyped(sequence, 'CollectionSequenceType');
      parts.partNumber = number;
    }
  }
  return collectionPart(parts);
}

function mapContributors(detail: OnixNode, ctx: MapContext): Contributor[] {
  const nodes = childrenNamed(detail, 'Contributor');
  const sequence = (node: OnixNode): number => Number(node.children.find((c) => c.name === 'SequenceNumber')?.text.trim() ?? NaN);
  // The writer numbers contributors in list order; a file that numbers them differently is read in its own order.
  if (nodes.every((n) => Number.isFinite(sequence(n)))) nodes.sort((a, b) => sequence(a) - sequence(b));
  const contributors: Contributor[] = [];
  for (const node of nodes) {
    const contributor = mapContributor(node, ctx);
    if (contributor) contributors.push(contributor);
  }
  return contributors;
}

/** One contributor, or undefined (nothing marked) when it has no name the model can hold (e.g. UnnamedPersons). */
function mapContributor(node: OnixNode, ctx: MapContext): Contributor | undefined {
  const has = (name: string): boolean => node.children.some((c) => c.name === name && c.text.trim() !== '');
  if (!has('PersonName') && !has('KeyNames') && !has('CorporateName')) {
    node.reason = 'a contributor in a title file needs a name (PersonName, KeyNames or CorporateName)';
    return undefined;
  }
  node.used = true;
  take(node, 'SequenceNumber');
  const roles: string[] = [];
  for (const role of childrenNamed(node, 'ContributorRole')) {
    role.used = true;
    roles.push(role.text.trim());
  }
  const isniNode = withCode(node, 'NameIdentifier', 'NameIDType', '16')[0];
  const isni = isniNode ? takeText(takeTyped(isniNode, 'NameIDType'), 'IDValue')?.replace(/\s/g, '') : undefined;
  const namesBeforeKey = takeText(node, 'NamesBeforeKey') || undefined;
  const keyNames = takeText(node, 'KeyNames') || undefined;
  let name = takeText(node, 'PersonName') || undefined;
  if (!name && keyNames) {
    const prefix = takeText(node, 'PrefixToKey');
    name = [namesBeforeKey, prefix, keyNames].filter(Boolean).join(' ');
  }
  const biographyNode = take(node, 'BiographicalNote');
  const biography = biographyNode && richText(biographyNode);
  if (biography?.lossy) ctx.note({ path: 'DescriptiveDetail/Contributor/BiographicalNote', reason: 'markup outside the XHTML subset (p, br, em, strong, b, i, ul, ol, li) was left out' });
  return {
    roles,
    name,
    namesBeforeKey,
    keyNames,
    corporateName: takeText(node, 'CorporateName') || undefined,
    biography: biography?.text || undefined,
    isni,
  };
}

function mapEdition(detail: OnixNode): Title['edition'] {
  const numberNode = detail.children.find((c) => c.name === 'EditionNumber');
  const number = numberNode && /^\d+$/.test(numberNode.text.trim()) ? Number(numberNode.text.trim()) : undefined;
  if (number !== undefined) numberNode!.used = true;
  const statement = takeText(detail, 'EditionStatement') || undefined;
  return number === undefined && statement === undefined ? undefined : { number, statement };
}

/** Language of text (role 01) and original language (role 02); the header's default language when a product has none. */
function mapLanguages(detail: OnixNode, ctx: MapContext): { language: string; originalLanguage?: string } {
  const code = (role: string): string | undefined => {
    const node = withCode(detail, 'Language', 'LanguageRole', role)[0];
    return node ? takeText(takeTyped(node, 'LanguageRole'), 'LanguageCode') : undefined;
  };
  const language = code('01') ?? ctx.message.defaults.language;
  if (!language) throw new ProductSkip('no language of text (Language with LanguageRole 01, or DefaultLanguageOfText in the header)');
  return { language, originalLanguage: code('02') };
}

function extentValue(extent: OnixNode): string | undefined {
  return extent.children.find((c) => c.name === 'ExtentValue')?.text.trim();
}

/** Main content page count: ExtentType 00 in pages (unit 03). */
function mapPages(detail: OnixNode): number | undefined {
  const extent = withCode(detail, 'Extent', 'ExtentType', '00').find((e) => e.children.some((c) => c.name === 'ExtentUnit' && c.text.trim() === '03'));
  const value = extent && extentValue(extent);
  if (!extent || !value || !/^\d+$/.test(value)) return undefined;
  takeTyped(extent, 'ExtentType');
  take(extent, 'ExtentValue');
  take(extent, 'ExtentUnit');
  return Number(value);
}

/** Minutes per ExtentUnit (List 24) for the duration units that convert exactly. */
const MINUTES_PER_UNIT: Record<string, number> = { '04': 60, '05': 1, '06': 1 / 60 };

/** Running time: ExtentType 09 (duration), else 14 (duration of main content), in whole minutes. */
function mapDuration(detail: OnixNode, ctx: MapContext): number | undefined {
  const extent = withCode(detail, 'Extent', 'ExtentType', '09')[0] ?? withCode(detail, 'Extent', 'ExtentType', '14')[0];
  if (!extent) return undefined;
  const unit = extent.children.find((c) => c.name === 'ExtentUnit')?.text.trim() ?? '';
  const value = extentValue(extent) ?? '';
  let minutes: number | undefined;
  if (MINUTES_PER_UNIT[unit] !== undefined && /^\d+(\.\d+)?$/.test(value)) minutes = Number(value) * MINUTES_PER_UNIT[unit];
  const hhhmm = unit === '15' ? /^(\d+)(\d\d)$/.exec(value) : unit === '16' ? /^(\d+)(\d\d)(\d\d)$/.exec(value) : null;
  if (hhhmm) minutes = Number(hhhmm[1]) * 60 + Number(hhhmm[2]) + (hhhmm[3] ? Number(hhhmm[3]) / 60 : 0);
  if (minutes === undefined || minutes <= 0) return undefined;
  takeTyped(extent, 'ExtentType');
  take(extent, 'ExtentValue');
  take(extent, 'ExtentUnit');
  const whole = Math.max(1, Math.round(minutes));
  if (whole !== minutes) ctx.note({ path: 'DescriptiveDetail/Extent/ExtentValue', value, reason: `running time rounded to ${whole} minutes` });
  return whole;
}

/** Thema subject categories start with a letter; qualifiers (schemes 94-99) with a digit. */
function isThemaCategory(code: string): boolean {
  return !/^[0-9]/.test(code);
}

/** BISAC (10), Thema (93-99) and keywords (20); main subjects first, as the writer sends them. */
function mapSubjects(detail: OnixNode): Title['subjects'] {
  const subjects: Title['subjects'] = { bisac: [], thema: [], keywords: [] };
  for (const subject of childrenNamed(detail, 'Subject')) {
    const scheme = subject.children.find((c) => c.name === 'SubjectSchemeIdentifier')?.text.trim() ?? '';
    const main = subject.children.some((c) => c.name === 'MainSubject');
    if (scheme === SUBJECT_SCHEME.keywords) {
      const heading = takeText(subject, 'SubjectHeadingText');
      if (!heading) continue;
      for (const keyword of heading.split(';').map((k) => k.trim())) {
        if (keyword && !subjects.keywords.includes(keyword)) subjects.keywords.push(keyword);
      }
      takeTyped(subject, 'SubjectSchemeIdentifier');
      continue;
    }
    const thema = /^9[3-9]$/.test(scheme);
    if (scheme !== SUBJECT_SCHEME.bisac && !thema) continue;
    const code = subject.children.find((c) => c.name === 'SubjectCode')?.text.trim();
    if (!code) continue;
    takeTyped(subject, 'SubjectSchemeIdentifier');
    take(subject, 'SubjectCode');
    take(subject, 'MainSubject');
    const list = thema ? subjects.thema : subjects.bisac;
    if (list.includes(code)) continue;
    if (!main || (thema && !isThemaCategory(code))) list.push(code);
    else {
      // The main subject goes before the other codes of its kind (for Thema: before the first category, so that
      // qualifiers listed ahead of it keep their place).
      const at = thema ? list.findIndex(isThemaCategory) : 0;
      list.splice(at < 0 ? list.length : at, 0, code);
    }
  }
  return subjects;
}

const UNITS = new Set<string>(MEASURE_UNITS);

/** Height, width, thickness and weight, each once, in a unit the model knows. */
function mapMeasures(detail: OnixNode): Title['measures'] {
  const measures: Title['measures'] = {};
  for (const node of childrenNamed(detail, 'Measure')) {
    const key = MEASURE_BY_CODE.get(node.children.find((c) => c.name === 'MeasureType')?.text.trim() ?? '');
    const value = node.children.find((c) => c.name === 'Measurement')?.text.trim() ?? '';
    const unit = node.children.find((c) => c.name === 'MeasureUnitCode')?.text.trim() ?? '';
    if (!key || measures[key] || !UNITS.has(unit) || !/^\d+(\.\d+)?$/.test(value) || !(Number(value) > 0)) continue;
    takeTyped(node, 'MeasureType');
    take(node, 'Measurement');
    take(node, 'MeasureUnitCode');
    measures[key] = { value: Number(value), unit: unit as MeasureUnit } satisfies Measure;
  }
  return measures;
}
