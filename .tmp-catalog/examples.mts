// One-off builder of the example catalogs (not committed: the plain files are).
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { completeIsbn13 } from '../src/catalog/isbn.ts';
import { renderTitleFile } from '../scripts/generate-catalog.ts';
import type { Title, Contributor, Supply } from '../src/catalog/title.ts';

type Fmt = 'HB' | 'PB' | 'EPUB' | 'AUDIO';
interface Edition { fmt: Fmt; json?: boolean; price: [number, number]; status?: Title['publishingStatus']; availability?: Supply['availability']; date?: string; extra?: Partial<Title>; onSale?: string; unpriced?: Supply['unpriced'] }
interface Work {
  title: Title['title']; contributors: Contributor[]; reader?: Contributor; language?: string; originalLanguage?: string;
  pages: number; minutes?: number; bisac: string[]; thema: string[]; keywords: string[]; long: string; short: string;
  imprint?: string; date: string; secondEditionReplaces?: boolean; status?: Title['publishingStatus']; collection?: Title['collection']; editions: Edition[]; edition?: Title['edition'];
}
interface Tenant { id: string; publisher: string; prefix: string; markets: [Supply, Supply]; currencies: [string, string]; priceType: Title['supply'][0]['prices'][0]['type']; rights: Title['salesRights']; }

const FORM: Record<Fmt, { form: string; details: string[] }> = {
  HB: { form: 'BB', details: ['B501'] }, PB: { form: 'BC', details: [] }, EPUB: { form: 'ED', details: ['E101'] }, AUDIO: { form: 'AJ', details: ['A103'] },
};

function build(tenant: Tenant, works: Work[], paperbackDetail: string) {
  let n = 0;
  const dir = `catalog/${tenant.id}/titles`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const work of works) {
    const isbns = work.editions.map(() => completeIsbn13(`${tenant.prefix}${String(++n).padStart(12 - tenant.prefix.length, '0')}`));
    work.editions.forEach((ed, i) => {
      const f = FORM[ed.fmt];
      const print = ed.fmt === 'HB' || ed.fmt === 'PB';
      const status = ed.status ?? work.status ?? 'active';
      const forthcoming = status === 'forthcoming';
      const availability = ed.availability ?? (forthcoming ? 'not-yet-available' : status === 'out-of-print' ? 'no-longer-supplied' : 'available');
      const supply = tenant.markets.map((m, k): Supply => ({
        ...m, availability, onSaleDate: ed.onSale,
        prices: ed.unpriced ? [] : [{ amount: ed.price[k], currency: tenant.currencies[k], type: tenant.priceType }],
        unpriced: ed.unpriced,
      }));
      const title: Title = {
        isbn: isbns[i], recordReference: isbns[i], productForm: f.form,
        productFormDetails: ed.fmt === 'PB' ? [paperbackDetail] : ed.fmt === 'HB' && i % 2 === 1 ? [] : f.details,
        title: work.title, collection: work.collection,
        contributors: ed.fmt === 'AUDIO' && work.reader ? [...work.contributors, work.reader] : work.contributors,
        edition: work.edition,
        language: work.language ?? 'eng', originalLanguage: work.originalLanguage,
        pages: ed.fmt === 'AUDIO' ? undefined : work.pages,
        durationMinutes: ed.fmt === 'AUDIO' ? work.minutes : undefined,
        subjects: { bisac: work.bisac, thema: work.thema, keywords: work.keywords },
        descriptions: { long: work.long, short: work.short },
        cover: `https://media.${tenant.id}.example/covers/${isbns[i]}.jpg`,
        measures: print ? (ed.fmt === 'HB'
          ? { height: { value: 234, unit: 'mm' }, width: { value: 153, unit: 'mm' }, thickness: { value: Math.round(work.pages / 11), unit: 'mm' }, weight: { value: 180 + work.pages * 1.4 | 0, unit: 'gr' } }
          : { height: { value: 198, unit: 'mm' }, width: { value: 129, unit: 'mm' }, thickness: { value: Math.round(work.pages / 14), unit: 'mm' }, weight: { value: 120 + work.pages | 0, unit: 'gr' } }) : {},
        publisher: { name: tenant.publisher, imprint: work.imprint },
        publishingStatus: status,
        publicationDate: status === 'cancelled' ? undefined : ed.date ?? work.date,
        salesRights: tenant.rights,
        related: work.secondEditionReplaces ? [{ relation: i === 0 ? 'replaced-by' as const : 'replaces' as const, isbn: isbns[1 - i] }] : isbns.filter((_, j) => j !== i).map((isbn) => ({ relation: 'alternative-format' as const, isbn })),
        supply,
        ...ed.extra,
      };
      const clean = JSON.parse(JSON.stringify(title)) as Title;
      writeFileSync(`${dir}/${clean.isbn}.${ed.json ? 'json' : 'yaml'}`, renderTitleFile(clean, ed.json ? 'json' : 'yaml'));
    });
  }
  console.log(tenant.id, n);
}

