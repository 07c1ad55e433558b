/**
 * `npm run bench`: runs every benchmark module in bench/ (each runs on import), one after another, in name
 * order. Add a benchmark by adding a file here; `npm run bench -- NAME…` runs only the named ones.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2).map((a) => a.replace(/\.ts$/, ''));
const modules = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();

for (const file of modules) {
  console.log(`\n### bench/${file}`);
  try {
    await import(pathToFileURL(`${dir}${file}`).href);
  } catch (error) {
    process.exitCode = 1;
    console.error(`bench/${file} failed: ${(error as Error).stack ?? String(error)}`);
  }
}
