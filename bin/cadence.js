#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx: no build step between a change and a run.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
// The process itself is the CLI's io: its environment, stdout and stderr.
process.exitCode = await runCli(process.argv.slice(2), process);
