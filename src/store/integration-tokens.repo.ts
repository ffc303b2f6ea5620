import type { Executor } from './database.ts';

/** An integration's stored settings (secrets still encrypted), as text: what a compare-and-set of refreshed tokens compares. */
export async function readIntegrationSettingsText(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('integrations').select('settings').where('id', '=', id).executeTakeFirst())?.settings;
}

/** Replaces the settings only if they are still `previous`: of two refreshes at once, one wins and the other reads its tokens. */
export async function swapIntegrationSettings(db: Executor, id: string, previous: string, next: string, at: string): Promise<boolean> {
  const r = await db.updateTable('integrations').set({ settings: next, updated_at: at }).where('id', '=', id).where('settings', '=', previous).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
