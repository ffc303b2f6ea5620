#!/usr/bin/env node
// Runs the compiled CLI from dist/ (`npm run build`). A checkout whose sources changed since the last
// build, or that was never built, runs the TypeScript sources through tsx instead, so a developer
// never runs yesterday's code by accident.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * Whether dist/ holds a build of the sources as they are. The stamp written by scripts/build.mjs
 * carries when the build started (its modification time) and, a line each, the sources it read:
 * the build is current when none of them is missing or newer. Statting only those is about half
 * the cost of walking src/ (issue #16); a file the build did not read cannot change what it built.
 */
function builtAndCurrent() {
  if (process.env.CADENCE_FROM_SOURCE === '1') return false;
  let stamp;
  try {
    stamp = readFileSync(`${root}dist/.build-stamp`, 'utf8');
  } catch {
    return false;
  }
  // An installed package has no src/ beside dist/.
  if (!existsSync(`${root}src`)) return true;
  const builtAt = statSync(`${root}dist/.build-stamp`).mtimeMs;
  const sources = stamp.split('\n').slice(1, -1);
  if (sources.length === 0) return false;
  for (const file of sources) {
    const source = statSync(`${root}${file}`, { throwIfNoEntry: false });
    if (source === undefined || source.mtimeMs > builtAt) return false;
  }
  return true;
}

let main;
if (builtAndCurrent()) {
  main = await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('../src/cli/main.ts');
}
// The process itself is the CLI's io: its environment, stdout and stderr.
process.exitCode = await main.runCli(process.argv.slice(2), process);
// A command that is done holds nothing but the standard streams (and the loader's last file closing). Exiting now,
// its output written, skips what Node does before an idle process ends: finish the garbage collection V8 had begun,
// 10-20 ms after `cadence due` (issue #16). A command still at work (serve, a child process, a timer, a socket)
// holds a resource of another kind, and the process runs on as before.
const STANDARD = new Set(['TTYWrap', 'PipeWrap', 'CloseReq']);
const resources = process.getActiveResourcesInfo();
if (resources.every((r) => STANDARD.has(r)) && resources.filter((r) => r !== 'CloseReq').length <= 2 && !process.stdout.writableLength && !process.stderr.writableLength) process.exit();
