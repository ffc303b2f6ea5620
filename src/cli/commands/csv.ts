import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ImportMappingSchema, describeRequestIssue, type ImportMapping } from '../../domain/import/mapping.ts';
import { PRESET_NAMES, type PresetName } from '../../domain/import/presets.ts';
import { AppError } from '../../errors.ts';
import { exportAccounts, exportContacts, importAccounts, importContacts, type ImportReport } from '../../services/accounts/import-csv.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { printJson } from '../output.ts';
import { ReportedFailure, type CliIo } from '../io.ts';

/** The file's bytes: the import detects the encoding (UTF-8, UTF-16, Windows-1252) itself. */
async function readBytes(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError('invalid', code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${code ?? 'error'})`);
  }
}

/** A saved mapping, checked: a bad one is one line naming the file and the field. */
async function readMapping(file: string, kind: 'accounts' | 'contacts'): Promise<ImportMapping> {
  let json: unknown;
  try {
    json = JSON.parse((await readBytes(file)).toString('utf8'));
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('invalid', `${file}: not valid JSON`);
  }
  const parsed = ImportMappingSchema.safeParse(json);
  if (!parsed.success) throw new AppError('invalid', `${file}: ${describeRequestIssue(parsed.error).message}`);
  if (parsed.data.kind !== kind) throw new AppError('invalid', `${file}: the mapping is for ${parsed.data.kind}, not ${kind}`);
  return parsed.data;
}

function report(io: CliIo, r: ImportReport, file: string, json: boolean): void {
  if (json) printJson(io.stdout, r);
  else {
    // A message quotes the cell; a line break in it would print as a report line the file made up.
    for (const e of r.errors) io.stderr.write(`${file}: line ${e.line}: ${e.message.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}\n`);
    const verdict = r.errors.length ? 'nothing was imported' : r.dryRun ? 'dry run: nothing was written' : 'imported';
    const read =
      r.encoding && r.delimiter
        ? ` (${r.encoding}, ${r.delimiter === '\t' ? 'tab' : r.delimiter === ';' ? 'semicolon' : 'comma'}-separated${r.mapping?.preset ? `, ${r.mapping.preset} columns` : ''}${r.skipped.length ? `, ${r.skipped.length} lines around the table skipped` : ''})`
        : '';
    io.stdout.write(`${r.rows} rows${read}: ${r.created} to create, ${r.updated} to update, ${r.unchanged} unchanged, ${r.errors.length} errors; ${verdict}\n`);
  }
  if (r.errors.length) throw new ReportedFailure();
}

interface ImportFlags {
  dryRun?: boolean;
  json?: boolean;
  preset?: string;
  mapping?: string;
  saveMapping?: string;
}

export function registerCsvCommands(program: Command, io: CliIo): void {
  const imp = program.command('import').description('import the book of business from CSV (all or nothing)');
  for (const kind of ['accounts', 'contacts'] as const) {
    imp
      .command(`${kind} <file>`)
      .description(`import ${kind} from a CSV as it comes (HubSpot, Salesforce, Gainsight, Vitally, Excel or Cadence's own); re-importing updates by external id`)
      .option('--dry-run', 'check every line and report, writing nothing')
      .option('--json', 'print the report as JSON')
      .option('--preset <name>', `the export the file comes from: ${PRESET_NAMES.join(', ')} (detected from the header when not given)`)
      .option('--mapping <file>', 'read the file by a saved mapping (JSON, as --save-mapping writes it)')
      .option('--save-mapping <file>', 'write the mapping the file was read by, to edit and reuse with --mapping')
      .action(async (file: string, o: ImportFlags) => {
        if (o.preset !== undefined && !PRESET_NAMES.includes(o.preset as PresetName)) throw new AppError('invalid', `--preset: '${o.preset}' is not one of ${PRESET_NAMES.join(', ')}`);
        const mapping = o.mapping ? await readMapping(o.mapping, kind) : undefined;
        const csv = await readBytes(file);
        await withDeps(io, async (deps) => {
          const run = kind === 'accounts' ? importAccounts : importContacts;
          const r = await run(deps, LOCAL_OPERATOR, csv, { dryRun: o.dryRun ?? false, mapping, preset: o.preset as PresetName | undefined });
          if (o.saveMapping && r.mapping) await writeFile(o.saveMapping, `${JSON.stringify(r.mapping, null, 2)}\n`);
          report(io, r, file, o.json ?? false);
        });
      });
  }

  const exp = program.command('export').description('export the book of business as CSV');
  for (const kind of ['accounts', 'contacts'] as const) {
    exp
      .command(kind)
      .description(`export ${kind} with the import's columns (cells a spreadsheet would run as formulas are prefixed with ')`)
      .option('-o, --output <file>', 'write to a file instead of stdout')
      .option('--include-archived', 'include archived accounts')
      .option('--bom', 'start with a UTF-8 byte order mark, so Excel reads accents right')
      .action(async (o: { output?: string; includeArchived?: boolean; bom?: boolean }) => {
        await withDeps(io, async (deps) => {
          const bom = o.bom ?? false;
          const csv = kind === 'accounts' ? await exportAccounts(deps, LOCAL_OPERATOR, { includeArchived: o.includeArchived ?? false, bom }) : await exportContacts(deps, LOCAL_OPERATOR, { bom });
          if (o.output) await writeFile(o.output, csv);
          else io.stdout.write(csv);
        });
      });
  }
}
