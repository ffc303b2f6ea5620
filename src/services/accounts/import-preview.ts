import { accountToCsvRow, contactToCsvRow } from '../../domain/account/csv-columns.ts';
import type { CsvEncoding } from '../../domain/import/decode.ts';
import { IGNORE, TAG, targetsFor, type ImportKind } from '../../domain/import/fields.ts';
import { listPresets, type ColumnProposal, type ImportMapping } from '../../domain/import/mapping.ts';
import type { PresetName } from '../../domain/import/presets.ts';
import type { Delimiter } from '../../domain/import/table.ts';
import type { Account, Actor, Contact } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { listUsers } from '../../store/users.repo.ts';
import { planAccounts, planContacts, prepareImport, type ImportOptions, type Plan } from './import-plan.ts';

export interface PreviewRow {
  line: number;
  action: 'create' | 'update' | 'unchanged' | 'refused';
  /** The row as Cadence would store it, in Cadence's CSV columns (empty for a refused row). */
  values: Record<string, string>;
  problems: string[];
}

export interface ImportPreview {
  kind: ImportKind;
  encoding: CsvEncoding | null;
  delimiter: Delimiter | null;
  headerLine: number | null;
  header: string[];
  preset: PresetName | null;
  mapping: ImportMapping | null;
  columns: (ColumnProposal & { samples: string[] })[];
  fields: { name: string; label: string; values: string[] }[];
  presets: { name: PresetName; label: string; columns: string[] }[];
  rows: number;
  summary: { create: number; update: number; unchanged: number; refused: number };
  sample: PreviewRow[];
  skipped: { line: number; reason: string }[];
  problems: { line: number; message: string; text: string }[];
}

const SAMPLE_ROWS = 20;

/**
 * What an import would do, writing nothing: the mapping proposed (or the one given) with each
 * column's reason and sample values, the fields a column can go to, the first rows as Cadence
 * would store them, and every problem of the whole file in words ("line 14: Renewal Date
 * '2025-13-01' is not a date (YYYY-MM-DD)"). Send the mapping back, edited, to import.
 */
export async function previewImport(deps: Deps, actor: Actor, kind: ImportKind, csv: string | Uint8Array, options: Pick<ImportOptions, 'mapping' | 'preset'>): Promise<ImportPreview> {
  const prepared = await prepareImport(kind, csv, options);
  const table = prepared.file?.table;
  const headerBroken = prepared.errors.some((e) => e.line <= (table?.headerLine ?? 1));
  const plans: Plan<Account | Contact>[] = headerBroken ? [] : kind === 'accounts' ? await planAccounts(deps, actor, prepared) : await planContacts(deps, actor, prepared);
  const errors = [...prepared.errors].sort((a, b) => a.line - b.line);
  const emails = new Map((await listUsers(deps.store.db)).map((u) => [u.id, u.email]));
  const planOf = new Map(plans.map((p) => [p.line, p]));
  const sample: PreviewRow[] = (table?.rows ?? []).slice(0, SAMPLE_ROWS).map((r) => {
    const plan = planOf.get(r.line);
    const problems = errors.filter((e) => e.line === r.line).map((e) => e.message);
    if (!plan || problems.length) return { line: r.line, action: 'refused', values: {}, problems };
    const record = plan.kind === 'update' ? plan.after : plan.record;
    const values = kind === 'accounts' ? accountToCsvRow(record as Account, (record as Account).ownerId ? (emails.get((record as Account).ownerId ?? '') ?? null) : null) : contactToCsvRow(record as Contact, '');
    return { line: r.line, action: plan.kind === 'same' ? 'unchanged' : plan.kind, values: { ...values }, problems };
  });
  const refusedLines = new Set(errors.filter((e) => e.line > (table?.headerLine ?? 1)).map((e) => e.line));
  const header = table?.header ?? [];
  return {
    kind,
    encoding: prepared.file?.encoding ?? null,
    delimiter: prepared.file?.delimiter ?? null,
    headerLine: table ? table.headerLine : null,
    header,
    preset: prepared.proposal?.preset ?? null,
    mapping: prepared.proposal?.mapping ?? null,
    columns: (prepared.proposal?.columns ?? []).map((c) => {
      const i = header.indexOf(c.column);
      const samples = [...new Set((table?.rows ?? []).map((r) => (r.cells[i] ?? '').trim()).filter(Boolean))].slice(0, 5);
      return { ...c, samples };
    }),
    fields: [
      ...Object.entries(targetsFor(kind)).map(([name, t]) => ({ name, label: t.label, values: [...(t.values ?? [])] })),
      { name: TAG, label: 'A tag (column:value)', values: [] },
      { name: IGNORE, label: 'Ignore the column', values: [] },
    ],
    presets: listPresets(kind),
    rows: table?.rows.length ?? 0,
    summary: {
      create: plans.filter((p) => p.kind === 'create').length,
      update: plans.filter((p) => p.kind === 'update').length,
      unchanged: plans.filter((p) => p.kind === 'same').length,
      refused: refusedLines.size,
    },
    sample,
    skipped: table?.skipped ?? [],
    problems: errors.map((e) => ({ ...e, text: `line ${e.line}: ${e.message}` })),
  };
}
