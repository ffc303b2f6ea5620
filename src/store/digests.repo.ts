import type { DigestSettings } from '../domain/digests/digests.ts';
import type { Executor } from './database.ts';

export async function findDigestSettings(db: Executor, userId: string): Promise<DigestSettings | undefined> {
  const r = await db.selectFrom('digest_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!r) return undefined;
  return { daily: Number(r.daily) === 1, weekly: Number(r.weekly) === 1, channel: r.channel as DigestSettings['channel'], slackIntegration: r.slack_channel, localTime: r.local_time, timezone: r.timezone };
}

export async function listDigestSettings(db: Executor): Promise<Map<string, DigestSettings>> {
  const rows = await db.selectFrom('digest_settings').select('user_id').execute();
  const out = new Map<string, DigestSettings>();
  for (const r of rows) out.set(r.user_id, (await findDigestSettings(db, r.user_id))!);
  return out;
}

export async function upsertDigestSettings(db: Executor, userId: string, s: DigestSettings, at: string): Promise<void> {
  const values = { daily: s.daily ? 1 : 0, weekly: s.weekly ? 1 : 0, channel: s.channel, slack_channel: s.slackIntegration, local_time: s.localTime, timezone: s.timezone, updated_at: at };
  await db
    .insertInto('digest_settings')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/**
 * Claims one digest (user, kind, period) in the caller's transaction: true for the first claim
 * only, on every node, so each digest is queued once.
 */
export async function claimDigestSend(db: Executor, row: { userId: string; kind: string; period: string; at: string }): Promise<boolean> {
  const r = await db
    .insertInto('digest_sends')
    .values({ user_id: row.userId, kind: row.kind, period: row.period, outbox_id: null, sent_at: row.at })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'period']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function digestSent(db: Executor, userId: string, kind: string, period: string): Promise<boolean> {
  return (await db.selectFrom('digest_sends').select('user_id').where('user_id', '=', userId).where('kind', '=', kind).where('period', '=', period).executeTakeFirst()) !== undefined;
}
