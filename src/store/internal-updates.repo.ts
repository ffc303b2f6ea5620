import type { Executor } from './database.ts';

export interface InternalUpdates {
  accountId: string;
  channel: 'slack' | 'mail' | 'off';
  /** The Slack integration (id or name) whose webhook posts to the account's channel; null: every enabled one. */
  slackIntegration: string | null;
  updatedAt: string | null;
}

export async function findInternalUpdates(db: Executor, accountId: string): Promise<InternalUpdates | undefined> {
  const r = await db.selectFrom('account_internal_updates').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  return r ? { accountId: r.account_id, channel: r.channel as InternalUpdates['channel'], slackIntegration: r.slack_channel, updatedAt: r.updated_at } : undefined;
}

export async function saveInternalUpdates(db: Executor, s: InternalUpdates, by: string | null): Promise<void> {
  const values = { channel: s.channel, slack_channel: s.slackIntegration, updated_by: by, updated_at: s.updatedAt ?? '' };
  await db
    .insertInto('account_internal_updates')
    .values({ account_id: s.accountId, ...values })
    .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
    .execute();
}
