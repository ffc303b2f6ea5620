import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { FindingSchema, type FindingInput } from '../../domain/account/finding-input.ts';
import type { Account, Actor } from '../../domain/model.ts';
import { firstIssue } from '../../domain/validation.ts';
import type { Deps } from '../../deps.ts';
import { AppError, invalid } from '../../errors.ts';
import { FINDINGS_SIGNATURE_HEADER, FINDINGS_TIMESTAMP_HEADER, verifyFindingsSignature } from '../../integrations/findings-signature.ts';
import { canEditAccount, canReadAccount } from '../../policies/accounts.policy.ts';
import { authorize } from '../../policies/authorize.ts';
import { findAccount, findAccountsByExternalIds } from '../../store/accounts.repo.ts';
import type { Executor } from '../../store/database.ts';
import { findDeliveredIds, insertFindingOnce, listIntegrations } from '../../store/integrations.repo.ts';
import { decryptedSettings } from './integrations.ts';
import { recordChange } from '../record-change.ts';

/** Who sends findings with a valid signature: the product itself, acting on every account. */
export const FINDINGS_SENDER: Actor = { id: null, role: 'admin', reportIds: [], label: 'findings webhook' };

/**
 * Checks a delivery's signature against the signing secrets of the enabled `findings`
 * integrations (current and previous, for rotation). 401 when missing, stale or wrong.
 */
export async function verifyFindingsDelivery(deps: Deps, rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<void> {
  const header = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const secrets: string[] = [];
  for (const r of await listIntegrations(deps.store.db, { kinds: ['findings'], enabled: true })) {
    const s = decryptedSettings(deps, r) as { signingSecret?: string; previousSigningSecret?: string };
    if (s.signingSecret) secrets.push(s.signingSecret);
    if (s.previousSigningSecret) secrets.push(s.previousSigningSecret);
  }
  if (secrets.length === 0) throw new AppError('unauthenticated', 'findings are not accepted with a signature until a findings integration is configured; send an API token');
  const check = verifyFindingsSignature({ body: rawBody, signature: header(FINDINGS_SIGNATURE_HEADER), timestamp: header(FINDINGS_TIMESTAMP_HEADER), secret: secrets, nowMs: deps.now().getTime() });
  if (!check.ok) {
    const why = { missing: 'is missing', malformed: 'is malformed', stale: 'is too old (more than 5 minutes)', future: 'is in the future', mismatch: 'does not match the body' }[check.reason];
    throw new AppError('unauthenticated', `the ${check.reason === 'stale' || check.reason === 'future' ? FINDINGS_TIMESTAMP_HEADER : FINDINGS_SIGNATURE_HEADER} ${why}`);
  }
}

export interface FindingsReceipt {
  received: number;
  created: number;
  duplicates: number;
  findings: { deliveryId: string; id: string | null; status: 'created' | 'duplicate' }[];
}

async function resolveAccounts(db: Executor, actor: Actor, findings: readonly FindingInput[], fieldOf: (i: number, f: string) => string): Promise<Account[]> {
  const external = await findAccountsByExternalIds(db, [...new Set(findings.flatMap((f) => (f.accountExternalId ? [f.accountExternalId] : [])))]);
  const byId = new Map<string, Account | undefined>();
  const out: Account[] = [];
  for (const [i, f] of findings.entries()) {
    let account: Account | undefined;
    if (f.accountId) {
      if (!byId.has(f.accountId)) byId.set(f.accountId, await findAccount(db, f.accountId));
      account = byId.get(f.accountId);
      // An account out of the caller's scope reads exactly like a missing one: never its name.
      if (!account || !canReadAccount(actor, account)) throw invalid(`${fieldOf(i, 'accountId')}: no account you can see has id '${f.accountId}'`, fieldOf(i, 'accountId'));
    } else {
      account = external.get(f.accountExternalId ?? '');
      if (!account || !canReadAccount(actor, account)) throw invalid(`${fieldOf(i, 'accountExternalId')}: no account you can see has external id '${f.accountExternalId}'`, fieldOf(i, 'accountExternalId'));
    }
    authorize(canEditAccount(actor, account), `you may not add findings to ${account.name}`);
    out.push(account);
  }
  return out;
}

async function storeFindings(tx: Executor, deps: Deps, actor: Actor, findings: readonly FindingInput[], accounts: readonly Account[]): Promise<FindingsReceipt> {
  const seen = await findDeliveredIds(
    tx,
    findings.map((f) => f.deliveryId),
  );
  const at = deps.now().toISOString();
  const receipt: FindingsReceipt = { received: findings.length, created: 0, duplicates: 0, findings: [] };
  for (const [i, f] of findings.entries()) {
    const account = accounts[i]!;
    const id = deps.newId();
    const fresh =
      !seen.has(f.deliveryId) &&
      (await insertFindingOnce(tx, { id, accountId: account.id, deliveryId: f.deliveryId, kind: f.kind, title: f.title, severity: f.severity ?? null, detail: f.detail ?? null, foundAt: new Date(f.foundAt).toISOString(), at }));
    seen.add(f.deliveryId);
    if (!fresh) {
      receipt.duplicates += 1;
      receipt.findings.push({ deliveryId: f.deliveryId, id: null, status: 'duplicate' });
      continue;
    }
    receipt.created += 1;
    receipt.findings.push({ deliveryId: f.deliveryId, id, status: 'created' });
    await recordChange(tx, deps, actor, {
      accountId: account.id,
      action: 'finding.received',
      entityType: 'product_finding',
      entityId: id,
      before: null,
      after: { kind: f.kind, title: f.title, severity: f.severity ?? null, deliveryId: f.deliveryId },
      summary: `Product finding (${f.kind}${f.severity ? `, ${f.severity}` : ''}): ${f.title}`,
      timelineKind: 'finding',
    });
  }
  return receipt;
}

/**
 * Records product findings sent to POST /api/findings (one or an array), all or nothing. A
 * delivery id seen before is acknowledged and ignored, so a sender may retry freely.
 */
export async function receiveFindings(deps: Deps, actor: Actor, input: FindingInput | FindingInput[]): Promise<FindingsReceipt> {
  const findings = Array.isArray(input) ? input : [input];
  const fieldOf = (i: number, f: string) => (Array.isArray(input) ? `${i}.${f}` : f);
  return deps.store.db.transaction().execute(async (tx) => storeFindings(tx, deps, actor, findings, await resolveAccounts(tx, actor, findings, fieldOf)));
}

export interface FindingsImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  duplicates: number;
  errors: { line: number; message: string }[];
}

