/**
 * Writes a deterministic synthetic catalog for benchmarks: N valid title files of realistic size (~1.5 KB) under
 * `<out>/catalog/<tenant>/titles/`, and a tenant config under `<out>/config/tenants/`.
 *
 *   npx tsx scripts/generate-catalog.ts --titles 10000 --format yaml --out /tmp/bench --tenant bench [--seed 1]
 *
 * `generateTitle` and `writeCatalog` are exported so the benchmark and ONIX tests can build catalogs in-process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { dump } from 'js-yaml';
import { completeIsbn13 } from '../src/catalog/isbn.ts';
import type { Title } from '../src/catalog/title.ts';
import type { Schedule } from '../src/config/tenant.ts';

/** A file format title files can be written in. */
export type TitleFormat = 'yaml' | 'json';

const ADJECTIVES = ['Silent', 'Hidden', 'Salt', 'Northern', 'Glass', 'Winter', 'Lantern', 'Paper', 'Iron', 'Amber', 'Distant', 'Quiet', 'Burning', 'Forgotten', 'Tidal', 'Copper'];
const NOUNS = ['Harbour', 'Orchard', 'Archive', 'Lighthouse', 'Garden', 'River', 'Cartographer', 'Meadow', 'Library', 'Compass', 'Island', 'Kingdom', 'Atlas', 'Workshop', 'Estuary', 'Observatory'];
const SUBTITLES = ['A Novel', 'A History', 'Stories', 'A Memoir', 'Essays on Place and Time', 'A Field Guide', 'Poems'];
const FIRST_NAMES = ['Ada', 'Tomas', 'Ines', 'Kwame', 'Yuki', 'Elena', 'Oren', 'Saoirse', 'Rafael', 'Mei', 'Jonah', 'Priya', 'Lars', 'Nadia', 'Hugo', 'Amara'];
const LAST_NAMES = ['Whitlock', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Castellanos', 'Brennan', 'Haddad', 'Novak', 'Fairweather', 'Osei', 'Delacroix', 'Ashdown', 'Kowalski', 'Reyes', 'Thornbury'];
const BISAC = ['FIC019000', 'FIC014000', 'FIC022000', 'HIS015000', 'NAT045000', 'BIO026000', 'TRV009000', 'POE005010', 'SCI004000', 'FIC009000'];
const THEMA = ['FBA', 'FV', 'FF', 'NHD', 'WN', 'DNB', 'WT', 'DC', 'PG', 'FM'];
const KEYWORDS = ['coastal', 'family saga', 'mystery', 'maps', 'nature writing', 'memory', 'islands', 'friendship', 'winter', 'letters', 'history', 'travel'];
const FORMATS: { form: string; details: string[] }[] = [
  { form: 'BB', details: [] },
  { form: 'BC', details: ['B102'] },
  { form: 'ED', details: ['E101'] },
  { form: 'AJ', details: ['A103'] },
];

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so the same seed gives the same catalog. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The ISBN of generated title `index` (978-1-… with an 8-digit running number); independent of the seed. */
export function generatedIsbn(index: number): string {
  return completeIsbn13(`9781${String(index).padStart(8, '0')}`);
}

/**
 * Generated title number `index` (0-based): a valid, realistic title of about 1.5 KB as YAML. Titles come in groups of
 * four formats of one work (hardback, paperback, EPUB, audiobook) linked by `related`.
 */
export function generateTitle(index: number, seed = 1): Title {
  const next = random(seed * 1_000_003 + Math.floor(index / 4));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const work = Math.floor(index / 4);
  const format = FORMATS[index % 4];
  const first = pick(FIRST_NAMES);
  const last = pick(LAST_NAMES);
  const translated = next() < 0.2;
  const adjective = pick(ADJECTIVES);
  const noun = pick(NOUNS);
  const published = new Date(Date.UTC(2015 + Math.floor(next() * 13), Math.floor(next() * 12), 1 + Math.floor(next() * 28)));
  const forthcoming = published.getUTCFullYear() >= 2027;
  const usd = 12 + Math.floor(next() * 20) + 0.99;
  const audio = format.form === 'AJ';
  const digital = format.form === 'ED' || audio;
  const pages = 180 + Math.floor(next() * 400);
  const title: Title = {
    isbn: generatedIsbn(index),
    recordReference: generatedIsbn(index),
    productForm: format.form,
    productFormDetails: format.details,
    title: { prefix: next() < 0.4 ? 'The' : undefined, text: `${adjective} ${noun}`, subtitle: pick(SUBTITLES) },
    collection: next() < 0.3 ? { title: `The ${noun} Quartet`, number: String(1 + (work % 4)) } : undefined,
    contributors: [
      { roles: ['A01'], name: `${first} ${last}`, namesBeforeKey: first, keyNames: last, biography: `<p>${first} ${last} lives by the sea and has written ${2 + (work % 7)} books.</p>` },
      ...(translated ? [{ roles: ['B06'], name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}` }] : []),
      ...(audio ? [{ roles: ['E07'], name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}` }] : []),
    ],
    language: 'eng',
    originalLanguage: translated ? pick(['fre', 'ger', 'jpn', 'spa']) : undefined,
    pages: audio ? undefined : pages,
    durationMinutes: audio ? pages * 2 : undefined,
    subjects: { bisac: [pick(BISAC), pick(BISAC)].filter((c, i, a) => a.indexOf(c) === i), thema: [pick(THEMA)], keywords: [pick(KEYWORDS), pick(KEYWORDS), pick(KEYWORDS)].filter((c, i, a) => a.indexOf(c) === i) },
    descriptions: {
      long: `<p>In <em>${adjective} ${noun}</em>, ${first} ${last} follows three generations of a family bound to a stretch of coast that is slowly giving itself back to the sea.</p><p>A story about what we keep, what we let go, and the maps we draw to find our way home. <strong>Shortlisted for the Tidewater Prize.</strong></p><ul><li>For readers of literary fiction</li><li>Book club notes included</li></ul>`,
      short: `Three generations, one disappearing coastline: ${first} ${last}'s luminous story of family and memory.`,
    },
    cover: `https://covers.example.com/${generatedIsbn(index)}.jpg`,
    measures: digital ? {} : { height: { value: 216, unit: 'mm' }, width: { value: 138, unit: 'mm' }, thickness: { value: Math.round(pages / 12), unit: 'mm' }, weight: { value: 200 + pages, unit: 'gr' } },
    publisher: { name: 'Benchmark Books', imprint: pick(['Tidewater', 'Lantern Editions']) },
    publishingStatus: forthcoming ? 'forthcoming' : 'active',
    publicationDate: published.toISOString().slice(0, 10),
    salesRights: [{ type: 'exclusive', regions: ['WORLD'] }],
    related: FORMATS.map((_, i) => work * 4 + i)
      .filter((other) => other !== index)
      .map((other) => ({ relation: 'alternative-format' as const, isbn: generatedIsbn(other) })),
    supply: [
      { market: 'us', countries: ['US'], availability: forthcoming ? 'not-yet-available' : 'available', prices: [{ amount: usd, currency: 'USD', type: 'rrp-excluding-tax' }] },
      { market: 'ca', countries: ['CA'], availability: forthcoming ? 'not-yet-available' : 'available', prices: [{ amount: Math.round(usd * 137) / 100, currency: 'CAD', type: 'rrp-excluding-tax' }] },
    ],
  };
  // Drops the optional fields left undefined, so the title equals what loading its file gives back.
  return JSON.parse(JSON.stringify(title)) as Title;
}

