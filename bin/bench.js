#!/usr/bin/env node
import { register } from 'tsx/esm/api';

register();
const { runBenchmarks } = await import('../bench/run.ts');
await runBenchmarks(process.argv.slice(2));
