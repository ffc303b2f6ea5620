import { sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';

// CRM pushes had two retry paths: the old crm-retry job (crm_syncs.next_attempt_at) and the
// outbox (crm_log rows). A push the job delivered after the outbox gave up left a stale dead letter
// in Settings; a push queued before the outbox existed was retried by the job alone. The job is
// gone: pushes still owed move into the outbox, and dead letters of pushes the job delivered since
// are marked delivered.
const MAX_ATTEMPTS = 8; // the outbox's default (domain/outbox/retry.ts) when this ran

interface OwedPush {
  integration_id: string;
  meeting_id: string;
  status: string;
  next_attempt_at: string | null;
  last_error: string | null;
  integration_name: string | null;
  meeting_title: string | null;
  account_name: string | null;
}

interface DeadLog {
  id: string;
  payload: string;
  created_at: string;
}

const payloadOf = (integrationId: string, meetingId: string) => JSON.stringify({ integrationId, meetingId });

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();
  const owed = (
    await sql<OwedPush>`
      select s.integration_id, s.meeting_id, s.status, s.next_attempt_at, s.last_error,
             i.name as integration_name, m.title as meeting_title, a.name as account_name
      from crm_syncs s
      left join integrations i on i.id = s.integration_id
      left join meetings m on m.id = s.meeting_id
      left join accounts a on a.id = s.account_id
      where s.status in ('pending', 'failed')
      order by s.created_at, s.id`.execute(db)
  ).rows;
  for (const push of owed) {
    const payload = payloadOf(push.integration_id, push.meeting_id);
    const held = await sql<{ n: number }>`select count(*) as n from outbox where kind = 'crm_log' and payload = ${payload} and status in ('pending', 'dead')`.execute(db);
    if (Number(held.rows[0]?.n ?? 0) > 0) continue;
    const id = uuidv7();
    // Due when the job would have tried it. A failure the job had stopped retrying (next attempt unset) waited for a person: a dead letter, shown in Settings.
    const waiting = push.status === 'failed' && push.next_attempt_at === null;
    const summary = `${push.integration_name ?? 'CRM'}: log "${(push.meeting_title ?? push.meeting_id).slice(0, 100)}" on ${(push.account_name ?? 'an account').slice(0, 100)}`;
    await sql`
      insert into outbox (id, kind, idempotency_key, payload, summary, status, attempts, max_attempts, next_attempt_at, last_error, created_at, updated_at)
      values (${id}, 'crm_log', ${`cadence-crm_log-${id}`}, ${payload}, ${summary}, ${waiting ? 'dead' : 'pending'}, 0, ${MAX_ATTEMPTS}, ${push.next_attempt_at ?? now}, ${push.last_error}, ${now}, ${now})`.execute(db);
  }

  const dead = (await sql<DeadLog>`select id, payload, created_at from outbox where kind = 'crm_log' and status = 'dead'`.execute(db)).rows;
  for (const row of dead) {
    let target: { integrationId?: string; meetingId?: string };
    try {
      target = JSON.parse(row.payload) as typeof target;
    } catch {
      continue;
    }
    const sync = (
      await sql<{ external_id: string | null; synced_at: string | null }>`
        select external_id, synced_at from crm_syncs
        where integration_id = ${target.integrationId ?? ''} and meeting_id = ${target.meetingId ?? ''} and status = 'synced'`.execute(db)
    ).rows[0];
    if (!sync?.synced_at || sync.synced_at < row.created_at) continue;
    const result = `logged as ${sync.external_id ?? 'an activity'} (by the retry job the outbox replaced)`;
    await sql`update outbox set status = 'delivered', delivered_at = ${sync.synced_at}, result = ${result}, last_error = null, updated_at = ${now} where id = ${row.id}`.execute(db);
  }
}

export async function down(): Promise<void> {
  // Moved rows stay in the outbox: the older code delivers crm_log rows as well.
}
