import type { Executor } from './database.ts';

export async function replaceCalendarFeed(db: Executor, userId: string, tokenHash: string, at: string): Promise<void> {
  await db.deleteFrom('calendar_feeds').where('user_id', '=', userId).execute();
  await db.insertInto('calendar_feeds').values({ user_id: userId, token_hash: tokenHash, created_at: at }).execute();
}

export async function revokeCalendarFeed(db: Executor, userId: string): Promise<boolean> {
  const r = await db.deleteFrom('calendar_feeds').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findCalendarFeedUser(db: Executor, tokenHash: string): Promise<string | undefined> {
  return (await db.selectFrom('calendar_feeds').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst())?.user_id;
}