/** The text of a title file as a publisher would keep it: defaults left out, editor schema reference first. */
export function renderTitleFile(title: Title, format: TitleFormat, schemaRef = '../../../config/title.schema.json'): string {
  const file: Record<string, unknown> = { ...title };
  if (title.recordReference === title.isbn) delete file.recordReference;
  for (const key of ['productFormDetails', 'contributors', 'salesRights', 'related'] as const) if (title[key].length === 0) delete file[key];
  if (Object.keys(title.measures).length === 0) delete file.measures;
  if (format === 'json') return `${JSON.stringify({ $schema: schemaRef, ...file }, null, 2)}\n`;
  return `# yaml-language-server: $schema=${schemaRef}\n${dump(file, { lineWidth: -1, noRefs: true })}`;
}

/** Options of {@link writeCatalog}. */
export interface WriteCatalogOptions {
  /** Repository root to write into (created when missing). */
  out: string;
  tenant: string;
  titles: number;
  format: TitleFormat;
  seed?: number;
}

/** Writes the tenant config and `titles` title files; returns the titles folder. */
export function writeCatalog(options: WriteCatalogOptions): string {
  const titlesDir = join(options.out, 'catalog', options.tenant, 'titles');
  const tenantsDir = join(options.out, 'config', 'tenants');
  mkdirSync(titlesDir, { recursive: true });
  mkdirSync(tenantsDir, { recursive: true });
  writeFileSync(join(tenantsDir, `${options.tenant}.yaml`), tenantYaml(options.tenant));
  for (let i = 0; i < options.titles; i++) {
    const title = generateTitle(i, options.seed);
    writeFileSync(join(titlesDir, `${title.isbn}.${options.format}`), renderTitleFile(title, options.format));
  }
  return titlesDir;
}

/**
 * A tenant config for generated data: an ONIX tenant on amazon.com with the given schedule (default daily 06:00 UTC).
 * `email` lets a benchmark edit the file without touching its schedule.
 */
export function tenantYaml(
  tenant: string,
  schedule: Pick<Schedule, 'frequency' | 'hour' | 'timezone' | 'titles'> & { dayOfWeek?: number } = { frequency: 'daily', hour: 6, timezone: 'UTC', titles: 'changed' },
  email = `metadata@${tenant}.example`,
): string {
  return `# yaml-language-server: $schema=../tenant.schema.json
name: Publisher ${tenant}
sender:
  name: Publisher ${tenant}
  email: ${email}
amazon:
  region: na
  marketplaceIds: [ATVPDKIKX0DER]
  delivery:
    format: onix
schedule:
  frequency: ${schedule.frequency}
  hour: ${schedule.hour}
${schedule.dayOfWeek === undefined ? '' : `  dayOfWeek: ${schedule.dayOfWeek}\n`}  timezone: ${schedule.timezone}
  titles: ${schedule.titles}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      titles: { type: 'string' },
      format: { type: 'string', default: 'yaml' },
      out: { type: 'string' },
      tenant: { type: 'string', default: 'bench' },
      seed: { type: 'string', default: '1' },
    },
  });
  const titles = Number(values.titles);
  if (!Number.isInteger(titles) || titles < 1 || !values.out || (values.format !== 'yaml' && values.format !== 'json')) {
    process.stderr.write('usage: generate-catalog.ts --titles N --format yaml|json --out DIR [--tenant T] [--seed S]\n');
    process.exit(2);
  }
  const started = performance.now();
  const dir = writeCatalog({ out: values.out, tenant: values.tenant!, titles, format: values.format, seed: Number(values.seed) });
  process.stdout.write(`wrote ${titles} titles to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
