/**
 * The sources compiled to JavaScript in about a second, for tests that start `cadence serve` many
 * times: each start from source spends seconds in tsx, which fifty restarts cannot afford. Each
 * file is transpiled on its own (esbuild, which tsx itself runs on; no type check, as tsx does
 * neither), its relative `.ts` imports renamed `.js`, the other files (the common-password list)
 * copied beside them. The tree sits under node_modules, so packages resolve as from src/.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export async function buildQuickly(name: string): Promise<{ bin: string; remove(): void }> {
  const src = path.resolve('src');
  const out = path.resolve('node_modules/.cache', `cadence-${name}-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const all = filesUnder(src).filter((f) => !/\.test\.ts$|\/fixtures\//.test(f));
  const sources = all.filter((f) => f.endsWith('.ts'));
  await build({ entryPoints: sources, outdir: out, outbase: src, bundle: false, format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  for (const file of filesUnder(out)) {
    const code = readFileSync(file, 'utf8').replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1$2.js$3');
    writeFileSync(file, code);
  }
  for (const asset of all.filter((f) => !f.endsWith('.ts'))) {
    const target = path.join(out, path.relative(src, asset));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(asset, target);
  }
  const bin = path.join(out, 'cadence.mjs');
  writeFileSync(bin, "import { runCli } from './cli/main.js';\nprocess.exitCode = await runCli(process.argv.slice(2), process);\n");
  return { bin, remove: () => rmSync(out, { recursive: true, force: true }) };
}
