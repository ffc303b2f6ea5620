/**
 * The sources bundled to JavaScript in about a second, for tests that start `cadence serve` many
 * times: each start from source spends seconds in tsx, which fifty restarts cannot afford. Bundled
 * as `npm run build:server` bundles dist/ (esbuild, which tsx itself runs on; no type check, as tsx
 * does neither): file by file, each start opened and compiled about 500 of our modules, half of its
 * 3 s start-up on a loaded machine (issue #16). Packages stay in node_modules; the tree sits under
 * node_modules, so they resolve as from src/. The entry points are those of the real build: the
 * CLI, each migration (loaded by path) and the transcript worker; the other files (the
 * common-password list) are copied beside them.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Code that finds files beside itself does so from import.meta.url, which in a chunk is the chunk's: each module gets the URL its own file would have. */
function ownImportMetaUrl(src: string, out: string): Plugin {
  const root = pathToFileURL(`${out}${path.sep}`).href;
  return {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(`${src}${path.sep}`)) return undefined;
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const own = path.relative(src, args.path).split(path.sep).join('/').replace(/\.ts$/, '.js');
        return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(own)}, ${JSON.stringify(root)}).href`), loader: 'ts' };
      });
    },
  };
}

/**
 * The ES-module packages `npm run build:server` bundles (scripts/build.mjs), with what they import: from node_modules
 * Node opens, resolves and compiles each of their files on its own (kysely alone is 262, zod 95). Those whose classes
 * are checked (zod schemas, Yjs documents) go in with every package that imports them, so a process holds one copy.
 */
const BUNDLED = new Set(['kysely', 'zod', 'fastify-type-provider-zod', 'yjs', 'lib0', 'y-protocols', 'uuidv7']);
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
function bundleOnly(nodeModules: string): Plugin {
  return {
    name: 'bundle-only',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        if (BUNDLED.has(packageOf(args.path)) || args.importer.startsWith(nodeModules)) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

export async function buildQuickly(name: string): Promise<{ bin: string; remove(): void }> {
  const src = path.resolve('src');
  const out = path.resolve('node_modules/.cache', `cadence-${name}-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  const all = filesUnder(src).filter((f) => !/\.test\.ts$|\/fixtures\//.test(f));
  const migrations = all.filter((f) => f.startsWith(path.join(src, 'store', 'migrations') + path.sep) && /\.ts$/.test(f) && !/\.d\.ts$/.test(f));
  await build({
    entryPoints: [path.join(src, 'cli/main.ts'), path.join(src, 'services/meetings/transcript-worker-entry.ts'), ...migrations],
    outdir: out,
    outbase: src,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
    // Bundled CommonJS calls require() for Node's own modules.
    banner: { js: "import { createRequire as __cadenceCreateRequire } from 'node:module'; const require = __cadenceCreateRequire(import.meta.url);" },
    plugins: [bundleOnly(`${path.resolve('node_modules')}${path.sep}`), ownImportMetaUrl(src, out)],
  });
  for (const asset of all.filter((f) => !f.endsWith('.ts'))) {
    const target = path.join(out, path.relative(src, asset));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(asset, target);
  }
  const bin = path.join(out, 'cadence.mjs');
  writeFileSync(bin, "import { runCli } from './cli/main.js';\nprocess.exitCode = await runCli(process.argv.slice(2), process);\n");
  return { bin, remove: () => rmSync(out, { recursive: true, force: true }) };
}
