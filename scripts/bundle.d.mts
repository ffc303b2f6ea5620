import type { BuildResult } from 'esbuild';

/** Bundles src/ into `outdir` as `npm run build:server` does; `problems` lists what would make the build fail. */
export function bundleServer(outdir: string): Promise<{ result: BuildResult<{ metafile: true }>; problems: string[] }>;
