import { sql } from 'kysely';
import { uuidv7 } from 'uuidv7';
import { seededRandom } from '../src/services/setup/demo-data.ts';
import { recomputeHealth } from '../src/services/health/health.ts';
import type { Db } from '../src/store/database.ts';
import type { ActionItemsTable, MeetingsTable, TrackerItemsTable } from '../src/store/schema.ts';
import { listLiveAccountIds, loadActiveOverrides, loadHealthAccounts, loadHealthActionItems, loadHealthContacts, loadHealthMeetings, loadLatestResults, loadTicketCounts } from '../src/store/health.repo.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { generateBookOfBusiness } from './generate.ts';
import { round, withRatios, type BenchResult, type BenchRow } from './harness.ts';

const DAY = 86_400_000;

/** Six calls per account over the last 90 days (some with sentiment), customer action items and tickets. */
async function addHistory(db: Db, now: Date): Promise<{ meetings: number }> {
  const random = seededRandom(7);
  const accounts = await db.selectFrom('accounts').select('id').execute();
  const meetings: MeetingsTable[] = [];
  const items: ActionItemsTable[] = [];
  const tickets: TrackerItemsTable[] = [];
  for (const { id } of accounts) {
    for (let k = 0; k < 6; k += 1) {
      const starts = new Date(now.getTime() - (k * 15 + 2) * DAY).toISOString();
      const held = random() > 0.15;
      meetings.push({
        id: uuidv7(),
        account_id: id,
        series_id: null,
        type: 'cadence',
        title: 'Call',
        starts_at: starts,
        ends_at: starts,
        timezone: 'UTC',
        state: held ? 'complete' : 'planned',
        sequence: 0,
        recurrence: null,
        location: null,
        recording_url: null,
        notes: '',
        notes_version: 0,
        csm_sentiment: held && k % 2 === 0 ? (['green', 'yellow', 'red'][Math.floor(random() * 3)] as string) : null,
        product_sentiment: held && k === 0 ? 'green' : null,
        summary: null,
        organiser_id: null,
        agenda_sent_at: random() > 0.3 ? new Date(Date.parse(starts) - 3 * DAY).toISOString() : null,
        held_at: held ? starts : null,
        followed_up_at: held && random() > 0.3 ? new Date(Date.parse(starts) + 3_600_000).toISOString() : null,
        completed_at: null,
        cancelled_at: null,
        created_at: starts,
        updated_at: starts,
      });
    }
    for (let k = 0; k < 3; k += 1) {
      const due = new Date(now.getTime() - (k * 20 + 1) * DAY).toISOString().slice(0, 10);
      items.push({
        id: uuidv7(),
        account_id: id,
        meeting_id: null,
        text: 'Do it',
        side: 'customer',
        owner_user_id: null,
        owner_contact_id: null,
        owner_name: 'Them',
        due_date: due,
        status: random() > 0.4 ? 'done' : 'open',
        update_note: null,
        expected_update_on: null,
        source: 'manual',
        completed_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    }
    if (random() > 0.5) {
      tickets.push({
        id: uuidv7(),
        account_id: id,
        source: 'zendesk',
        external_id: `Z-${id}`,
        title: 'Broken',
        status: 'open',
        raw_status: 'open',
        priority: random() > 0.8 ? 'urgent' : 'normal',
        url: null,
        raised_in_meeting_id: null,
        dismissed_reason: null,
        opened_at: now.toISOString(),
        closed_at: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
    }
  }
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < meetings.length; i += 300)
      await tx
        .insertInto('meetings')
        .values(meetings.slice(i, i + 300))
        .execute();
    for (let i = 0; i < items.length; i += 400)
      await tx
        .insertInto('action_items')
        .values(items.slice(i, i + 400))
        .execute();
    for (let i = 0; i < tickets.length; i += 400)
      await tx
        .insertInto('support_tickets')
        .values(tickets.slice(i, i + 400))
        .execute();
    await tx.updateTable('accounts').set({ contract_start_date: '2026-02-01', created_at: '2025-06-01T00:00:00.000Z' }).execute();
  });
  await sql`analyze`.execute(db);
  return { meetings: meetings.length };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function row(name: string, samples: number[], extra: Partial<BenchRow> = {}): BenchRow {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { case: name, p50_ms: at(0.5), p95_ms: at(0.95), ...extra };
}

/**
 * Recomputing health for a 20,000-account book through the service: the first run (every account
 * scored for the first time: history rows, account columns and timeline entries written), an
 * unchanged rerun (nothing written), against the bare reads of the same inputs.
 */
async function runOn(dialect: DialectName): Promise<BenchResult> {
  const deps = await createTestDeps(dialect);
  try {
    const started = Date.now();
    const book = await generateBookOfBusiness(deps.store.db);
    const history = await addHistory(deps.store.db, deps.now());
    console.log(`${dialect}: generated ${book.accounts} accounts, ${book.contacts} contacts and ${history.meetings} meetings in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const db = deps.store.db;
    const reset = async () => {
      await db.deleteFrom('timeline_entries').where('kind', '=', 'health.changed').execute();
      await db.deleteFrom('health_scores').execute();
      await db.updateTable('accounts').set({ health_colour: null, health_score: null }).execute();
    };
    const now = deps.now();
    const since = new Date(now.getTime() - 90 * DAY).toISOString();
    const readAll = async () => {
      const ids = await listLiveAccountIds(db);
      for (let i = 0; i < ids.length; i += 400) {
        const chunk = ids.slice(i, i + 400);
        await loadHealthAccounts(db, chunk);
        await loadHealthMeetings(db, chunk, since, now.toISOString());
        await loadHealthActionItems(db, chunk, since.slice(0, 10), now.toISOString().slice(0, 10));
        await loadTicketCounts(db, chunk, ['new', 'open', 'pending', 'on_hold']);
        await loadHealthContacts(db, chunk);
        await loadLatestResults(db, chunk);
        await loadActiveOverrides(db, chunk, now.toISOString());
      }
    };

    const first: number[] = [];
    let summary = { scored: 0, changed: 0, colourChanged: 0 };
    for (let i = 0; i < 3; i += 1) {
      await reset();
      first.push(await timed(async () => (summary = await recomputeHealth(deps))));
    }
    if (summary.scored !== book.accounts || summary.changed !== book.accounts) throw new Error(`expected every account scored and changed, got ${JSON.stringify(summary)}`);
    const unchanged: number[] = [];
    for (let i = 0; i < 3; i += 1) unchanged.push(await timed(async () => (summary = await recomputeHealth(deps))));
    if (summary.changed !== 0) throw new Error(`a rerun changed ${summary.changed} accounts`);
    const reads: number[] = [];
    for (let i = 0; i < 3; i += 1) reads.push(await timed(readAll));
    const one: number[] = [];
    const target = (await listLiveAccountIds(db))[123]!;
    for (let i = 0; i < 50; i += 1) one.push(await timed(() => recomputeHealth(deps, [target])));

    const base = 'bare reads of the same inputs (20,000 accounts, same chunks)';
    return {
      benchmark: 'health-recompute',
      db: dialect,
      rows: withRatios([
        row(base, reads),
        row('recompute 20,000 accounts, first run (all written)', first, { baseline_case: base }),
        row('recompute 20,000 accounts, unchanged (nothing written)', unchanged, { baseline_case: base }),
        row('recompute one account', one),
      ]),
    };
  } finally {
    await deps.close();
  }
}

export default async function run(): Promise<BenchResult[]> {
  const results = [await runOn('sqlite')];
  if (await postgresAvailable()) results.push(await runOn('postgres'));
  return results;
}
