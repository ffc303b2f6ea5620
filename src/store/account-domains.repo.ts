import type { Executor } from './database.ts';

/** An account's web domains live in external_ids as system 'domain': what contacts are matched to their account by. */
const SYSTEM = 'domain';

/** The account each domain belongs to (domains lower-case, without www.). */
export async function findAccountIdsByDomains(db: Executor, domains: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < domains.length; i += 500) {
    const chunk = domains.slice(i, i + 500);
    if (!chunk.length) continue;
    const rows = await db.selectFrom('external_ids').select(['entity_id', 'value']).where('entity_type', '=', 'account').where('system', '=', SYSTEM).where('value', 'in', chunk).execute();
    for (const r of rows) found.set(r.value, r.entity_id);
  }
  return found;
}