const person = (name: string, roles: string[], bio?: string, isni?: string): Contributor => {
  const parts = name.split(' ');
  return JSON.parse(JSON.stringify({ roles, name, namesBeforeKey: parts.slice(0, -1).join(' '), keyNames: parts.at(-1), biography: bio, isni }));
};

// ---------------- Harbour Lane Press (UK) ----------------
const harbour: Tenant = {
  id: 'harbour-lane', publisher: 'Harbour Lane Press', prefix: '978191762',
  markets: [{ market: 'gb', countries: ['GB', 'IE'], availability: 'available', prices: [] }, { market: 'de', countries: ['DE', 'AT'], availability: 'available', prices: [] }],
  currencies: ['GBP', 'EUR'], priceType: 'rrp-including-tax',
  rights: [{ type: 'exclusive', countries: ['GB', 'IE'] }, { type: 'non-exclusive', countries: ['DE', 'AT'] }],
};
const penhallow = person('Eleanor Penhallow', ['A01'], '<p>Eleanor Penhallow grew up in a fishing village near <em>Mousehole</em> and now teaches creative writing in Falmouth. <strong>The Salt Road</strong> is her third novel.</p>', '0000000121032683');
build(harbour, [
  {
    title: { prefix: 'The', text: 'Salt Road', subtitle: 'A Novel' }, contributors: [penhallow], reader: person('Morwenna Tregothnan', ['E07']),
    pages: 384, minutes: 712, bisac: ['FIC019000', 'FIC014000'], thema: ['FBA', '1DDU-GB-EC'], keywords: ['Cornwall', 'pilchard fishery', 'family saga', 'nineteenth century'],
    long: '<p>Cornwall, 1871. When the pilchard shoals fail and her father is lost at sea, <em>Jenna Rowe</em> walks the old salt road to Truro with nothing but a ledger of debts and a talent for figures.</p><p>A sweeping, salt-bitten novel about work, grief and the women who kept a coast alive.</p><ul><li>"Unputdownable." <strong>The Coastal Review</strong></li><li>Reading group guide included</li></ul>',
    short: 'Cornwall, 1871: a fisherman\'s daughter walks the old salt road to Truro to pay her family\'s debts.', imprint: 'Harbour Lane', date: '2025-04-10',
    editions: [{ fmt: 'HB', price: [20, 24] }, { fmt: 'PB', price: [10.99, 13.5], date: '2026-03-12' }, { fmt: 'EPUB', price: [7.99, 9.99], json: true }, { fmt: 'AUDIO', price: [19.99, 22.99] }],
  },
  {
    title: { text: 'Tide Tables & Other Lies', subtitle: 'Stories from the Estuary' }, contributors: [person('Rhiannon Vale', ['B01'], '<p>Rhiannon Vale edits the quarterly <em>Estuary</em>.</p>'), person('Tomás Ó Faoláin', ['A01']), person('Grace Adeyemi-Holt', ['A01'])],
    pages: 256, bisac: ['FIC029000', 'FIC019000'], thema: ['FYB', 'FBA'], keywords: ['short stories', 'anthology', 'estuary', 'coastal life'],
    long: '<p>Fourteen stories of mudflats, ferries and half-truths, gathered from writers who live where the river meets the sea.</p><p>Featuring new work by <strong>Tomás Ó Faoláin</strong> and <strong>Grace Adeyemi-Holt</strong>.</p>',
    short: 'Fourteen new stories of mudflats, ferries and half-truths from writers who live where the river meets the sea.', imprint: 'Harbour Lane', date: '2024-09-05',
    editions: [{ fmt: 'PB', price: [12.99, 15] }, { fmt: 'EPUB', price: [6.99, 8.49] }, { fmt: 'HB', price: [18.99, 22] }],
  },
  {
    title: { prefix: 'The', text: 'Night Library', subtitle: '夜の図書館' }, contributors: [person('Miyuki Satō', ['A01'], '<p>Miyuki Satō (佐藤美雪) was born in Kanazawa. <em>夜の図書館</em> won the Izumi Kyōka Prize in 2021.</p>'), person('Jonathan Ashby', ['B06'], '<p>Jonathan Ashby translates from Japanese and lives in Norwich.</p>')],
    reader: person('Hana Whitfield-Mori', ['E07']), originalLanguage: 'jpn',
    pages: 272, minutes: 498, bisac: ['FIC019000', 'FIC061000'], thema: ['FBA', 'FV', '1FPJ'], keywords: ['Japanese fiction in translation', 'libraries', 'Kanazawa', 'grief'],
    long: '<p>Every night at 11 p.m., a library opens in a Kanazawa back street for readers who cannot sleep. Its librarian lends only books that were never finished.</p><p>Translated from the Japanese <em>夜の図書館</em> by Jonathan Ashby.</p>',
    short: 'A library in Kanazawa that opens only at night lends books that were never finished. Translated from the Japanese.', imprint: 'Lantern Editions', date: '2025-10-02',
    editions: [{ fmt: 'HB', price: [16.99, 19.99] }, { fmt: 'PB', price: [9.99, 12], date: '2026-08-06' }, { fmt: 'EPUB', price: [6.99, 8.99], json: true }, { fmt: 'AUDIO', price: [17.99, 20.99] }],
  },
  {
    title: { text: 'Café Society', subtitle: 'Émigrés, Artists and Informers in Paris, 1920–1939' }, contributors: [person('Hélène Marchetti-Brown', ['A01'], '<p>Hélène Marchetti-Brown is Reader in Modern European History at the University of Bristol.</p>')],
    pages: 448, bisac: ['HIS013000', 'HIS037070'], thema: ['NHD', '1DDF-FA-P', '3MPB'], keywords: ['Paris', 'interwar', 'émigrés', 'cafés', 'surveillance'],
    long: '<p>From the terraces of Montparnasse to the files of the <em>Préfecture de police</em>, a group portrait of the exiles who made Paris the capital of the twentieth century, and of the informers who watched them.</p><ol><li>The Dôme and the Rotonde</li><li>Russian Paris</li><li>Watchers</li></ol>',
    short: 'A group portrait of interwar Paris: the exiles who filled its cafés and the police informers who watched them.', imprint: 'Harbour Lane', date: '2023-02-16',
    editions: [{ fmt: 'HB', price: [25, 30] }, { fmt: 'PB', price: [14.99, 17.99], date: '2024-02-15' }, { fmt: 'EPUB', price: [9.99, 11.99] }],
  },
  {
    title: { text: 'Less Than <3', subtitle: 'Love Letters in the Age of the Text Message' }, contributors: [person('Poppy Lancaster', ['A01']), person('Ade Okonjo', ['A12'], '<p>Ade Okonjo is an illustrator and printmaker based in Leeds.</p>')],
    pages: 160, bisac: ['HUM012000', 'FAM029000'], thema: ['WHJ', 'JBFK'], keywords: ['love letters', 'texting', 'humour', 'gift book', 'illustrated'],
    long: '<p>Two hundred real (anonymised) text messages, from <em>"u up?"</em> to marriage proposals, with illustrations by Ade Okonjo.</p><p>The perfect gift for anyone who has ever typed &lt;3 and meant it.</p>',
    short: 'Two hundred real text messages of love and longing, illustrated: the perfect gift for anyone who has typed <3 and meant it.', imprint: 'Lantern Editions', date: '2026-01-22',
    editions: [{ fmt: 'HB', price: [12.99, 15.99] }, { fmt: 'EPUB', price: [5.99, 6.99] }],
  },
  {
    title: { prefix: 'A', text: 'Field Guide to British Lichens' }, contributors: [person('Alasdair Kerr', ['A01']), person('Isla Munro', ['A13'])], edition: { number: 1 },
    pages: 320, bisac: ['NAT026000', 'SCI011000'], thema: ['PSTD', 'WNR', '1DDU'], keywords: ['lichens', 'field guide', 'British flora', 'identification'],
    long: '<p>The classic identification guide to more than 400 lichens of Britain and Ireland, with photographs by Isla Munro.</p>',
    short: 'The classic identification guide to more than 400 lichens of Britain and Ireland.', imprint: 'Harbour Lane', date: '2009-05-14', status: 'out-of-print', secondEditionReplaces: true,
    editions: [{ fmt: 'PB', price: [19.99, 24], availability: 'no-longer-supplied' }, { fmt: 'HB', price: [35, 42], status: 'forthcoming', date: '2027-03-18', onSale: '2027-03-18', extra: { edition: { number: 2, statement: 'Second edition, revised and expanded' } } }],
  },
  {
    title: { prefix: 'The', text: 'Cartographer\'s Daughter' }, contributors: [penhallow], reader: person('Morwenna Tregothnan', ['E07']),
    pages: 416, minutes: 780, bisac: ['FIC014000', 'FIC019000'], thema: ['FV', 'FBA'], keywords: ['maps', 'Admiralty charts', 'Falmouth', 'historical fiction'],
    long: '<p>Falmouth, 1889. <em>Kitty Rowe</em> draws the Admiralty charts her father signs, until a survey of the Manacles reveals a rock that is not on any map.</p><p><strong>The new novel from the author of The Salt Road.</strong></p>',
    short: 'Falmouth, 1889: a chart-maker\'s daughter finds a rock that is on no map. The new novel from the author of The Salt Road.', imprint: 'Harbour Lane', date: '2027-05-06', status: 'forthcoming',
    editions: [{ fmt: 'HB', price: [20, 24], onSale: '2027-05-06' }, { fmt: 'EPUB', price: [9.99, 11.99], json: true }, { fmt: 'AUDIO', price: [21.99, 24.99] }],
  },
  {
    title: { text: 'Weathering', subtitle: 'Poems' }, contributors: [person('Siân Llewellyn', ['A01'], '<p>Siân Llewellyn writes in Welsh and English and lives in Aberystwyth.</p>')],
    pages: 88, bisac: ['POE005050', 'POE000000'], thema: ['DCF', '1DDU-GB-W'], keywords: ['poetry', 'Wales', 'weather', 'landscape'],
    long: '<p>Poems of rain, slate and the long Welsh coast.<br/>Shortlisted for the <em>Wales Book of the Year</em>.</p>',
    short: 'Poems of rain, slate and the long Welsh coast.', imprint: 'Lantern Editions', date: '2025-06-19',
    editions: [{ fmt: 'PB', price: [10.99, 13] }, { fmt: 'EPUB', price: [5.99, 6.99], extra: { salesRights: [{ type: 'exclusive', regions: ['WORLD'] }] } }],
  },
  {
    title: { prefix: 'The', text: 'Kitchen Garden Year', subtitle: 'Twelve Months of Growing and Cooking' }, contributors: [person('Beatrix Ollerenshaw', ['A01']), person('Sam Reddy', ['A01']), person('Juno Whitcombe', ['A12'])],
    pages: 304, bisac: ['CKB086000', 'GAR025000'], thema: ['WBTM', 'WMPF'], keywords: ['kitchen garden', 'seasonal cooking', 'vegetables', 'allotment'],
    long: '<p>Month by month, what to sow, what to pick and what to cook with it.</p><ul><li>120 recipes</li><li>Planting calendars for every month</li><li>Illustrated throughout by Juno Whitcombe</li></ul>',
    short: 'Month by month, what to sow, what to pick and what to cook with it: 120 recipes and planting calendars.', imprint: 'Harbour Lane', date: '2024-03-07',
    editions: [{ fmt: 'HB', price: [26, 31] }, { fmt: 'PB', price: [16.99, 19.99], date: '2025-03-06' }, { fmt: 'EPUB', price: [11.99, 13.99] }],
  },
], 'B105');

