let t=performance.now(); const lap=(l)=>{const n=performance.now(); console.log(l.padEnd(20), Math.round(n-t)); t=n;};
await import('opencc-js'); lap('opencc');
await import('@node-rs/jieba'); lap('jieba');
await import('@node-rs/jieba/dict.js'); lap('jieba dict');
await import('yaml'); lap('yaml');
await import('zod'); lap('zod');
await import('minisearch'); lap('minisearch');
await import('./dist/knowledge/load-engine.js'); lap('rest of load-engine');
