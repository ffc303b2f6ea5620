/**
 * The sources bundled to JavaScript in about a second, for tests that start `cadence serve` many
 * times: each start from source spends seconds in tsx, which fifty restarts cannot afford. The bundle
 * is the one `npm run build:server` writes to dist/ (scripts/bundle.mjs: the same entry points,
 * packages and checks), without its type check (tsx does none either), into a folder of the test's own
 * under node_modules, so packages resolve as from src/. The other files of src/ (the common-password
 * list) are copied beside it.
 */
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleServer } from '../../scripts/bundle.mjs';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export async function buildQuickly(name: string): Promise<{ bin: string; remove(): void }> {
  const src = path.resolve('src');
  const out = path.resolve('node_modules/.cache', `cadence-${name}-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const all = filesUnder(src).filter((f) => !/\.test\.ts$|\/fixtures\//.test(f));
  const { problems } = await bundleServer(out);
  if (problems.length) throw new Error(`the test build failed as npm run build:server would:\n${problems.join('\n')}`);
  for (const asset of all.filter((f) => !f.endsWith('.ts'))) {
    const target = path.join(out, path.relative(src, asset));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(asset, target);
  }
  const bin = path.join(out, 'cadence.mjs');
  writeFileSync(bin, "import { runCli } from './cli/main.js';\nprocess.exitCode = await runCli(process.argv.slice(2), process);\n");
  return { bin, remove: () => rmSync(out, { recursive: true, force: true }) };
}
