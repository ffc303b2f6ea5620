#!/usr/bin/env node
// Runs the compiled CLI from dist/ (`npm run build`). A checkout whose sources changed since the last
// build, or that was never built, runs the TypeScript sources through tsx instead, so a developer
// never runs yesterday's code by accident.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = `${root}dist/.build-stamp`;

/** The newest modification time under a folder, in milliseconds. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = `${dir}/${entry.name}`;
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

function builtAndCurrent() {
  if (!existsSync(stamp)) return false;
  if (process.env.CADENCE_FROM_SOURCE === '1') return false;
  // An installed package has no src/ beside dist/; a checkout's build is current when no source is newer.
  return !existsSync(`${root}src`) || newest(`${root}src`) <= statSync(stamp).mtimeMs;
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
