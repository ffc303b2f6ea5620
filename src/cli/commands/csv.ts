import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../errors.ts';
import { exportAccounts, exportContacts, importAccounts, importContacts, type ImportReport } from '../../services/accounts/import-csv.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { printJson } from '../output.ts';
import { ReportedFailure, type CliIo } from '../io.ts';

async function readCsv(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError('invalid', code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? 'error'})`);
  }
}

function report(io: CliIo, r: ImportReport, file: string, json: boolean): void {
  if (json) printJson(io.stdout, r);
  else {
    // A message quotes the cell; a line break in it would print as a report line the file made up.
    for (const e of r.errors) io.stderr.write(`${file}: line ${e.line}: ${e.message.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}\n`);
    const verdict = r.errors.length ? 'nothing was imported' : r.dryRun ? 'dry run: nothing was written' : 'imported';
    io.stdout.write(`${r.rows} rows: ${r.created} to create, ${r.updated} to update, ${r.unchanged} unchanged, ${r.errors.length} errors; ${verdict}\n`);
  }
  if (r.errors.length) throw new ReportedFailure();
}

export function registerCsvCommands(program: Command, io: CliIo): void {
  const imp = program.command('import').description('import the book of business from CSV (all or nothing)');
  for (const kind of ['accounts', 'contacts'] as const) {
    imp
      .command(`${kind} <file>`)
      .description(`import ${kind}; re-importing updates by external_id`)
      .option('--dry-run', 'check every line and report, writing nothing')
      .option('--json', 'print the report as JSON')
      .action(async (file: string, o: { dryRun?: boolean; json?: boolean }) => {
        const csv = await readCsv(file);
        await withDeps(io, async (deps) => {
          const run = kind === 'accounts' ? importAccounts : importContacts;
          report(io, await run(deps, LOCAL_OPERATOR, csv, { dryRun: o.dryRun ?? false }), file, o.json ?? false);
        });
      });
  }

  const exp = program.command('export').description('export the book of business as CSV');
  for (const kind of ['accounts', 'contacts'] as const) {
    exp
      .command(kind)
      .description(`export ${kind} with the import's columns`)
      .option('-o, --output <file>', 'write to a file instead of stdout')
      .option('--include-archived', 'include archived accounts')
      .action(async (o: { output?: string; includeArchived?: boolean }) => {
        await withDeps(io, async (deps) => {
          const csv = kind === 'accounts' ? await exportAccounts(deps, LOCAL_OPERATOR, { includeArchived: o.includeArchived ?? false }) : await exportContacts(deps, LOCAL_OPERATOR);
          if (o.output) await writeFile(o.output, csv);
          else io.stdout.write(csv);
        });
      });
  }
}
