import { readdirSync, readFileSync } from 'node:fs';
import { load, CORE_SCHEMA } from 'js-yaml';
import { parseTitleFile } from '/work/main/src/catalog/parse-title.ts';
const dir = '/tmp/gen1/catalog/bench/titles/';
const texts = readdirSync(dir).map((n) => [n, readFileSync(dir + n, 'utf8')] as const);
for (let r = 0; r < 3; r++) {
let t = performance.now();
const vals = texts.map(([, s]) => load(s, { schema: CORE_SCHEMA }));
const tl = performance.now() - t;
t = performance.now();
const js = vals.map((v) => JSON.stringify(v));
const tj = performance.now() - t; t = performance.now();
js.forEach((s) => JSON.parse(s));
const tp = performance.now() - t; t = performance.now();
let bad = 0;
for (const [n, s] of texts) { const r = parseTitleFile('catalog/bench/titles/' + n, s); if (!r.title) { bad++; if (bad < 3) console.log(r.problems); } }
console.log({ jsyaml: tl / texts.length, stringify: tj / texts.length, jsonparse: tp / texts.length, full: (performance.now() - t) / texts.length, bad });
}
