import { validateOnixFile } from './src/onix/validate-file.ts';
const file = process.argv[2];
const timer = setInterval(() => { const m = process.memoryUsage(); console.log('rss', Math.round(m.rss/1e6), 'heap', Math.round(m.heapUsed/1e6), 'ext', Math.round(m.external/1e6), 'ab', Math.round(m.arrayBuffers/1e6)); }, 2000);
const r = await validateOnixFile(file, { batchSize: Number(process.argv[3] ?? 500) });
clearInterval(timer);
console.log(r.valid, r.products, r.millis, 'ms', Math.round(process.resourceUsage().maxRSS/1024), 'MB');
