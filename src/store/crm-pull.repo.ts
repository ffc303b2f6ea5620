import type { Executor } from './database.ts';

/** A connection's saved CRM mapping as JSON text, or undefined when it has none yet. */
export async function findCrmMapping(db: Executor, integrationId: string): Promise<{ mapping: unknown; updatedAt: string; updatedBy: string | null } | undefined> {
  const row = await db.selectFrom('crm_pull_mappings').selectAll().where('integration_id', '=', integrationId).executeTakeFirst();
  return row ? { mapping: JSON.parse(row.mapping) as unknown, updatedAt: row.updated_at, updatedBy: row.updated_by } : undefined;
}

export async function saveCrmMapping(db: Executor, r: { integrationId: string; mapping: unknown; updatedBy: string | null; at: string }): Promise<void> {
  const mapping = JSON.stringify(r.mapping);
  await db
    .insertInto('crm_pull_mappings')
    .values({ integration_id: r.integrationId, mapping, updated_by: r.updatedBy, updated_at: r.at })
    .onConflict((oc) => oc.column('integration_id').doUpdateSet({ mapping, updated_by: r.updatedBy, updated_at: r.at }))
    .execute();
}

const CHUNK = 400;

/** The accounts whose CRM id, else whose external id, is one of these record ids: record id → account id. */
export async function findAccountIdsByCrmIds(db: Executor, recordIds: readonly string[]): Promise<{ byCrmId: Map<string, string>; byExternalId: Map<string, string> }> {
  const byCrmId = new Map<string, string>();
  const byExternalId = new Map<string, string>();
  const unique = [...new Set(recordIds)].filter(Boolean);
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('accounts')
      .select(['id', 'crm_id', 'external_id'])
      .where((eb) => eb.or([eb('crm_id', 'in', chunk), eb('external_id', 'in', chunk)]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    for (const r of rows) {
      if (r.crm_id && chunk.includes(r.crm_id) && !byCrmId.has(r.crm_id)) byCrmId.set(r.crm_id, r.id);
      if (r.external_id && chunk.includes(r.external_id) && !byExternalId.has(r.external_id)) byExternalId.set(r.external_id, r.id);
    }
  }
  return { byCrmId, byExternalId };
}

/** Whether an external id is taken (a new account gets the CRM id as its external id only when it is free). */
export async function externalIdsTaken(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  const unique = [...new Set(ids)].filter(Boolean);
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('accounts')
      .select('external_id')
      .where('external_id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) if (r.external_id) taken.add(r.external_id);
  }
  return taken;
}

/** The value each field had when last pulled, per account: account id → field → JSON value. */
export async function findPulledValues(db: Executor, integrationId: string, accountIds: readonly string[]): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  const unique = [...new Set(accountIds)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('crm_pulled_values')
      .select(['account_id', 'field', 'value'])
      .where('integration_id', '=', integrationId)
      .where('account_id', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) {
      const fields = out.get(r.account_id) ?? new Map<string, string>();
      fields.set(r.field, r.value);
      out.set(r.account_id, fields);
    }
  }
  return out;
}

/** Remembers what the CRM gave, field by field, for the next pull to compare with (a few hundred rows a statement). */
export async function savePulledValues(db: Executor, integrationId: string, rows: readonly { accountId: string; field: string; value: string }[], at: string): Promise<void> {
  const last = new Map(rows.map((r) => [`${r.accountId}\u0000${r.field}`, r]));
  const values = [...last.values()].map((r) => ({ integration_id: integrationId, account_id: r.accountId, field: r.field, value: r.value, pulled_at: at }));
  for (let i = 0; i < values.length; i += 150) {
    await db
      .insertInto('crm_pulled_values')
      .values(values.slice(i, i + 150))
      .onConflict((oc) => oc.columns(['integration_id', 'account_id', 'field']).doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), pulled_at: eb.ref('excluded.pulled_at') })))
      .execute();
  }
}

export async function saveCrmPullReport(db: Executor, r: { runId: string; integrationId: string; report: unknown }): Promise<void> {
  const report = JSON.stringify(r.report);
  await db
    .insertInto('crm_pull_reports')
    .values({ run_id: r.runId, integration_id: r.integrationId, report })
    .onConflict((oc) => oc.column('run_id').doUpdateSet({ report }))
    .execute();
}

export async function findCrmPullReport(db: Executor, runId: string): Promise<unknown> {
  const row = await db.selectFrom('crm_pull_reports').select('report').where('run_id', '=', runId).executeTakeFirst();
  return row ? (JSON.parse(row.report) as unknown) : undefined;
}

/** The latest crm-pull runs of a connection, newest first. */
export async function listCrmPullRuns(db: Executor, integrationId: string, limit = 10) {
  return db.selectFrom('integration_sync_runs').selectAll().where('integration_id', '=', integrationId).where('scope', 'in', ['crm-pull', 'crm-pull:full']).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Another node started a pull of this connection that is still running (started within the lease). */
export async function findRunningCrmPull(db: Executor, integrationId: string, since: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('integration_sync_runs')
    .select('id')
    .where('integration_id', '=', integrationId)
    .where('scope', 'in', ['crm-pull', 'crm-pull:full'])
    .where('status', '=', 'running')
    .where('started_at', '>', since)
    .executeTakeFirst();
  return row?.id;
}