// ---------------- Northwind Books (US) ----------------
const northwind: Tenant = {
  id: 'northwind-books', publisher: 'Northwind Books', prefix: '978196854',
  markets: [{ market: 'us', countries: ['US'], availability: 'available', prices: [] }, { market: 'ca', countries: ['CA'], availability: 'available', prices: [] }],
  currencies: ['USD', 'CAD'], priceType: 'rrp-excluding-tax',
  rights: [{ type: 'exclusive', countries: ['US', 'CA'] }],
};
const lindgren = person('Karin Lindgren-Hayes', ['A01'], '<p>Karin Lindgren-Hayes grew up on a wheat farm near <em>Minot, North Dakota</em>. Her first novel won the Plains Book Award.</p>');
build(northwind, [
  {
    title: { text: 'Prairie Fire Season' }, contributors: [lindgren], reader: person('Dakota Redfeather', ['E07']),
    pages: 352, minutes: 645, bisac: ['FIC019000', 'FIC045000'], thema: ['FBA', '1KBB-US-WMN'], keywords: ['North Dakota', 'wildfire', 'farm families', 'literary fiction'],
    long: '<p>When a late-summer grassfire jumps the section line, three neighboring families have twelve hours to decide what they will save.</p><p><strong>"A novel as wide as the sky it is set under."</strong></p>',
    short: 'A grassfire jumps the section line, and three North Dakota farm families have twelve hours to decide what to save.', imprint: 'Northwind', date: '2025-08-19',
    editions: [{ fmt: 'HB', price: [28, 37] }, { fmt: 'PB', price: [18.99, 24.99], date: '2026-08-18' }, { fmt: 'EPUB', price: [14.99, 18.99], json: true }, { fmt: 'AUDIO', price: [24.95, 32.95] }],
  },
  {
    title: { prefix: 'The', text: 'Quantum Garden', subtitle: 'How Plants Compute' }, contributors: [person('Amara Osei-Whitfield', ['A01'], '<p>Amara Osei-Whitfield is a plant biophysicist at the University of Minnesota.</p>'), person('Lucas Bergström', ['A24'])],
    reader: person('Amara Osei-Whitfield', ['E07']),
    pages: 288, minutes: 540, bisac: ['SCI011000', 'SCI057000'], thema: ['PST', 'PHQ'], keywords: ['photosynthesis', 'quantum biology', 'plants', 'popular science'],
    long: '<p>Leaves solve, in femtoseconds, a routing problem that stumps our best computers. Osei-Whitfield explains how, and what it means for solar power.</p><ul><li>Foreword by Lucas Bergström</li><li>32 color illustrations</li></ul>',
    short: 'How leaves solve, in femtoseconds, a problem that stumps our best computers, and what it means for solar power.', imprint: 'Northwind Science', date: '2024-10-08',
    editions: [{ fmt: 'HB', price: [30, 40] }, { fmt: 'EPUB', price: [16.99, 21.99] }, { fmt: 'AUDIO', price: [27.5, 35] }],
  },
  {
    title: { text: 'Señora Ramírez Opens a Bakery' }, contributors: [person('Lucía Fernández-Okoro', ['A01']), person('Théo Marchand', ['A12'])],
    pages: 40, bisac: ['JUV039060', 'JUV011040'], thema: ['YBCS', '5AF'], keywords: ['picture book', 'bakery', 'community', 'bilingual'],
    long: '<p>Every morning Señora Ramírez bakes <em>pan dulce</em> for the whole street. Then the oven breaks.</p><p>A warm picture book about neighbors, with recipes in English and Spanish.</p>',
    short: 'Every morning Señora Ramírez bakes pan dulce for the whole street. Then the oven breaks.', imprint: 'Northwind Kids', date: '2026-04-14',
    editions: [{ fmt: 'HB', price: [18.99, 24.99] }, { fmt: 'EPUB', price: [9.99, 12.99], json: true }],
  },
  {
    title: { text: 'Code & Country', subtitle: 'How the Telegraph Wired America' }, contributors: [person('Marcus J. Whitaker', ['A01'])],
    pages: 512, bisac: ['HIS036000', 'TEC041000'], thema: ['NHK', 'TJK', '1KBB'], keywords: ['telegraph', 'Morse code', 'nineteenth-century America', 'communications history'],
    long: '<p>From Morse\'s first message to the transcontinental line of 1861: how a network of wires and operators remade American business, war and news.</p>',
    short: 'How a network of wires and operators remade American business, war and news, from Morse to 1861.', imprint: 'Northwind', date: '2023-05-02',
    editions: [{ fmt: 'HB', price: [35, 46] }, { fmt: 'PB', price: [21, 27.5], date: '2024-05-07' }, { fmt: 'EPUB', price: [17.99, 22.99] }],
  },
  {
    title: { text: 'Hello, <World>', subtitle: 'A Programmer\'s Memoir' }, contributors: [person('Priya Raman-Castillo', ['A01'])],
    pages: 240, bisac: ['BIO015000', 'COM051000'], thema: ['DNB', 'UM'], keywords: ['software', 'memoir', 'women in tech', 'Silicon Valley'],
    long: '<p>From a first <em>print("hello")</em> on a library computer in Queens to leading a team of two hundred engineers: a frank, funny memoir of a life in code.</p>',
    short: 'From a library computer in Queens to leading two hundred engineers: a frank, funny memoir of a life in code.', imprint: 'Northwind', date: '2026-02-03',
    editions: [{ fmt: 'PB', price: [19.99, 25.99] }, { fmt: 'EPUB', price: [12.99, 16.99] }],
  },
  {
    title: { prefix: 'The', text: 'Ferryman\'s Song', subtitle: '摆渡人之歌' }, contributors: [person('Chen Yuling', ['A01'], '<p>Chen Yuling (陈雨玲) lives in Chongqing. This is her first novel to appear in English.</p>'), person('Daniel Ng-Forsythe', ['B06'])],
    originalLanguage: 'chi', pages: 336, bisac: ['FIC019000', 'FIC061000'], thema: ['FBA', '1FPC'], keywords: ['Chinese fiction in translation', 'Yangtze', 'Three Gorges', 'family'],
    long: '<p>For forty years Old Tan has carried passengers across the Yangtze. When the Three Gorges reservoir begins to rise, he makes one last crossing.</p><p>Translated from the Chinese <em>摆渡人之歌</em> by Daniel Ng-Forsythe.</p>',
    short: 'An old ferryman makes one last crossing of the Yangtze as the Three Gorges reservoir rises. Translated from the Chinese.', imprint: 'Northwind', date: '2025-11-11',
    editions: [{ fmt: 'HB', price: [27, 35] }, { fmt: 'PB', price: [17.99, 23.99], date: '2026-11-10' }, { fmt: 'EPUB', price: [13.99, 17.99] }],
  },
  {
    title: { text: 'Northern Lights over Duluth' }, contributors: [lindgren],
    pages: 368, bisac: ['FIC045000', 'FIC019000'], thema: ['FBA', 'FXB'], keywords: ['Lake Superior', 'Duluth', 'aurora', 'winter'],
    long: '<p>The new novel from the author of <em>Prairie Fire Season</em>: a winter on Lake Superior, a missing sister, and a sky on fire.</p>',
    short: 'A winter on Lake Superior, a missing sister, and a sky on fire. The new novel from the author of Prairie Fire Season.', imprint: 'Northwind', date: '2027-02-09', status: 'forthcoming',
    editions: [{ fmt: 'HB', price: [28, 37], onSale: '2027-02-09' }, { fmt: 'EPUB', price: [14.99, 18.99] }],
  },
  {
    title: { text: 'Birding the Great Lakes', subtitle: 'A Site Guide' }, contributors: [person('Walter Kowalczyk', ['A01'])],
    pages: 296, bisac: ['NAT043000', 'TRV025080'], thema: ['WNCB', '1KBB-US-M'], keywords: ['birding', 'Great Lakes', 'site guide'],
    long: '<p>Two hundred birding sites around the Great Lakes, with maps and seasonal checklists.</p>',
    short: 'Two hundred birding sites around the Great Lakes, with maps and seasonal checklists.', imprint: 'Northwind', date: '2011-04-12', status: 'out-of-print',
    editions: [{ fmt: 'PB', price: [24.95, 29.95], availability: 'no-longer-supplied' }],
  },
  {
    title: { text: 'North of Ordinary', subtitle: 'New Stories from the Upper Midwest' }, contributors: [person('Ruth Abernathy', ['B01'], '<p>Ruth Abernathy teaches fiction at Macalester College.</p>'), person('Ji-woo Park', ['A01']), person('Ezra Thunderbird', ['A01']), person('Sofía Gutiérrez', ['A01'])],
    pages: 304, bisac: ['FIC029000', 'FIC019000'], thema: ['FYB'], keywords: ['anthology', 'short stories', 'Midwest'],
    long: '<p>Eighteen new stories from Minnesota, Wisconsin and the Dakotas, edited by Ruth Abernathy.</p>',
    short: 'Eighteen new stories from Minnesota, Wisconsin and the Dakotas.', imprint: 'Northwind', date: '2026-06-02',
    editions: [{ fmt: 'PB', price: [18.99, 24.99] }, { fmt: 'EPUB', price: [9.99, 12.99], json: true }],
  },
  {
    title: { text: 'Northwind Spring 2027 Sampler' }, contributors: [{ roles: ['B01'], corporateName: 'Northwind Books' }],
    pages: 120, bisac: ['LIT004020'], thema: ['FYB'], keywords: ['sampler', 'free', 'excerpts'],
    long: '<p>Free excerpts from six Northwind books coming in spring 2027.</p>',
    short: 'Free excerpts from six Northwind books coming in spring 2027.', imprint: 'Northwind', date: '2026-12-01', status: 'forthcoming',
    editions: [{ fmt: 'EPUB', price: [0, 0], unpriced: 'free', onSale: '2026-12-01' }],
  },
  {
    title: { prefix: 'The', text: 'Lighthouse Keeper\'s Almanac' }, contributors: [person('Henrietta Moss', ['A01']), person('Olu Adebayo', ['A12'])], reader: person('Corinne Lavallée', ['E07']),
    pages: 224, minutes: 380, bisac: ['NAT045030', 'HIS036000'], thema: ['WN', 'RGL'], keywords: ['lighthouses', 'Great Lakes', 'almanac', 'maritime history'],
    long: '<p>A year in the life of the Split Rock light, 1925, told through the keeper\'s logbook, weather records and recipes.</p>',
    short: 'A year at the Split Rock light in 1925, told through the keeper\'s logbook, weather records and recipes.', imprint: 'Northwind', date: '2022-09-20',
    editions: [{ fmt: 'PB', price: [17, 22] }, { fmt: 'EPUB', price: [9.99, 12.99] }, { fmt: 'AUDIO', price: [19.95, 25.95] }],
  },
], 'B102');
