import { loadCatalog } from '../src/catalog/load.ts';
const r = await loadCatalog(process.argv[2], 'bench');
(globalThis as any).gc();
console.log('titles', r.titles.length, 'heapUsed MB', Math.round(process.memoryUsage().heapUsed / 1e6), 'rss', Math.round(process.memoryUsage().rss / 1e6));
