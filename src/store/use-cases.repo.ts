import { sql } from 'kysely';
import { templateKey, type HandScore, type UseCaseFinding, type UseCaseTemplate } from '../domain/use-cases/use-cases.ts';
import type { HealthColour } from '../domain/model.ts';
import type { Dialect, Executor } from './database.ts';
import type { UseCaseTemplatesTable } from './schema.ts';

const toTemplate = (r: UseCaseTemplatesTable): UseCaseTemplate => ({
  id: r.id,
  product: r.product,
  name: r.name,
  customerWording: r.customer_wording,
  enablementOffer: r.enablement_offer,
  findingMatch: r.finding_match,
  position: Number(r.position),
});

/** The workspace's use cases in their saved order. */
export async function listUseCaseTemplates(db: Executor): Promise<UseCaseTemplate[]> {
  const rows = await db.selectFrom('use_case_templates').selectAll().orderBy('position').orderBy('id').execute();
  return rows.map(toTemplate);
}

/** Serialises saves of the list on PostgreSQL (a transaction-scoped advisory lock); SQLite writes one at a time anyway. */
export async function lockUseCaseTemplates(db: Executor, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext('use_case_templates'))`.execute(db);
}

/**
 * Replaces the list: templates kept (by id) are updated, new ones inserted, the rest removed
 * together with the accounts' scores of them. Returns the ids removed.
 */
export async function replaceUseCaseTemplates(db: Executor, templates: readonly UseCaseTemplate[], at: string): Promise<string[]> {
  const existing = await listUseCaseTemplates(db);
  const keep = new Set(templates.map((t) => t.id));
  const removed = existing.filter((t) => !keep.has(t.id)).map((t) => t.id);
  if (removed.length) {
    await db.deleteFrom('account_use_cases').where('template_id', 'in', removed).execute();
    await db.deleteFrom('use_case_templates').where('id', 'in', removed).execute();
  }
  // Keys first cleared, so a swap of two names within one save does not trip the unique index.
  const kept = existing.filter((t) => keep.has(t.id)).map((t) => t.id);
  if (kept.length)
    await db
      .updateTable('use_case_templates')
      .set({ name_key: sql<string>`id` })
      .where('id', 'in', kept)
      .execute();
  const known = new Set(existing.map((t) => t.id));
  for (const t of templates) {
    const columns = { product: t.product, name: t.name, name_key: templateKey(t), customer_wording: t.customerWording, enablement_offer: t.enablementOffer, finding_match: t.findingMatch, position: t.position, updated_at: at };
    if (known.has(t.id)) await db.updateTable('use_case_templates').set(columns).where('id', '=', t.id).execute();
    else
      await db
        .insertInto('use_case_templates')
        .values({ id: t.id, ...columns, created_at: at })
        .execute();
  }
  return removed;
}

/** The hand scores of one account, by template id. */
export async function listHandScores(db: Executor, accountIds: readonly string[]): Promise<Map<string, Map<string, HandScore>>> {
  const out = new Map<string, Map<string, HandScore>>();
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows = await db
      .selectFrom('account_use_cases')
      .selectAll()
      .where('account_id', 'in', accountIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const of = out.get(r.account_id) ?? new Map<string, HandScore>();
      of.set(r.template_id, { score: r.score as HealthColour | null, note: r.note, scoredBy: r.scored_by, scoredAt: r.scored_at });
      out.set(r.account_id, of);
    }
  }
  return out;
}

/** Sets (or clears) one account's score of a use case; a second save of the same pair updates it in place. */
export async function saveHandScore(db: Executor, row: { id: string; accountId: string; templateId: string; score: HealthColour | null; note: string | null; scoredBy: string | null; at: string }): Promise<void> {
  await db
    .insertInto('account_use_cases')
    .values({ id: row.id, account_id: row.accountId, template_id: row.templateId, score: row.score, note: row.note, scored_by: row.scoredBy, scored_at: row.at, created_at: row.at })
    .onConflict((oc) => oc.columns(['account_id', 'template_id']).doUpdateSet({ score: row.score, note: row.note, scored_by: row.scoredBy, scored_at: row.at }))
    .execute();
}

/** Product findings of these accounts since an instant, newest first, by account (chunked for SQLite's parameter cap). */
export async function listFindingsOfAccountsSince(db: Executor, accountIds: readonly string[], since: string): Promise<Map<string, UseCaseFinding[]>> {
  const out = new Map<string, UseCaseFinding[]>();
  for (let i = 0; i < accountIds.length; i += 500) {
    const rows = await db
      .selectFrom('product_findings')
      .select(['account_id', 'kind', 'severity', 'title', 'found_at'])
      .where('account_id', 'in', accountIds.slice(i, i + 500))
      .where('found_at', '>=', since)
      .orderBy('found_at', 'desc')
      .execute();
    for (const r of rows) {
      const list = out.get(r.account_id) ?? [];
      list.push({ kind: r.kind as UseCaseFinding['kind'], severity: r.severity as UseCaseFinding['severity'], title: r.title, foundAt: r.found_at });
      out.set(r.account_id, list);
    }
  }
  return out;
}
