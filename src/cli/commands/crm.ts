import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CrmMappingSchema } from '../../domain/import/crm-mapping.ts';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { crmPullStatus, getCrmMapping, listCrmConnectionNames, putCrmMapping } from '../../services/crm-pull/crm-connections.ts';
import { pullCrm, type CrmPullReport } from '../../services/crm-pull/crm-pull.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { ReportedFailure, type CliIo } from '../io.ts';
import { formatTable, printJson } from '../output.ts';
import { parseInput } from '../parse-input.ts';

/** The one CRM connection when none is named; with several, the user names one. */
async function connectionName(deps: Deps, named: string | undefined): Promise<string> {
  if (named) return named;
  const crms = await listCrmConnectionNames(deps, LOCAL_OPERATOR);
  if (crms.length === 1 && crms[0]) return crms[0];
  if (crms.length === 0) throw new AppError('invalid', 'no HubSpot or Salesforce integration is configured; add one with `cadence integrations add`');
  throw new AppError('invalid', `several CRM integrations (${crms.join(', ')}); name one with --integration`, { field: 'integration' });
}

function printReport(io: CliIo, r: CrmPullReport): void {
  io.stdout.write(`${r.integration} (${r.vendor}${r.since ? `, changed after ${r.since}` : ', every record'}): ${r.summary}\n`);
  if (r.skipped.length) io.stdout.write(`Skipped:\n${formatTable(r.skipped.map((s) => ({ record: s.crmId, name: s.name, reason: s.reason })))}\n`);
  if (r.kept.length) io.stdout.write(`Kept Cadence's value:\n${formatTable(r.kept.map((k) => ({ account: k.account, field: k.label, cadence: JSON.stringify(k.cadenceValue), crm: JSON.stringify(k.crmValue) })))}\n`);
}

export function registerCrmCommands(program: Command, io: CliIo): void {
  const crm = program.command('crm').description('accounts from your CRM: pull HubSpot companies or Salesforce Accounts into the book of business');
  crm
    .command('pull')
    .description('pull the records changed since the last pull now (every CRM connection, or --integration)')
    .option('--integration <name>', 'the HubSpot or Salesforce integration')
    .option('--dry-run', 'read and plan everything, write nothing (the watermark stays)')
    .option('--full', 'ask for every record, not only those changed since the last pull')
    .option('--json', 'print JSON')
    .action(async (o: { integration?: string; dryRun?: boolean; full?: boolean; json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const { pulls } = await pullCrm(deps, LOCAL_OPERATOR, { integration: o.integration, dryRun: o.dryRun ?? false, full: o.full ?? false });
        if (o.json) printJson(io.stdout, { pulls });
        else if (pulls.length === 0) io.stdout.write('No enabled HubSpot or Salesforce integration to pull from.\n');
        else for (const r of pulls) printReport(io, r);
        const failed = pulls.filter((p) => p.status === 'failed');
        if (failed.length) {
          for (const f of failed) io.stderr.write(`${f.integration}: ${f.error ?? 'failed'}\n`);
          throw new ReportedFailure();
        }
      });
    });
  crm
    .command('status')
    .description('each CRM connection: last pull, created/updated/skipped with reasons, last error, watermark, schedule')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const status = await crmPullStatus(deps, LOCAL_OPERATOR);
        if (o.json) return printJson(io.stdout, status);
        if (status.connections.length === 0) return void io.stdout.write('No HubSpot or Salesforce integration is configured.\n');
        for (const c of status.connections) {
          const last = c.lastPull;
          const lines = [
            `${c.integration} (${c.vendor})${c.enabled ? '' : ' — disabled'}: ${c.scheduled ? `pulled every ${c.everyMinutes} minutes, next ${c.nextPullAt ?? 'now'}` : 'pulled only when asked (save a mapping to schedule it)'}`,
            `  Watermark: ${c.watermark ?? 'none yet (the next pull reads every record)'}`,
            `  Last pull: ${last ? `${last.startedAt} ${last.status}${last.report ? ` — ${last.report.summary}` : ''}` : 'never'}`,
            `  Last error: ${last?.error ?? 'none'}`,
          ];
          io.stdout.write(`${lines.join('\n')}\n`);
          const skipped = last?.report?.skipped ?? [];
          if (skipped.length) io.stdout.write(`  Skipped:\n${formatTable(skipped.map((s) => ({ record: s.crmId, name: s.name, reason: s.reason })))}\n`);
        }
      });
    });
  crm
    .command('mapping')
    .description("print a CRM connection's mapping as JSON, or save one from a file with --set")
    .option('--integration <name>', 'the HubSpot or Salesforce integration (needed when there are several)')
    .option('--set <file>', 'a JSON mapping: { fields, values, defaults, dateOrder, conflicts, scheduled, everyMinutes }')
    .action(async (o: { integration?: string; set?: string }) => {
      await withDeps(io, async (deps) => {
        const name = await connectionName(deps, o.integration);
        if (!o.set) return printJson(io.stdout, await getCrmMapping(deps, LOCAL_OPERATOR, name));
        let body: unknown;
        try {
          body = JSON.parse(await readFile(o.set, 'utf8'));
        } catch (err) {
          throw new AppError('invalid', `${o.set} is not a JSON file (${(err as Error).message})`, { field: 'set' });
        }
        const saved = await putCrmMapping(deps, LOCAL_OPERATOR, name, parseInput(CrmMappingSchema, body));
        io.stdout.write(
          `Saved the CRM mapping of ${saved.integration}: ${Object.entries(saved.effectiveFields)
            .map(([from, to]) => `${from} → ${to}`)
            .join(', ')}\n`,
        );
      });
    });
}
