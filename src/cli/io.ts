/** A stream a command writes to: process.stdout/stderr in the real binary, a buffer in tests. */
export interface CliOutput {
  write(text: string): unknown;
  /** Progress lines are rewritten in place only on a terminal, never in logs, pipes or tests. */
  readonly isTTY?: boolean;
}

/**
 * What one CLI run reads and writes, passed in rather than taken from `process`, so the tests run
 * commands in process and several runs never share an environment.
 */
export interface CliIo {
  /** The environment handed to `loadConfig`; `src/config.ts` stays its only reader. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
}

/** A command that has already said on stderr what went wrong (an import's bad lines): exit 1, print nothing more. */
export class ReportedFailure extends Error {
  constructor() {
    super('the command reported its own failure');
    this.name = 'ReportedFailure';
  }
}
