import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { AppError } from '../../errors.ts';
import { importFindingsCsv } from '../../services/connections/findings.ts';
import { IntegrationCreateSchema, createIntegration, listIntegrations, testIntegration } from '../../services/connections/integrations.ts';
import { parseInput } from '../parse-input.ts';
import { syncTrackers, type SyncProgress } from '../../services/connections/sync-trackers.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { formatTable, printJson } from '../output.ts';
import { resolveAccountRef } from '../resolve.ts';
import { ReportedFailure, type CliIo } from '../io.ts';

async function readText(file: string, option: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError('invalid', `${option} ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'error'})`}`);
  }
}

async function readJson(file: string, option: string): Promise<unknown> {
  const text = await readText(file, option);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new AppError('invalid', `${option} ${file}: not valid JSON (${(err as Error).message})`);
  }
}

/** One line, rewritten in place, only when stderr is a terminal (never in logs or pipes). */
function progressLine(io: CliIo): { update(p: SyncProgress): void; done(): void } {
  const tty = io.stderr.isTTY === true;
  let shown = false;
  return {
    update(p) {
      if (!tty) return;
      shown = true;
      io.stderr.write(`\r${p.integration}: ${p.pages} pages, ${p.fetched} items (${p.created} new, ${p.updated} changed)\u001b[K`);
    },
    done() {
      if (shown) io.stderr.write('\n');
    },
  };
}

/** `cadence integrations …`, `cadence sync tickets` and `cadence import findings`. */
export function registerIntegrationCommands(program: Command, io: CliIo): void {
  const integrations = program.command('integrations').description('trackers, CRMs, chat and recording tools Cadence talks to');
  integrations
    .command('list')
    .description('the configured integrations and their last sync (secrets never shown)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const { items } = await listIntegrations(deps, LOCAL_OPERATOR);
        if (o.json) return printJson(io.stdout, items);
        const rows = items.map((i) => ({
          name: i.name,
          kind: i.kind,
          enabled: i.enabled ? 'yes' : 'no',
          rules: i.accountRules.length,
          lastSync: i.lastRun ? `${i.lastRun.status} ${i.lastRun.startedAt}` : '',
          error: i.lastRun?.error ?? '',
        }));
        io.stdout.write(`${formatTable(rows, ['name', 'kind', 'enabled', 'rules', 'lastSync', 'error'])}\n`);
      });
    });
  integrations
    .command('add <name>')
    .description('connect an integration; secrets in the settings file are encrypted at rest')
    .requiredOption('--kind <kind>', 'zendesk, jira, gitlab, github, hubspot, salesforce, slack, gong, zoom or findings')
    .requiredOption('--settings <file>', 'a JSON file with the settings (baseUrl, apiToken …)')
    .option('--rules <file>', 'a JSON file with account-matching rules: [{ "accountId", "orgIds"?, "labels"?, "emailDomains"? }]')
    .option('--disabled', 'add it switched off')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { kind: string; settings: string; rules?: string; disabled?: boolean; json?: boolean }) => {
      const settings = await readJson(o.settings, '--settings');
      const accountRules = o.rules ? await readJson(o.rules, '--rules') : undefined;
      await withDeps(io, async (deps) => {
        const input = parseInput(IntegrationCreateSchema, { name, kind: o.kind, settings, ...(accountRules !== undefined ? { accountRules } : {}), enabled: !o.disabled });
        const made = await createIntegration(deps, LOCAL_OPERATOR, input);
        if (o.json) printJson(io.stdout, made);
        else io.stdout.write(`added ${made.name} (${made.kind}); check it with: cadence integrations test ${made.name}\n`);
      });
    });
  integrations
    .command('test <name>')
    .description('call the vendor with the stored settings and explain any failure')
    .action(async (name: string) => {
      await withDeps(io, async (deps) => {
        const outcome = await testIntegration(deps, LOCAL_OPERATOR, name);
        if (outcome.ok) io.stdout.write(`${outcome.detail}\n`);
        else throw new AppError('invalid', `${name}: ${outcome.problem}`);
      });
    });

  program
    .command('sync')
    .description('pull changes from the trackers now')
    .command('tickets')
    .description('sync tickets and feature requests (incremental from the stored cursor)')
    .option('--integration <name>', 'only this tracker')
    .option('--account <ref>', "only this account's items, in full (id, external id or name)")
    .option('--json', 'print the runs as JSON')
    .action(async (o: { integration?: string; account?: string; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const accountId = o.account ? await resolveAccountRef(deps, o.account) : undefined;
        const line = progressLine(io);
        const { runs } = await syncTrackers(deps, { integration: o.integration, accountId, onProgress: line.update }).finally(line.done);
        if (o.json) printJson(io.stdout, runs);
        else if (runs.length === 0) io.stdout.write('no tracker integration is enabled; add one with: cadence integrations add\n');
        else
          for (const r of runs) io.stdout.write(`${r.integration}: ${r.status}, ${r.fetched} fetched, ${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged, ${r.unmatched} without an account${r.error ? `\n  ${r.error}` : ''}\n`);
        const failed = runs.filter((r) => r.status === 'failed');
        if (failed.length > 0) throw new AppError('invalid', `${failed.map((r) => r.integration).join(', ')} failed: ${failed[0]?.error ?? ''}`);
      });
    });

  const imp = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('import from CSV (all or nothing)');
  imp
    .command('findings <file>')
    .description('import product findings (delivery_id, account_id or account_external_id, kind, title, severity, detail, found_at); re-imports add nothing')
    .option('--dry-run', 'check every line and report, writing nothing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, o: { dryRun?: boolean; json?: boolean }) => {
      const csv = await readText(file, 'findings');
      await withDeps(io, async (deps) => {
        const r = await importFindingsCsv(deps, LOCAL_OPERATOR, csv, { dryRun: o.dryRun ?? false });
        if (o.json) printJson(io.stdout, r);
        else {
          for (const e of r.errors) io.stderr.write(`${file}: line ${e.line}: ${e.message}\n`);
          const verdict = r.errors.length ? 'nothing was imported' : r.dryRun ? 'dry run: nothing was written' : 'imported';
          io.stdout.write(`${r.rows} rows: ${r.created} new findings, ${r.duplicates} already received, ${r.errors.length} errors; ${verdict}\n`);
        }
        if (r.errors.length) throw new ReportedFailure();
      });
    });
}
