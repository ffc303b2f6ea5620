import { compiledOnce } from './compiled-once.ts';
import type { Executor } from './database.ts';

/** Team-wide settings as JSON documents by key (policies, topic library, playbook rules …). */
// Each rescore reads the scorecards: built and compiled once (issue #16).
const settingQuery = compiledOnce((db: Executor, keys: readonly string[]) => db.selectFrom('settings').select('value').where('key', '=', keys[0]!));

export async function getSetting<T>(db: Executor, key: string): Promise<T | undefined> {
  const [row] = await settingQuery(db, [key]);
  return row ? (JSON.parse(row.value) as T) : undefined;
}

/** Several settings in one query (a request that needs three pays one round trip); missing keys are absent. */
// The cadence settings are read by My day and every rescore: built and compiled once per count of keys (issue #16).
const settingsQuery = compiledOnce((db: Executor, keys: readonly string[]) => db.selectFrom('settings').select(['key', 'value']).where('key', 'in', keys));

export async function getSettings(db: Executor, keys: readonly string[]): Promise<Map<string, unknown>> {
  const rows = await settingsQuery(db, keys);
  return new Map(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
}

export async function putSetting(db: Executor, key: string, value: unknown, at: string, by: string | null): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at, updated_by: by }))
    .execute();
}
