/**
 * Benchmark of the ONIX writer (issue 3), side by side in one run, each measurement in its own child process so
 * that peak RSS is honest:
 *
 *   (a) writer   buildOnix without XSD: business rules, mapping, streaming write with splitting and sha256
 *   (b) floor    the same XML from bare template strings, no checks, no escaping, written to one stream
 *   (c) dom      the same products built as xmlbuilder2 DOM trees (one per product) and serialised
 *   load         the catalog loader (loadCatalog) reading the generated YAML files from disk, for information
 *   (a)+xsd      buildOnix as the pipeline runs it: with XSD validation in bounded batches
 *   xsd file     validateOnixFile over the whole output of (a)
 *
 *   npx tsx scripts/bench-onix.ts [--titles 10000,100000] [--skip-dom] [--skip-load]
 *
 * (a), (b) and (c) read the same in-memory title source: 1,000 generated titles (scripts/generate-catalog.ts) cycled
 * with fresh ISBNs, so the source costs next to nothing and holds no catalog in memory; `load` shows what reading the
 * files costs on top. Output goes to `.bench/onix/` (git-ignored) and is removed afterwards.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LoadedTitle, Title } from '../src/catalog/title.ts';
import type { TenantConfig } from '../src/config/tenant.ts';
import { buildOnix } from '../src/onix/build.ts';
import {
  AVAILABILITY_CODES,
  MEASURE_TYPE_CODES,
  PRICE_TYPE_CODES,
  PUBLISHING_STATUS_CODES,
  RELATION_CODES,
  SALES_RIGHTS_CODES,
} from '../src/onix/codes.ts';
import { MESSAGE_FOOTER, messageHeader } from '../src/onix/header.ts';
import { onixRelease } from '../src/onix/version.ts';
import { generatedIsbn, generateTitle, writeCatalog } from './generate-catalog.ts';

const REPO = new URL('..', import.meta.url).pathname;
const WORK = path.join(REPO, '.bench', 'onix');
const POOL_SIZE = 1000;
const NOW = new Date('2026-01-01T00:00:00Z');
const release = onixRelease('3.1');

const TENANT: TenantConfig = {
  id: 'bench',
  name: 'Benchmark Books',
  sender: { name: 'Benchmark Books', email: 'metadata@benchmark-books.example' },
  supplier: { name: 'Benchmark Books' },
  amazon: {
    region: 'na',
    marketplaceIds: ['ATVPDKIKX0DER'],
    // One document, so that (a) and (b) can be compared byte for byte.
    delivery: { format: 'onix', feedType: 'POST_PRODUCT_DATA', maxFeedBytes: 2 ** 40 },
    polling: { intervalSeconds: 30, timeoutMinutes: 60 },
  },
  onix: { version: '3.1', forthcomingAsAdvance: false },
  schedule: { frequency: 'daily', hour: 6, timezone: 'UTC', titles: 'all' },
};
const HEADER = messageHeader(TENANT.sender, { release, messageNumber: 1, sentAt: NOW });

/** What a child reports. */
interface Measurement {
  mode: string;
  titles: number;
  products: number;
  millis: number;
  bytes: number;
  sha256?: string;
  maxRssMb: number;
  note?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The shared title source

/** `n` titles in ISBN order, cycling a pool of generated titles with fresh ISBNs; holds only the pool. */
function* titleSource(n: number): Generator<LoadedTitle> {
  const pool: Title[] = Array.from({ length: Math.min(n, POOL_SIZE) }, (_, i) => generateTitle(i));
  for (let i = 0; i < n; i++) {
    const isbn = generatedIsbn(i);
    yield { title: { ...pool[i % POOL_SIZE], isbn, recordReference: isbn }, source: { path: `catalog/bench/titles/${isbn}.yaml`, format: 'yaml' } };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// (b) the floor: one template per product, no escaping, no checks

function floorTerritory(places: string[]): string {
  const countries = places.filter((p) => p.length === 2).join(' ');
  const regions = places.filter((p) => p.length !== 2).join(' ');
  return `<Territory>${countries ? `<CountriesIncluded>${countries}</CountriesIncluded>` : ''}${regions ? `<RegionsIncluded>${regions}</RegionsIncluded>` : ''}</Territory>`;
}

function floorProduct(t: Title): string {
  const m = t.measures;
  const measure = (k: keyof typeof MEASURE_TYPE_CODES) => {
    const v = m[k];
    return v ? `<Measure><MeasureType>${MEASURE_TYPE_CODES[k]}</MeasureType><Measurement>${v.value}</Measurement><MeasureUnitCode>${v.unit}</MeasureUnitCode></Measure>` : '';
  };
  return `<Product><RecordReference>${t.recordReference}</RecordReference><NotificationType>03</NotificationType><ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>${t.isbn}</IDValue></ProductIdentifier><ProductIdentifier><ProductIDType>03</ProductIDType><IDValue>${t.isbn}</IDValue></ProductIdentifier>${t.asin ? `<ProductIdentifier><ProductIDType>01</ProductIDType><IDTypeName>ASIN</IDTypeName><IDValue>${t.asin}</IDValue></ProductIdentifier>` : ''}<DescriptiveDetail><ProductComposition>00</ProductComposition><ProductForm>${t.productForm}</ProductForm>${t.productFormDetails.map((d) => `<ProductFormDetail>${d}</ProductFormDetail>`).join('')}${measure('height')}${measure('width')}${measure('thickness')}${measure('weight')}${t.collection ? `<Collection><CollectionType>10</CollectionType><TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>02</TitleElementLevel>${t.collection.number ? `<PartNumber>${t.collection.number}</PartNumber>` : ''}<NoPrefix/><TitleWithoutPrefix>${t.collection.title}</TitleWithoutPrefix></TitleElement></TitleDetail></Collection>` : ''}<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>${t.title.prefix ? `<TitlePrefix>${t.title.prefix}</TitlePrefix>` : '<NoPrefix/>'}<TitleWithoutPrefix>${t.title.text}</TitleWithoutPrefix>${t.title.subtitle ? `<Subtitle>${t.title.subtitle}</Subtitle>` : ''}</TitleElement></TitleDetail>${t.contributors.length === 0 ? '<NoContributor/>' : ''}${t.contributors.map((c, i) => `<Contributor><SequenceNumber>${i + 1}</SequenceNumber>${c.roles.map((r) => `<ContributorRole>${r}</ContributorRole>`).join('')}${c.isni ? `<NameIdentifier><NameIDType>16</NameIDType><IDValue>${c.isni}</IDValue></NameIdentifier>` : ''}${c.name ? `<PersonName>${c.name}</PersonName>${c.keyNames ? `${c.namesBeforeKey ? `<NamesBeforeKey>${c.namesBeforeKey}</NamesBeforeKey>` : ''}<KeyNames>${c.keyNames}</KeyNames>` : ''}` : `<CorporateName>${c.corporateName}</CorporateName>`}${c.biography ? `<BiographicalNote textformat="05">${c.biography}</BiographicalNote>` : ''}</Contributor>`).join('')}${t.edition?.number !== undefined ? `<EditionNumber>${t.edition.number}</EditionNumber>` : ''}${t.edition?.statement ? `<EditionStatement>${t.edition.statement}</EditionStatement>` : ''}<Language><LanguageRole>01</LanguageRole><LanguageCode>${t.language}</LanguageCode></Language>${t.originalLanguage ? `<Language><LanguageRole>02</LanguageRole><LanguageCode>${t.originalLanguage}</LanguageCode></Language>` : ''}${t.pages !== undefined ? `<Extent><ExtentType>00</ExtentType><ExtentValue>${t.pages}</ExtentValue><ExtentUnit>03</ExtentUnit></Extent>` : ''}${t.durationMinutes !== undefined ? `<Extent><ExtentType>09</ExtentType><ExtentValue>${t.durationMinutes}</ExtentValue><ExtentUnit>05</ExtentUnit></Extent>` : ''}${t.subjects.bisac.map((c, i) => `<Subject>${i === 0 ? '<MainSubject/>' : ''}<SubjectSchemeIdentifier>10</SubjectSchemeIdentifier><SubjectCode>${c}</SubjectCode></Subject>`).join('')}${t.subjects.thema.map((c, i) => `<Subject>${i === 0 ? '<MainSubject/>' : ''}<SubjectSchemeIdentifier>93</SubjectSchemeIdentifier><SubjectCode>${c}</SubjectCode></Subject>`).join('')}${t.subjects.keywords.length ? `<Subject><SubjectSchemeIdentifier>20</SubjectSchemeIdentifier><SubjectHeadingText>${t.subjects.keywords.join(';')}</SubjectHeadingText></Subject>` : ''}</DescriptiveDetail>${t.descriptions.long || t.descriptions.short || t.cover ? `<CollateralDetail>${t.descriptions.long ? `<TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience><Text textformat="05">${t.descriptions.long}</Text></TextContent>` : ''}${t.descriptions.short ? `<TextContent><TextType>02</TextType><ContentAudience>00</ContentAudience><Text textformat="06">${t.descriptions.short}</Text></TextContent>` : ''}${t.cover ? `<SupportingResource><ResourceContentType>01</ResourceContentType><ContentAudience>00</ContentAudience><ResourceMode>03</ResourceMode><ResourceVersion><ResourceForm>02</ResourceForm><ResourceLink>${t.cover}</ResourceLink></ResourceVersion></SupportingResource>` : ''}</CollateralDetail>` : ''}<PublishingDetail>${t.publisher.imprint ? `<Imprint><ImprintName>${t.publisher.imprint}</ImprintName></Imprint>` : ''}<Publisher><PublishingRole>01</PublishingRole><PublisherName>${t.publisher.name}</PublisherName></Publisher><PublishingStatus>${PUBLISHING_STATUS_CODES[t.publishingStatus]}</PublishingStatus>${t.publicationDate ? `<PublishingDate><PublishingDateRole>01</PublishingDateRole><Date>${t.publicationDate.replaceAll('-', '')}</Date></PublishingDate>` : ''}${t.salesRights.map((r) => `<SalesRights><SalesRightsType>${SALES_RIGHTS_CODES[r.type]}</SalesRightsType>${floorTerritory([...(r.countries ?? []), ...(r.regions ?? [])])}</SalesRights>`).join('')}</PublishingDetail>${t.related.length ? `<RelatedMaterial>${t.related.map((r) => `<RelatedProduct><ProductRelationCode>${RELATION_CODES[r.relation]}</ProductRelationCode><ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>${r.isbn}</IDValue></ProductIdentifier></RelatedProduct>`).join('')}</RelatedMaterial>` : ''}${t.supply.map((s) => `<ProductSupply><MarketReference>${s.market}</MarketReference><Market>${floorTerritory(s.countries)}</Market><SupplyDetail><Supplier><SupplierRole>01</SupplierRole><SupplierName>${TENANT.supplier.name}</SupplierName></Supplier><ProductAvailability>${AVAILABILITY_CODES[s.availability]}</ProductAvailability>${s.prices.map((p) => `<Price><PriceType>${PRICE_TYPE_CODES[p.type]}</PriceType><PriceAmount>${p.amount.toFixed(2)}</PriceAmount><CurrencyCode>${p.currency}</CurrencyCode></Price>`).join('')}</SupplyDetail></ProductSupply>`).join('')}</Product>\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// (c) xmlbuilder2 DOM, one tree per product

// Each child imports only what its mode needs, so that one mode's libraries do not count in another's RSS.
let fragment: typeof import('xmlbuilder2').fragment;
type XMLBuilder = ReturnType<typeof fragment>;

function leaf(parent: XMLBuilder, name: string, text: string | number): void {
  parent.ele(name).txt(String(text));
}

function domTerritory(parent: XMLBuilder, places: string[]): void {
  const territory = parent.ele('Territory');
  const countries = places.filter((p) => p.length === 2).join(' ');
  const regions = places.filter((p) => p.length !== 2).join(' ');
  if (countries) leaf(territory, 'CountriesIncluded', countries);
  if (regions) leaf(territory, 'RegionsIncluded', regions);
}

function domProduct(t: Title): string {
  const doc = fragment();
  const p = doc.ele('Product');
  leaf(p, 'RecordReference', t.recordReference);
  leaf(p, 'NotificationType', '03');
  for (const type of ['15', '03']) {
    const id = p.ele('ProductIdentifier');
    leaf(id, 'ProductIDType', type);
    leaf(id, 'IDValue', t.isbn);
  }
  const d = p.ele('DescriptiveDetail');
  leaf(d, 'ProductComposition', '00');
  leaf(d, 'ProductForm', t.productForm);
  for (const detail of t.productFormDetails) leaf(d, 'ProductFormDetail', detail);
  for (const k of ['height', 'width', 'thickness', 'weight'] as const) {
    const v = t.measures[k];
    if (!v) continue;
    const m = d.ele('Measure');
    leaf(m, 'MeasureType', MEASURE_TYPE_CODES[k]);
    leaf(m, 'Measurement', v.value);
    leaf(m, 'MeasureUnitCode', v.unit);
  }
  if (t.collection) {
    const te = d.ele('Collection').ele('CollectionType').txt('10').up().ele('TitleDetail').ele('TitleType').txt('01').up().ele('TitleElement');
    leaf(te, 'TitleElementLevel', '02');
    if (t.collection.number) leaf(te, 'PartNumber', t.collection.number);
    te.ele('NoPrefix');
    leaf(te, 'TitleWithoutPrefix', t.collection.title);
  }
  const te = d.ele('TitleDetail').ele('TitleType').txt('01').up().ele('TitleElement');
  leaf(te, 'TitleElementLevel', '01');
  if (t.title.prefix) leaf(te, 'TitlePrefix', t.title.prefix);
  else te.ele('NoPrefix');
  leaf(te, 'TitleWithoutPrefix', t.title.text);
  if (t.title.subtitle) leaf(te, 'Subtitle', t.title.subtitle);
  if (t.contributors.length === 0) d.ele('NoContributor');
  t.contributors.forEach((c, i) => {
    const e = d.ele('Contributor');
    leaf(e, 'SequenceNumber', i + 1);
    for (const role of c.roles) leaf(e, 'ContributorRole', role);
    if (c.name) {
      leaf(e, 'PersonName', c.name);
      if (c.keyNames) {
        if (c.namesBeforeKey) leaf(e, 'NamesBeforeKey', c.namesBeforeKey);
        leaf(e, 'KeyNames', c.keyNames);
      }
    } else if (c.corporateName) leaf(e, 'CorporateName', c.corporateName);
    if (c.biography) e.ele('BiographicalNote', { textformat: '05' }).import(fragment(c.biography));
  });
  const lang = d.ele('Language');
  leaf(lang, 'LanguageRole', '01');
  leaf(lang, 'LanguageCode', t.language);
  if (t.originalLanguage) {
    const orig = d.ele('Language');
    leaf(orig, 'LanguageRole', '02');
    leaf(orig, 'LanguageCode', t.originalLanguage);
  }
  for (const [type, value, unit] of [['00', t.pages, '03'], ['09', t.durationMinutes, '05']] as const) {
    if (value === undefined) continue;
    const x = d.ele('Extent');
    leaf(x, 'ExtentType', type);
    leaf(x, 'ExtentValue', value);
    leaf(x, 'ExtentUnit', unit);
  }
  for (const [scheme, codes] of [['10', t.subjects.bisac], ['93', t.subjects.thema]] as const) {
    codes.forEach((code, i) => {
      const s = d.ele('Subject');
      if (i === 0) s.ele('MainSubject');
      leaf(s, 'SubjectSchemeIdentifier', scheme);
      leaf(s, 'SubjectCode', code);
    });
  }
  if (t.subjects.keywords.length) {
    const s = d.ele('Subject');
    leaf(s, 'SubjectSchemeIdentifier', '20');
    leaf(s, 'SubjectHeadingText', t.subjects.keywords.join(';'));
  }
  const cd = p.ele('CollateralDetail');
  if (t.descriptions.long) {
    const tc = cd.ele('TextContent');
    leaf(tc, 'TextType', '03');
    leaf(tc, 'ContentAudience', '00');
    tc.ele('Text', { textformat: '05' }).import(fragment(t.descriptions.long));
  }
  if (t.descriptions.short) {
    const tc = cd.ele('TextContent');
    leaf(tc, 'TextType', '02');
    leaf(tc, 'ContentAudience', '00');
    tc.ele('Text', { textformat: '06' }).txt(t.descriptions.short);
  }
  if (t.cover) {
    const r = cd.ele('SupportingResource');
    leaf(r, 'ResourceContentType', '01');
    leaf(r, 'ContentAudience', '00');
    leaf(r, 'ResourceMode', '03');
    const v = r.ele('ResourceVersion');
    leaf(v, 'ResourceForm', '02');
    leaf(v, 'ResourceLink', t.cover);
  }
  const pd = p.ele('PublishingDetail');
  if (t.publisher.imprint) leaf(pd.ele('Imprint'), 'ImprintName', t.publisher.imprint);
  const pub = pd.ele('Publisher');
  leaf(pub, 'PublishingRole', '01');
  leaf(pub, 'PublisherName', t.publisher.name);
  leaf(pd, 'PublishingStatus', PUBLISHING_STATUS_CODES[t.publishingStatus]);
  if (t.publicationDate) {
    const date = pd.ele('PublishingDate');
    leaf(date, 'PublishingDateRole', '01');
    leaf(date, 'Date', t.publicationDate.replaceAll('-', ''));
  }
  for (const r of t.salesRights) {
    const sr = pd.ele('SalesRights');
    leaf(sr, 'SalesRightsType', SALES_RIGHTS_CODES[r.type]);
    domTerritory(sr, [...(r.countries ?? []), ...(r.regions ?? [])]);
  }
  if (t.related.length) {
    const rm = p.ele('RelatedMaterial');
    for (const r of t.related) {
      const rp = rm.ele('RelatedProduct');
      leaf(rp, 'ProductRelationCode', RELATION_CODES[r.relation]);
      const id = rp.ele('ProductIdentifier');
      leaf(id, 'ProductIDType', '15');
      leaf(id, 'IDValue', r.isbn);
    }
  }
  for (const s of t.supply) {
    const ps = p.ele('ProductSupply');
    leaf(ps, 'MarketReference', s.market);
    domTerritory(ps.ele('Market'), s.countries);
    const sd = ps.ele('SupplyDetail');
    const supplier = sd.ele('Supplier');
    leaf(supplier, 'SupplierRole', '01');
    leaf(supplier, 'SupplierName', TENANT.supplier.name);
    leaf(sd, 'ProductAvailability', AVAILABILITY_CODES[s.availability]);
    for (const price of s.prices) {
      const pr = sd.ele('Price');
      leaf(pr, 'PriceType', PRICE_TYPE_CODES[price.type]);
      leaf(pr, 'PriceAmount', price.amount.toFixed(2));
      leaf(pr, 'CurrencyCode', price.currency);
    }
  }
  return doc.end() + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Children

/** Writes HEADER, each rendered product and the footer to one file with backpressure; returns bytes and sha256. */
async function writeRendered(file: string, titles: Iterable<LoadedTitle>, render: (t: Title) => string): Promise<{ products: number; bytes: number; sha256: string }> {
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  let bytes = 0;
  let products = 0;
  let pending = HEADER;
  const flush = async () => {
    hash.update(pending);
    bytes += Buffer.byteLength(pending);
    const ok = out.write(pending);
    pending = '';
    if (!ok) await once(out, 'drain');
  };
  for (const { title } of titles) {
    pending += render(title);
    products++;
    if (pending.length >= 256 * 1024) await flush();
  }
  pending += MESSAGE_FOOTER;
  await flush();
  out.end();
  await once(out, 'close');
  return { products, bytes, sha256: hash.digest('hex') };
}

function sumFiles(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + readFileSync(path.join(dir, f)).length, 0);
}

async function runChild(mode: string, n: number, dir: string): Promise<Measurement> {
  // Imports first, outside the timed part; their memory still counts in the child's peak RSS.
  if (mode === 'dom') ({ fragment } = await import('xmlbuilder2'));
  const { loadCatalog } = mode === 'load' ? await import('../src/catalog/load.ts') : { loadCatalog: undefined };
  const { validateOnixFile } = mode === 'xsd-file' ? await import('../src/onix/validate-file.ts') : { validateOnixFile: undefined };
  const started = performance.now();
  const result = (extra: Omit<Measurement, 'mode' | 'titles' | 'millis' | 'maxRssMb'>): Measurement => ({
    mode,
    titles: n,
    millis: Math.round(performance.now() - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...extra,
  });
  const outDir = path.join(dir, mode);
  mkdirSync(outDir, { recursive: true });
  switch (mode) {
    case 'writer':
    case 'writer+xsd': {
      const built = await buildOnix({ tenant: TENANT, titles: titleSource(n), deletions: [], now: NOW, messageNumber: 1, outDir, validateXsd: mode === 'writer+xsd' });
      const doc = built.documents[0];
      return result({ products: built.written, bytes: doc.bytes, sha256: doc.sha256, note: built.heldBack.length ? `${built.heldBack.length} held back` : undefined });
    }
    case 'floor':
      return result(await writeRendered(path.join(outDir, 'floor.xml'), titleSource(n), floorProduct));
    case 'dom':
      return result(await writeRendered(path.join(outDir, 'dom.xml'), titleSource(n), domProduct));
    case 'load': {
      const catalog = await loadCatalog!(path.join(dir, 'catalog'), 'bench', { cacheDir: undefined });
      return result({ products: catalog.titles.length, bytes: 0, note: `${catalog.problems.length} problems` });
    }
    case 'xsd-file': {
      const file = path.join(dir, 'writer', readdirSync(path.join(dir, 'writer'))[0]);
      const validation = await validateOnixFile!(file);
      return result({ products: validation.products, bytes: sumFiles(path.join(dir, 'writer')), note: validation.valid ? 'valid' : `${validation.issues.length} issues: ${validation.issues[0]?.message}` });
    }
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

/** Runs one measurement in a fresh Node process (tsx loader) and returns what it printed. */
async function measure(mode: string, n: number, dir: string): Promise<Measurement> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--child', mode, '--titles', String(n), '--dir', dir], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ONIX_FEEDS_CACHE_DIR: '' },
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`benchmark child ${mode} ${n} failed with exit code ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measurement;
}

// ---------------------------------------------------------------------------------------------------------------
// Parent

const rate = (m: Measurement) => Math.round((m.products / m.millis) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

function table(rows: Measurement[], floorByN: Map<number, Measurement>): string {
  const lines = ['| titles | run | time | products/s | vs floor | peak RSS | output | note |', '|---:|---|---:|---:|---:|---:|---:|---|'];
  for (const m of rows) {
    const floor = floorByN.get(m.titles);
    const ratio = floor && ['writer', 'dom', 'writer+xsd'].includes(m.mode) ? `${(m.millis / floor.millis).toFixed(2)}x` : '';
    const same = floor && m.sha256 && m.mode !== 'floor' ? (m.sha256 === floor.sha256 ? 'same bytes as floor' : 'bytes differ from floor') : '';
    const note = [same, m.note].filter(Boolean).join('; ');
    lines.push(`| ${fmt(m.titles)} | ${LABELS[m.mode]} | ${(m.millis / 1000).toFixed(2)} s | ${fmt(rate(m))} | ${ratio} | ${fmt(m.maxRssMb)} MB | ${m.bytes ? `${fmt(Math.round(m.bytes / 1e6))} MB` : ''} | ${note} |`);
  }
  return lines.join('\n');
}

const LABELS: Record<string, string> = {
  writer: '(a) writer, no XSD',
  floor: '(b) floor: bare templates',
  dom: '(c) xmlbuilder2 DOM',
  load: 'load: loadCatalog from YAML files',
  'writer+xsd': '(a) writer with XSD batches',
  'xsd-file': 'XSD: validateOnixFile of (a) output',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      titles: { type: 'string', default: '10000,100000' },
      child: { type: 'string' },
      dir: { type: 'string' },
      'skip-dom': { type: 'boolean' },
      'skip-load': { type: 'boolean' },
    },
  });
  if (values.child) {
    process.stdout.write(JSON.stringify(await runChild(values.child, Number(values.titles), values.dir!)) + '\n');
    return;
  }
  const sizes = values.titles.split(',').map(Number);
  const rows: Measurement[] = [];
  const floors = new Map<number, Measurement>();
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO }).toString().trim();
  console.error(`ONIX writer benchmark, node ${process.version}, commit ${commit}, sizes ${sizes.join(', ')}`);
  for (const n of sizes) {
    const dir = path.join(WORK, String(n));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const modes = ['floor', 'writer', ...(values['skip-dom'] ? [] : ['dom']), 'xsd-file', 'writer+xsd'];
    if (!values['skip-load']) {
      writeCatalog({ out: path.join(dir, 'catalog'), tenant: 'bench', titles: n, format: 'yaml' });
      modes.push('load');
    }
    for (const mode of modes) {
      console.error(`  ${fmt(n)} titles: ${LABELS[mode]} ...`);
      const m = await measure(mode, n, dir);
      if (mode === 'floor') floors.set(n, m);
      rows.push(m);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(table(rows, floors));
  const writers = rows.filter((r) => r.mode === 'writer');
  if (writers.length >= 2) {
    const [small, large] = [writers[0], writers.at(-1)!];
    console.log(`\nwriter peak RSS ${fmt(large.titles)} vs ${fmt(small.titles)} titles: ${(large.maxRssMb / small.maxRssMb).toFixed(2)}x`);
  }
  if (existsSync(WORK) && readdirSync(WORK).length === 0) rmSync(WORK, { recursive: true });
}

await main();
