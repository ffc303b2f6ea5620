/**
 * The due-state scan reads each account's last held call and last sentiment from its cadence row
 * instead of scanning meetings. On random meeting histories (held, cancelled, sentiment set and
 * cleared, meetings moved between accounts), written through the meetings store, the due state
 * computed from the row equals the one computed by scanning meetings, on both databases. Also the
 * migration's backfill (backfillMeetingFacts) gives the same answer as the incremental upkeep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessCalendar } from '../../src/domain/calendar/business-calendar.ts';
import { cadenceDue, DEFAULT_POLICY, effectiveCadence } from '../../src/domain/cadence/cadence.ts';
import type { HealthColour, Segment, Stage } from '../../src/domain/model.ts';
import { MeetingCreateSchema } from '../../src/domain/meeting/meeting-input.ts';
import { seededRandom } from '../../src/services/setup/demo-data.ts';
import { scheduleMeeting } from '../../src/services/meetings/schedule-meeting.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { backfillMeetingFacts, loadCadenceFacts, loadPlaybookFacts, type CadenceFacts } from '../../src/store/cadence.repo.ts';
import { findMeeting, insertMeeting, saveMeeting, type MeetingRecord } from '../../src/store/meetings.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';

const dialects = await availableDialects();

/** The scan the cadence store did before: max(held_at) over held, not cancelled meetings, and over meetings with a sentiment. */
async function scanned(deps: TestDeps): Promise<Map<string, { lastCallAt: string | null; lastSentimentAt: string | null }>> {
  const db = deps.store.db;
  const calls = await db
    .selectFrom('meetings')
    .select(['account_id', (eb) => eb.fn.max('held_at').as('at')])
    .where('held_at', 'is not', null)
    .where('state', '!=', 'cancelled')
    .groupBy('account_id')
    .execute();
  const sentiments = await db
    .selectFrom('meetings')
    .select(['account_id', (eb) => eb.fn.max('held_at').as('at')])
    .where('csm_sentiment', 'is not', null)
    .groupBy('account_id')
    .execute();
  const out = new Map<string, { lastCallAt: string | null; lastSentimentAt: string | null }>();
  const entry = (id: string) => out.get(id) ?? out.set(id, { lastCallAt: null, lastSentimentAt: null }).get(id)!;
  for (const r of calls) entry(r.account_id).lastCallAt = r.at === null ? null : String(r.at);
  for (const r of sentiments) entry(r.account_id).lastSentimentAt = r.at === null ? null : String(r.at);
  return out;
}

const calendar = businessCalendar(['2026-12-25']);
function dueOf(f: Pick<CadenceFacts, 'segment' | 'stage' | 'healthColour' | 'lastTouchAt' | 'createdAt' | 'timezone'>, lastCallAt: string | null, now: Date) {
  const cadence = effectiveCadence(DEFAULT_POLICY, { segment: f.segment as Segment, stage: f.stage as Stage }, f.healthColour as HealthColour | null, null);
  return cadenceDue({ cadence, lastCallAt, lastTouchAt: f.lastTouchAt, since: f.createdAt, timezone: f.timezone, touchFloorDays: 30, dueSoonDays: 7 }, now, calendar);
}

describe.each(dialects)('last held call and sentiment on the cadence row on %s', (dialect) => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
  });
  afterAll(async () => {
    await deps.close();
  });

  it('random meeting histories: due state from the cadence row equals due state from scanning meetings', async () => {
    const random = seededRandom(16);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const accounts: { id: string }[] = [];
    for (let i = 0; i < 12; i++) accounts.push(await makeAccount(deps, { name: `Random ${i}`, segment: pick(['enterprise', 'commercial', 'scale']), timezone: pick(['UTC', 'Europe/London', 'America/New_York', 'Asia/Tokyo']) }));
    const template = await scheduleMeeting(deps, LOCAL_OPERATOR, MeetingCreateSchema.parse({ accountId: accounts[0]!.id, startsAt: '2026-10-01T09:00:00Z' }));
    const meetings: MeetingRecord[] = [(await findMeeting(deps.store.db, template.id))!];
    const day = (offset: number) => new Date(Date.parse('2026-11-20T10:00:00Z') - offset * 86_400_000).toISOString();

    for (let step = 0; step < 300; step++) {
      const roll = random();
      await deps.store.db.transaction().execute(async (tx) => {
        if (roll < 0.35 || meetings.length < 5) {
          const startsAt = day(Math.floor(random() * 200) - 20);
          const held = random() < 0.7;
          const m: MeetingRecord = {
            ...meetings[0]!,
            id: deps.newId(),
            accountId: pick(accounts).id,
            startsAt,
            endsAt: null,
            state: held ? 'held' : 'planned',
            heldAt: held ? startsAt : null,
            csmSentiment: held && random() < 0.6 ? pick(['green', 'yellow', 'red'] as const) : null,
            attendees: [],
          };
          await insertMeeting(tx, m, deps.newId);
          meetings.push(m);
          return;
        }
        const i = Math.floor(random() * meetings.length);
        const m = { ...meetings[i]! };
        if (roll < 0.5) Object.assign(m, { state: 'cancelled', cancelledAt: day(0) });
        else if (roll < 0.65) Object.assign(m, { state: 'held', heldAt: m.heldAt ?? m.startsAt });
        else if (roll < 0.75) Object.assign(m, { csmSentiment: m.csmSentiment ? null : pick(['green', 'red'] as const) });
        else if (roll < 0.85) Object.assign(m, { accountId: pick(accounts).id });
        else Object.assign(m, { heldAt: day(Math.floor(random() * 100)), state: pick(['held', 'followed_up', 'complete'] as const) });
        await saveMeeting(tx, m);
        meetings[i] = m;
      });
    }

    const now = deps.now();
    // The last sentiment is a playbook fact, read beside the due-state facts.
    const withSentiment = async () => {
      const more = await loadPlaybookFacts(deps.store.db);
      return (await loadCadenceFacts(deps.store.db, null)).map((f) => ({ ...f, lastSentimentAt: more.get(f.id)?.lastSentimentAt ?? null }));
    };
    const facts = await withSentiment();
    const reference = await scanned(deps);
    let withCalls = 0;
    for (const f of facts) {
      const want = reference.get(f.id) ?? { lastCallAt: null, lastSentimentAt: null };
      expect({ id: f.id, lastCallAt: f.lastCallAt, lastSentimentAt: f.lastSentimentAt }).toEqual({ id: f.id, ...want });
      expect(dueOf(f, f.lastCallAt, now)).toEqual(dueOf(f, want.lastCallAt, now));
      if (want.lastCallAt) withCalls += 1;
    }
    // The random history really exercised it: most accounts have a held call, some had one cancelled away.
    expect(withCalls).toBeGreaterThan(6);

    // The migration's backfill, run over the same meetings, lands on the same values.
    await deps.store.db.updateTable('account_cadence').set({ last_held_call_at: '1999-01-01T00:00:00.000Z', last_sentiment_at: null }).execute();
    await backfillMeetingFacts(deps.store.db);
    const backfilled = await withSentiment();
    expect(backfilled.map((f) => [f.id, f.lastCallAt, f.lastSentimentAt])).toEqual(facts.map((f) => [f.id, f.lastCallAt, f.lastSentimentAt]));
  });
});
