import type { Account, AuditEntry, TimelineEntry } from '../domain/model.ts';
import { toAccountRow } from './accounts.repo.ts';
import type { Executor } from './database.ts';

/** Rows a multi-row insert carries: well under SQLite's bound-parameter cap (32,766) for the widest table here (21 columns). */
const ROWS = 200;

function* chunks<T>(items: T[], size = ROWS): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * New accounts of an import, with their tags, in multi-row inserts: a 100,000-line file is some
 * 1,500 statements instead of 300,000. The caller holds the transaction.
 */
export async function insertAccountsBatch(db: Executor, accounts: Account[]): Promise<void> {
  for (const chunk of chunks(accounts)) await db.insertInto('accounts').values(chunk.map(toAccountRow)).execute();
  const tags = accounts.flatMap((a) => [...new Set(a.tags)].map((tag) => ({ account_id: a.id, tag })));
  for (const chunk of chunks(tags, 1000)) await db.insertInto('account_tags').values(chunk).execute();
}

/** The audit and timeline entries of many changes, in multi-row inserts. */
export async function insertHistoryBatch(db: Executor, audit: (AuditEntry & { actorLabel: string })[], timeline: TimelineEntry[]): Promise<void> {
  const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  for (const chunk of chunks(audit, 500)) {
    await db
      .insertInto('audit_log')
      .values(chunk.map((e) => ({ id: e.id, actor_id: e.actorId, actor_label: e.actorLabel, action: e.action, entity_type: e.entityType, entity_id: e.entityId, before: json(e.before), after: json(e.after), at: e.at })))
      .execute();
  }
  for (const chunk of chunks(timeline, 500)) {
    await db
      .insertInto('timeline_entries')
      .values(chunk.map((e) => ({ id: e.id, account_id: e.accountId, kind: e.kind, summary: e.summary, detail: json(e.detail), actor_id: e.actorId, occurred_at: e.occurredAt })))
      .execute();
  }
}

/** Gives each account its web domain (external_ids, system 'domain'); a domain another account had moves over. */
export async function saveAccountDomainsBatch(db: Executor, pairs: { accountId: string; domain: string }[]): Promise<void> {
  const last = new Map(pairs.map((p) => [p.domain, p.accountId]));
  const rows = [...last].map(([domain, accountId]) => ({ entity_type: 'account', entity_id: accountId, system: 'domain', value: domain }));
  for (const chunk of chunks(rows, 500)) {
    await db
      .deleteFrom('external_ids')
      .where('entity_type', '=', 'account')
      .where('system', '=', 'domain')
      .where(
        'value',
        'in',
        chunk.map((r) => r.value),
      )
      .execute();
    await db.insertInto('external_ids').values(chunk).execute();
  }
}
