import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_MODULES } from '../../src/cli/main.ts';
import type { CliIo } from '../../src/cli/io.ts';

function helpOf(program: Awaited<ReturnType<typeof buildProgram>>): string {
  let out = '';
  program.configureOutput({ writeOut: (text) => (out += text) });
  program.outputHelp();
  return out;
}

const io: CliIo = { env: {}, stdout: { write: () => true }, stderr: { write: () => true } };

describe('the command table behind `cadence --help`', () => {
  it('lists each command as its module registers it, in the same order', async () => {
    const lazy = helpOf(await buildProgram(io, ['--help']));
    const loaded = helpOf(await buildProgram(io, 'all'));
    expect(lazy).toBe(loaded);
    expect(lazy).toContain('restore [options] <file>');
  });

  it('names every top-level command its modules make', async () => {
    const program = await buildProgram(io, 'all');
    const tabled = COMMAND_MODULES.flatMap((m) => m.commands.map((c) => c.name));
    expect(program.commands.map((c) => c.name())).toEqual(tabled);
  });

  it('loads the modules of the command asked for, and help about a command loads that command', async () => {
    const program = await buildProgram(io, ['help', 'import']);
    const imp = program.commands.find((c) => c.name() === 'import');
    // csv.ts makes the book-of-business imports; integrations.ts adds `import findings`.
    expect(imp?.commands.map((c) => c.name())).toEqual(expect.arrayContaining(['accounts', 'findings']));
    expect(program.commands.find((c) => c.name() === 'due')?.options).toEqual([]);
  });
});

/** Every file a fresh process running `cadence ARGS` from the sources imports, one URL a line. */
function filesLoadedBy(args: string[], env: Record<string, string> = {}): string {
  // A loader hook registered after tsx's sees each file Node loads and names it on stderr.
  const hook = 'export async function load(url, context, next) { const r = await next(url, context); if (url.startsWith("file:")) process.stderr.write(url + "\\n"); return r; }';
  const script = [
    "import { register } from 'node:module';",
    "const { register: tsx } = await import('tsx/esm/api');",
    'tsx();',
    `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
    "const { runCli } = await import('./src/cli/main.ts');",
    `process.exitCode = await runCli(${JSON.stringify(args)}, { env: ${JSON.stringify(env)}, stdout: { write: () => true }, stderr: process.stderr });`,
  ].join('\n');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  expect(
    run.status,
    run.stderr
      .split('\n')
      .filter((l) => !l.startsWith('file:'))
      .join('\n'),
  ).toBe(0);
  return run.stderr;
}

describe('what a short command loads', () => {
  it.each([['--version'], ['--help']])('%s loads no command module, no service and no database driver', (flag) => {
    const loaded = filesLoadedBy([flag]);
    expect(loaded).toContain('src/cli/main.ts');
    expect(loaded).not.toMatch(/src\/cli\/commands\//);
    expect(loaded).not.toMatch(/src\/(services|store|server)\//);
    expect(loaded).not.toMatch(/node_modules\/(kysely|pg|better-sqlite3|zod|fastify|mjml|nodemailer)\//);
  });

  it('due on SQLite loads its own commands module and neither the web server, the mailer nor pg', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cadence-due-loads-'));
    try {
      const loaded = filesLoadedBy(['due'], { CADENCE_DATA_DIR: dir, LOG_LEVEL: 'silent' });
      expect(loaded).toContain('src/cli/commands/cadence.ts');
      expect(loaded).toContain('src/store/database.ts');
      expect((loaded.match(/src\/cli\/commands\/[\w-]+\.ts/g) ?? []).filter((f) => !f.endsWith('/cadence.ts'))).toEqual([]);
      expect(loaded).not.toMatch(/src\/server\/|node_modules\/(fastify|mjml|nodemailer|pg|pg-pool)\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
