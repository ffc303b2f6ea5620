// The server and CLI bundled by esbuild, as `npm run build:server` writes dist/ (scripts/build.mjs) and as the
// crash test's own copy is made (test/helpers/quick-build.ts): one set of options, so the tests start what ships.
//
// Bundled rather than compiled file by file (issue #16): Node loads each ES module file on its own, and
// a `cadence due` used to open about 500 of them (kysely alone is 262, zod 95) before running a query.
// Our code and the packages BUNDLED below go into a few shared chunks; a command still loads only the
// chunks it reaches, as the CLI imports each command's module when it runs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/**
 * Packages bundled with our code, each with the packages it imports in turn. Node finds, reads and
 * compiles each file of node_modules on its own (for CommonJS imported from ES modules it parses the
 * file twice), and `cadence serve` loaded about 450 of them before it answered; bundled, a package
 * costs only its compile (issue #16). The ES-module packages whose classes are checked (zod schemas,
 * Yjs documents) are bundled with every package that imports them, so a process never holds two
 * copies; the CommonJS ones are those `cadence serve` and short commands like `cadence due` load.
 */
const BUNDLED = new Set([...['kysely', 'zod', 'fastify-type-provider-zod', 'yjs', 'lib0', 'y-protocols', 'uuidv7'], ...['commander', 'fastify', '@fastify/cookie', '@fastify/rate-limit', '@fastify/websocket', 'helmet', 'ws']]);
/**
 * Left in node_modules even when a bundled package imports them: native code, packages that find
 * files beside their own code (pino's transports run a worker file, Swagger UI serves its static
 * files, @fastify/swagger reads its package.json), optional native add-ons that ws tries, and what
 * fastify requires only on demand and Cadence never asks for (Ajv and fast-json-stringify, as
 * build-app.ts gives its own compilers; light-my-request, for inject()), which bundled would still
 * be compiled at every start.
 */
const IN_NODE_MODULES = new Set([
  ...['better-sqlite3', 'pino', '@fastify/static', '@fastify/swagger', '@fastify/swagger-ui', 'bufferutil', 'utf-8-validate'],
  ...['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'light-my-request'],
]);
/** Small helpers without state of their own, which may be loaded both bundled and from node_modules. */
const TWO_COPIES_HARMLESS = new Set([
  ...['fastify-plugin', '@fastify/error', 'process-warning', 'fastq', 'rfdc', 'fast-uri', 'inherits', 'ip-address', '@lukeed/ms'],
  ...['fast-decode-uri-component', 'reusify', 'cookie', 'fast-json-stringify', 'fast-deep-equal'],
]);
/** Bundled files that name __dirname and the like only in comments. */
const FINDS_NO_FILES = new Set(['commander/lib/command.js']);
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

const nodeModules = `${path.resolve('node_modules')}${path.sep}`;
/** Packages stay outside unless chosen; what a bundled package finds beside itself is noted in `findsFilesBesideItself`. */
const bundleOnlyWhatWeChose = (findsFilesBesideItself) => ({
  name: 'bundle-only-what-we-chose',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const pkg = packageOf(args.path);
      if (pkg.startsWith('node:') || IN_NODE_MODULES.has(pkg)) return { path: args.path, external: true };
      // What a bundled package imports is bundled with it: left outside, it would be looked up from dist/.
      if (BUNDLED.has(pkg) || args.importer.startsWith(nodeModules)) return undefined;
      return { path: args.path, external: true };
    });
    // A bundled file that finds files beside itself would look for them beside the chunk in dist/.
    b.onLoad({ filter: /\.[cm]?js$/ }, (args) => {
      if (!args.path.startsWith(nodeModules)) return undefined;
      const file = args.path.slice(nodeModules.length).split(path.sep).join('/');
      const text = readFileSync(args.path, 'utf8');
      if (/\b__dirname\b|\b__filename\b|require\.resolve\b|import\.meta\.(url|dirname|filename)\b/.test(text) && !FINDS_NO_FILES.has(file)) findsFilesBesideItself.push(file);
      return undefined;
    });
  },
});

/**
 * zod's `z.locales` holds its messages in 48 languages (360 kB, half of zod), and every import of zod
 * compiles them all. Cadence answers in English only (`z.config(z.locales.en())` is zod's default),
 * so the bundle keeps English alone.
 */
const zodInEnglishOnly = {
  name: 'zod-in-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: 'export { default as en } from "./en.js";\n', loader: 'js' }));
  },
};

