import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printResult, saveResult, type BenchResult } from './harness.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** `npm run bench [-- NAME…]`: runs every bench/*.bench.ts, or the named ones. */
export async function runBenchmarks(names: string[]): Promise<void> {
  const files = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => names.length === 0 || names.includes(f.replace('.bench.ts', '')))
    .sort();
  if (files.length === 0) {
    console.error(
      `no benchmark named ${names.join(', ')}; have: ${readdirSync(here)
        .filter((f) => f.endsWith('.bench.ts'))
        .map((f) => f.replace('.bench.ts', ''))
        .join(', ')}`,
    );
    process.exitCode = 2;
    return;
  }
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: () => Promise<BenchResult | BenchResult[]> };
    const results = await mod.default();
    for (const result of Array.isArray(results) ? results : [results]) {
      printResult(result);
      console.log(`→ ${path.relative(process.cwd(), saveResult(result))}`);
    }
  }
}
