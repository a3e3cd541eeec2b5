import { loadCatalog } from '../src/catalog/load.ts';
const r = await loadCatalog(process.argv[2], 'bench', { cacheDir: process.argv[3] });
(globalThis as any).gc();
console.log('titles', r.titles.length, 'heapUsed MB', Math.round(process.memoryUsage().heapUsed / 1e6), 'rss', Math.round(process.memoryUsage().rss / 1e6), 'peak', Math.round(process.resourceUsage().maxRSS / 1024));
