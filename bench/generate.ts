import { sql } from 'kysely';
import { backfillMeetingFacts } from '../src/store/cadence.repo.ts';
import { uuidv7 } from 'uuidv7';
import type { Db } from '../src/store/database.ts';
import { seededRandom } from '../src/services/setup/demo-data.ts';
import { hashPassword } from '../src/services/users/passwords.ts';

export interface BookOfBusiness {
  csmIds: string[];
  /** The CSM whose ~100 accounts the benchmarks list. */
  benchCsmId: string;
  accounts: number;
  contacts: number;
}

const SEGMENTS = ['enterprise', 'commercial', 'scale'];
const STAGES = ['onboarding', 'adoption', 'steady', 'renewal', 'at_risk'];
const DEPLOYMENTS = ['saas', 'self_managed', 'dedicated'];
const TAGS = ['strategic', 'expansion', 'emea', 'amer', 'apac', 'migration'];

async function insertChunks<T>(db: Db, table: string, rows: T[], size = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table as never)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/**
 * A generated book of business: 200 CSMs with ~100 accounts each (20,000 accounts), five
 * contacts per account (100,000), tags and an AE on every account team. Deterministic.
 */
export async function generateBookOfBusiness(db: Db, accounts = 20_000, contactsPerAccount = 5): Promise<BookOfBusiness> {
  const random = seededRandom(42);
  const now = new Date('2026-11-20T10:00:00Z');
  const at = now.toISOString();
  const csmCount = Math.max(1, Math.round(accounts / 100));
  const hash = await hashPassword('benchmark-password');
  const users = Array.from({ length: csmCount + 1 }, (_, i) => ({
    id: uuidv7(),
    email: i === csmCount ? 'ae@bench.example' : `csm${i}@bench.example`,
    name: i === csmCount ? 'Bench AE' : `CSM ${i}`,
    role: 'csm',
    timezone: 'UTC',
    manager_id: null,
    password_hash: hash,
    active: 1,
    created_at: at,
    updated_at: at,
  }));
  const aeId = users[csmCount]!.id;
  const csmIds = users.slice(0, csmCount).map((u) => u.id);
  await db.transaction().execute(async (tx) => {
    await insertChunks(tx as unknown as Db, 'users', users);
    const accountRows = [];
    const tagRows = [];
    const teamRows = [];
    const contactRows = [];
    for (let i = 0; i < accounts; i += 1) {
      const id = uuidv7();
      const ownerId = csmIds[i % csmCount]!;
      const renewal = new Date(now.getTime() + Math.floor(random() * 400) * 86_400_000).toISOString().slice(0, 10);
      accountRows.push({
        id,
        name: `Account ${String(i).padStart(5, '0')} ${['Labs', 'Systems', 'Group', 'Cloud', 'Health'][i % 5]}`,
        segment: SEGMENTS[i % 3]!,
        stage: STAGES[Math.floor(random() * STAGES.length)]!,
        deployment: DEPLOYMENTS[Math.floor(random() * 3)]!,
        product_version: null,
        arr: Math.round(random() * 500) * 1000,
        renewal_date: renewal,
        contract_start_date: null,
        licences_bought: 100,
        licences_used: Math.floor(random() * 120),
        owner_id: ownerId,
        timezone: 'UTC',
        security_alerts_opt_in: random() > 0.5 ? 1 : 0,
        health_colour: null,
        health_score: null,
        external_id: `BENCH-${i}`,
        crm_id: null,
        archived_at: null,
        created_at: at,
        updated_at: at,
      });
      tagRows.push({ account_id: id, tag: TAGS[i % TAGS.length]! });
      teamRows.push({ account_id: id, user_id: ownerId, role: 'csm' }, { account_id: id, user_id: aeId, role: 'ae' });
      for (let c = 0; c < contactsPerAccount; c += 1) {
        contactRows.push({
          id: uuidv7(),
          account_id: id,
          name: `Contact ${i}-${c}`,
          email: `c${c}@account${i}.example`,
          title: null,
          role: c === 0 ? 'champion' : c === 1 ? 'economic_buyer' : 'user',
          status: 'active',
          phone: null,
          external_id: null,
          archived_at: null,
          created_at: at,
          updated_at: at,
        });
      }
    }
    const t = tx as unknown as Db;
    await insertChunks(t, 'accounts', accountRows, 400);
    await insertChunks(t, 'account_tags', tagRows);
    await insertChunks(t, 'account_team_members', teamRows);
    await insertChunks(t, 'contacts', contactRows, 500);
  });
  // A live database has planner statistics; a freshly bulk-loaded one has none until analysed.
  await sql`analyze`.execute(db).catch(() => sql`analyze`.execute(db));
  return { csmIds, benchCsmId: csmIds[7]!, accounts, contacts: accounts * contactsPerAccount };
}

/**
 * `perAccount` calls for every account: all but the last held over the past year (one every ~18
 * days, notes and sentiment set), the last planned in the coming weeks. Written in chunks as
 * they are made, so two million meetings never sit in memory at once. Deterministic.
 */
export async function generateMeetings(db: Db, perAccount = 20): Promise<number> {
  const random = seededRandom(7);
  const now = new Date('2026-11-20T10:00:00Z').getTime();
  const at = new Date(now).toISOString();
  const accounts = await db.selectFrom('accounts').select(['id', 'owner_id']).orderBy('id').execute();
  let written = 0;
  let batch: Record<string, unknown>[] = [];
  const flush = async (tx: Db) => {
    await insertChunks(tx, 'meetings', batch, 400);
    written += batch.length;
    batch = [];
  };
  await db.transaction().execute(async (tx) => {
    for (const account of accounts) {
      for (let m = 0; m < perAccount; m += 1) {
        const planned = m === perAccount - 1;
        const starts = planned ? now + Math.floor(1 + random() * 30) * 86_400_000 : now - (perAccount - 1 - m) * 18 * 86_400_000 - Math.floor(random() * 5) * 86_400_000;
        const startsAt = new Date(starts).toISOString();
        batch.push({
          id: uuidv7(),
          account_id: account.id,
          series_id: null,
          type: m === 0 ? 'kickoff' : 'cadence',
          title: planned ? 'Cadence call' : `Cadence call ${m + 1}`,
          starts_at: startsAt,
          ends_at: new Date(starts + 30 * 60_000).toISOString(),
          timezone: 'UTC',
          state: planned ? 'planned' : 'complete',
          sequence: 0,
          recurrence: null,
          location: null,
          recording_url: null,
          notes: planned ? '' : `Discussed the roadmap and open tickets (${m + 1}).`,
          notes_version: planned ? 0 : 1,
          csm_sentiment: planned ? null : ['positive', 'neutral', 'negative'][Math.floor(random() * 3)],
          product_sentiment: null,
          summary: null,
          organiser_id: account.owner_id,
          agenda_sent_at: planned ? null : startsAt,
          held_at: planned ? null : startsAt,
          followed_up_at: planned ? null : startsAt,
          completed_at: planned ? null : startsAt,
          cancelled_at: null,
          created_at: at,
          updated_at: at,
        });
        if (batch.length >= 20_000) await flush(tx as unknown as Db);
      }
    }
    if (batch.length) await flush(tx as unknown as Db);
    // Written around the meetings store: the cadence rows' last held call and sentiment in one go.
    await backfillMeetingFacts(tx as unknown as Db);
  });
  await sql`analyze`.execute(db).catch(() => undefined);
  return written;
}