const CSV_COLUMNS = ['delivery_id', 'account_id', 'account_external_id', 'kind', 'title', 'severity', 'detail', 'found_at'];
const FIELD_OF: Record<string, keyof FindingInput> = {
  delivery_id: 'deliveryId',
  account_id: 'accountId',
  account_external_id: 'accountExternalId',
  kind: 'kind',
  title: 'title',
  severity: 'severity',
  detail: 'detail',
  found_at: 'foundAt',
};
const COLUMN_OF = Object.fromEntries(Object.entries(FIELD_OF).map(([c, f]) => [f, c]));

/**
 * Imports findings from CSV (columns: delivery_id, account_id or account_external_id, kind,
 * title, severity, detail, found_at). Every bad line is reported by its number; with any error,
 * or on a dry run, nothing is written. Without a delivery_id, one is derived from the row, so
 * importing the same file twice adds nothing.
 */
export async function importFindingsCsv(deps: Deps, actor: Actor, csv: string, options: { dryRun: boolean }): Promise<FindingsImportReport> {
  const errors: { line: number; message: string }[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[] = [];
  try {
    records = parse(csv, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true, skip_empty_lines: true, info: true }) as typeof records;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    return { dryRun: options.dryRun, rows: 0, created: 0, duplicates: 0, errors: [{ line: e.lines ?? 1, message: e.message ?? 'the file is not valid CSV' }] };
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  if (records.length === 0) errors.push({ line: 1, message: 'the file has no rows under its header' });
  const unknown = header.filter((h) => !CSV_COLUMNS.includes(h));
  if (unknown.length) errors.push({ line: 1, message: `unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (expected ${CSV_COLUMNS.join(', ')})` });
  const missing = records.length ? ['kind', 'title', 'found_at'].filter((c) => !header.includes(c)) : [];
  if (records.length && !header.includes('account_id') && !header.includes('account_external_id')) missing.push('account_id or account_external_id');
  if (missing.length) errors.push({ line: 1, message: `missing column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}` });
  if (records.length > 100_000) errors.push({ line: 1, message: `the file has ${records.length} rows; at most 100000 per import` });
  if (errors.length) return { dryRun: options.dryRun, rows: records.length, created: 0, duplicates: 0, errors };

  const good: { line: number; finding: FindingInput }[] = [];
  for (const { record, info } of records) {
    const input: Record<string, string> = {};
    for (const [column, raw] of Object.entries(record)) {
      const value = (raw ?? '').trim();
      const field = FIELD_OF[column];
      if (field && value !== '') input[field] = value;
    }
    input.deliveryId ??= `csv:${createHash('sha256')
      .update([input.accountId ?? input.accountExternalId, input.kind, input.title, input.foundAt].join('\u0000'))
      .digest('hex')
      .slice(0, 32)}`;
    const parsed = FindingSchema.safeParse(input);
    if (!parsed.success) {
      const issue = firstIssue(parsed.error);
      const column = issue.field ? COLUMN_OF[issue.field.split('.')[0] ?? ''] : undefined;
      errors.push({ line: info.lines, message: column ? `${column} ${issue.message.replace(/^\S+ /, '')}` : issue.message });
    } else good.push({ line: info.lines, finding: parsed.data });
  }
  const db = deps.store.db;
  const accounts: Account[] = [];
  for (const { line, finding } of good) {
    try {
      accounts.push(...(await resolveAccounts(db, actor, [finding], (_i, f) => COLUMN_OF[f] ?? f)));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      errors.push({ line, message: err.message });
    }
  }
  const delivered = await findDeliveredIds(
    db,
    good.map((g) => g.finding.deliveryId),
  );
  const unique = new Set(good.map((g) => g.finding.deliveryId));
  const report = { dryRun: options.dryRun, rows: records.length, created: [...unique].filter((d) => !delivered.has(d)).length, duplicates: good.length - [...unique].filter((d) => !delivered.has(d)).length, errors };
  if (errors.length || options.dryRun) return errors.length ? { ...report, created: 0 } : report;
  const receipt = await db.transaction().execute(async (tx) =>
    storeFindings(
      tx,
      deps,
      actor,
      good.map((g) => g.finding),
      accounts,
    ),
  );
  return { ...report, created: receipt.created, duplicates: receipt.duplicates };
}
