// `npm run build:server`: type-checks the server and CLI, bundles them into dist/ and stamps the build,
// so bin/cadence.js knows the compiled code is current. `npm run build` also builds the web app.
//
// Bundled rather than compiled file by file (issue #16): Node loads each ES module file on its own, and
// a `cadence due` used to open about 500 of them (kysely alone is 262, zod 95) before running a query.
// Our code and the pure ES-module packages below go into a few shared chunks; a command still loads
// only the chunks it reaches, as the CLI imports each command's module when it runs.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Packages bundled with our code. Each is ES modules only, and every package that imports it is
 * bundled too, so a process never holds two copies (zod schemas and Yjs documents check their own
 * classes). Everything else stays in node_modules: CommonJS, native code, files read beside a
 * package's own code.
 */
const BUNDLED = new Set(['kysely', 'zod', 'fastify-type-provider-zod', 'yjs', 'lib0', 'y-protocols']);
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const keepOthersInNodeModules = {
  name: 'node-modules-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.has(packageOf(args.path)) ? undefined : { path: args.path, external: true }));
  },
};

/**
 * Code that finds files beside itself (the web app, the migrations, the transcript worker, the
 * password list) computes them from import.meta.url. In a chunk that URL is the chunk's, so each
 * module's import.meta.url becomes the URL its own compiled file would have in dist/.
 */
const ownImportMetaUrl = {
  name: 'own-import-meta-url',
  setup(b) {
    const src = path.resolve('src');
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(`${src}${path.sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const inDist = path.relative(src, args.path).split(path.sep).join('/').replace(/\.ts$/, '.js');
      const distRoot = "import.meta.url.slice(0, import.meta.url.lastIndexOf('/dist/') + 6)";
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(inDist)}, ${distRoot}).href`), loader: 'ts' };
    });
  },
};

rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--noEmit'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('build failed: the TypeScript errors above must be fixed first (bin/cadence.js keeps running the sources through tsx)');
  process.exit(1);
}

// Entry points: the CLI, and what is loaded by path at run time (each migration; the worker thread).
const migrations = readdirSync('src/store/migrations')
  .filter((f) => /\.ts$/.test(f) && !/\.(test|d)\.ts$/.test(f))
  .map((f) => `src/store/migrations/${f}`);
await build({
  entryPoints: ['src/cli/main.ts', 'src/services/meetings/transcript-worker-entry.ts', ...migrations],
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  tsconfig: 'tsconfig.build.json',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [keepOthersInNodeModules, ownImportMetaUrl],
});
writeFileSync('dist/.build-stamp', `${new Date().toISOString()}\n`);