/**
 * commander requires node:child_process at load for executable subcommands, which Cadence has none
 * of; loading it (with net, stream and the rest it pulls in) cost every command a few milliseconds.
 */
const commanderWithoutChildProcessAtLoad = {
  name: 'commander-without-child-process-at-load',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) throw new Error(`${args.path}: commander no longer requires child_process as expected; update commanderWithoutChildProcessAtLoad`);
      return { contents: text.replace(eager, "const childProcess = new Proxy({}, { get: (_, name) => require('node:child_process')[name] });"), loader: 'js' };
    });
  },
};

/**
 * Code that finds files beside itself (the web app, the migrations, the transcript worker, the
 * password list) computes them from import.meta.url. In a chunk that URL is the chunk's, so each
 * module's import.meta.url becomes the URL its own compiled file would have in the output folder
 * (dist/, or a test's copy), found by that folder's name in the chunk's URL.
 */
const ownImportMetaUrl = (outdirName) => ({
  name: 'own-import-meta-url',
  setup(b) {
    const src = path.resolve('src');
    const marker = `/${outdirName}/`;
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(`${src}${path.sep}`)) return undefined;
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const inOutdir = path.relative(src, args.path).split(path.sep).join('/').replace(/\.ts$/, '.js');
      const outdirRoot = `import.meta.url.slice(0, import.meta.url.lastIndexOf(${JSON.stringify(marker)}) + ${marker.length})`;
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(inOutdir)}, ${outdirRoot}).href`), loader: 'ts' };
    });
  },
});

/**
 * Bundles src/ into `outdir` (a folder at any depth, named for ownImportMetaUrl) and answers esbuild's result
 * with the problems found: a bundled file that finds files beside itself, or a package both bundled and
 * loaded from node_modules. Run from the checkout's root.
 */
export async function bundleServer(outdir) {
  // Entry points: the CLI, and what is loaded by path at run time (each migration; the worker thread).
  const migrations = readdirSync('src/store/migrations')
    .filter((f) => /\.ts$/.test(f) && !/\.(test|d)\.ts$/.test(f))
    .map((f) => `src/store/migrations/${f}`);
  const findsFilesBesideItself = [];
  const result = await build({
    entryPoints: ['src/cli/main.ts', 'src/services/meetings/transcript-worker-entry.ts', ...migrations],
    outbase: 'src',
    outdir,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: 'tsconfig.build.json',
    sourcemap: true,
    logLevel: 'warning',
    // Bundled CommonJS calls require() for Node's own modules and what stays in node_modules.
    banner: { js: "import { createRequire as __cadenceCreateRequire } from 'node:module'; const require = __cadenceCreateRequire(import.meta.url);" },
    metafile: true,
    plugins: [zodInEnglishOnly, commanderWithoutChildProcessAtLoad, bundleOnlyWhatWeChose(findsFilesBesideItself), ownImportMetaUrl(path.basename(outdir))],
  });
  const problems = [];
  if (findsFilesBesideItself.length) problems.push(`these bundled files find files beside themselves; add their package to IN_NODE_MODULES: ${findsFilesBesideItself.join(', ')}`);
  // One copy of each package: none may be both inside a chunk and imported from node_modules.
  const bundledPackages = new Set(
    Object.keys(result.metafile.inputs)
      .filter((f) => f.startsWith('node_modules/'))
      .map((f) => packageOf(f.slice('node_modules/'.length))),
  );
  const twice = new Set(
    Object.values(result.metafile.outputs)
      .flatMap((o) => o.imports)
      .filter((i) => i.external && bundledPackages.has(packageOf(i.path)))
      .map((i) => packageOf(i.path)),
  );
  // …nor be a dependency of a package left in node_modules, which would load its own copy.
  const dependencies = (pkg) => {
    const manifest = JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8'));
    return Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies });
  };
  const external = [...new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external && !i.path.startsWith('node:') && !i.path.startsWith('.')).map((i) => packageOf(i.path))))];
  for (const seen = new Set(external), queue = [...external]; queue.length;) {
    const pkg = queue.pop();
    if (!existsSync(`node_modules/${pkg}/package.json`)) continue;
    for (const dep of dependencies(pkg)) {
      if (bundledPackages.has(dep) && !TWO_COPIES_HARMLESS.has(dep)) twice.add(`${dep} (through ${pkg})`);
      else if (!seen.has(dep)) {
        seen.add(dep);
        queue.push(dep);
      }
    }
  }
  if (twice.size) problems.push(`bundled and also loaded from node_modules: ${[...twice].join(', ')}`);
  return { result, problems };
}
