import { execFile } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `cadence …` in process, as the binary would, against a data dir of its own: the environment
 * is only what is passed here (never the test process's), and stdout and stderr are captured.
 */
export async function cadence(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env: { CADENCE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', CADENCE_BACK_TO_BACK_MINUTES: '0', ...env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const BIN = path.resolve('bin/cadence.js');

/** Spawns the real binary, for the few smoke tests of what only a process shows (exit codes, tsx start-up). */
export function spawnCadence(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', CADENCE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', CADENCE_BACK_TO_BACK_MINUTES: '0', ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
