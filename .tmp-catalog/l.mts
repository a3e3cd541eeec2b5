import { loadCatalog } from '../src/catalog/load.ts';
const [root, tenant, cache] = process.argv.slice(2);
const t = performance.now();
const r = await loadCatalog(root, tenant, cache ? { cacheDir: cache } : {});
console.log(r.titles.length, r.problems.length, r.problems.slice(0, 5), ((performance.now() - t) / 1000).toFixed(2) + 's', Math.round(process.memoryUsage().rss / 1e6) + 'MB');
