// `npm run build:server`: type-checks the server and CLI, bundles them into dist/ and stamps the build,
// so bin/cadence.js knows the compiled code is current. `npm run build` also builds the web app.
//
// The bundle itself (what goes in, the checks that a package is loaded once) is scripts/bundle.mjs.
import { spawnSync } from 'node:child_process';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { bundleServer } from './bundle.mjs';

// Sources changed after this moment make the build stale (the stamp carries it), even those changed while it runs.
const startedAt = new Date();
rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--noEmit'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('build failed: the TypeScript errors above must be fixed first (bin/cadence.js keeps running the sources through tsx)');
  process.exit(1);
}

const { result, problems } = await bundleServer('dist');
if (problems.length) {
  console.error(`build failed:\n${problems.join('\n')}`);
  process.exit(1);
}
// The stamp: when the build started (its modification time too), then the sources it read, one a line, and the
// migrations folder, whose listing makes the entry points. bin/cadence.js stats only these to tell a current build
// (a source it did not read cannot change what it built); a deleted or newer one sends it to the sources.
const sources = Object.keys(result.metafile.inputs).filter((f) => f.startsWith('src/'));
writeFileSync('dist/.build-stamp', `${startedAt.toISOString()}\n${[...sources, 'src/store/migrations'].join('\n')}\n`);
utimesSync('dist/.build-stamp', startedAt, startedAt);
