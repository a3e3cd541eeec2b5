const timer = setInterval(() => { const m = process.memoryUsage(); console.error('rss', Math.round(m.rss/1e6), 'heap', Math.round(m.heapUsed/1e6), 'ext', Math.round(m.external/1e6)); }, 3000);
timer.unref();
process.argv.push('--child', 'writer+xsd', '--titles', '100000', '--dir', '/tmp/onixproto/b100');
await import('./scripts/bench-onix.ts');
