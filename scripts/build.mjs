// `npm run build:server`: compiles the server and CLI to dist/ and stamps the build, so bin/cadence.js
// knows the compiled code is current. `npm run build` also builds the web app.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (tsc.status !== 0) {
  console.error('build failed: the TypeScript errors above must be fixed first (bin/cadence.js keeps running the sources through tsx)');
  process.exit(1);
}
writeFileSync('dist/.build-stamp', `${new Date().toISOString()}\n`);
