/**
 * A first sync writes a calendar in batches (one transaction per APPLY_BATCH objects) and leaves the
 * agendas of calls far ahead (or past) to be built when they come within the agenda window or are
 * opened. What a CSM notices: every call is there once with its people and timeline line, the next
 * two weeks' calls have their agenda, a later call gets one when opened, and one object the database
 * refuses is skipped with a reason while the rest of its batch is written.
 * The calendar is an in-memory CalDAV-shaped source (the Radicale tests cover the protocol); the
 * databases are real.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarObject, CalendarProvider } from '../../src/integrations/calendar/port.ts';
import { APPLY_BATCH } from '../../src/services/calendar-sync/apply-object.ts';
import { syncCalendarConnection } from '../../src/services/calendar-sync/sync-calendar.ts';
import { getAgenda } from '../../src/services/meetings/agenda.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { insertCalendarConnection } from '../../src/store/calendar-sync.repo.ts';
import { listTimeline } from '../../src/store/history.repo.ts';
import { listMeetings, loadAgenda } from '../../src/store/meetings.repo.ts';
import { searchNotes } from '../../src/store/notes-search.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';
import { eventIcs } from '../helpers/radicale.ts';

const dialects = await availableDialects();
const DAY = 86_400_000;

/** A calendar handing over these objects once (sync-collection with a token), nothing after. */
function calendarOf(objects: () => CalendarObject[]): CalendarProvider {
  let token = 0;
  return {
    provider: 'caldav',
    listCalendars: async () => [{ url: 'https://dav.test.example/sam/work/', name: 'work', writable: false }],
    changesSince: async (_url, cursor) => {
      if (cursor?.syncToken === String(token)) return { changed: [], deleted: [], cursor: { syncToken: String(token) }, full: false };
      token += 1;
      return { changed: objects(), deleted: [], cursor: { syncToken: String(token) }, full: true };
    },
    putObject: async () => {
      throw new Error('read-only');
    },
    deleteObject: async () => undefined,
  };
}

describe.each(dialects)('first calendar sync on %s', (dialect) => {
  let deps: TestDeps;
  let run = 0;
  beforeAll(async () => {
    deps = await createTestDeps(dialect);
  });
  afterAll(async () => deps?.close());

  async function world() {
    run += 1;
    deps.setNow('2026-11-20T10:00:00.000Z');
    const { user: sam } = await makeUser(deps, 'csm', { email: `sam.${dialect}${run}@vendor.example` });
    const accounts = [];
    for (let i = 0; i < 3; i += 1) {
      const account = await makeAccount(deps, { name: `Customer ${run}-${i}`, ownerId: sam.id });
      const contact = await makeContact(deps, account.id, { name: `Contact ${i}`, role: 'champion', email: `c${i}@customer-${dialect}-${run}-${i}.example` });
      accounts.push({ account, contact });
    }
    const id = deps.newId();
    const at = deps.now().toISOString();
    await insertCalendarConnection(deps.store.db, {
      id,
      userId: sam.id,
      provider: 'caldav',
      url: `https://dav.test.example/${run}/`,
      username: sam.email,
      secret: 'enc:v1:unused',
      calendars: [{ url: 'https://dav.test.example/sam/work/', name: 'work', writable: false }],
      writeCalendarUrl: null,
      status: 'new',
      intervalMinutes: 15,
      lastSuccessAt: null,
      lastAttemptAt: null,
      nextSyncAt: at,
      lastError: null,
      lastCounts: null,
      createdAt: at,
      updatedAt: at,
    });
    return { sam, accounts, connectionId: id };
  }

  /** n events, one a day from `from`, each with one customer's contact (round robin). */
  function events(w: Awaited<ReturnType<typeof world>>, n: number, from: string, title = (i: number) => `Call ${i}`): CalendarObject[] {
    return Array.from({ length: n }, (_, i) => {
      const start = new Date(Date.parse(from) + i * DAY);
      const { contact } = w.accounts[i % w.accounts.length]!;
      const uid = `first-${run}-${i}@calendar.app`;
      return {
        href: `https://dav.test.example/sam/work/${uid}.ics`,
        etag: `"${i}"`,
        ics: eventIcs({ uid, start: start.toISOString(), end: new Date(start.getTime() + 1_800_000).toISOString(), summary: title(i), organiser: w.sam.email, attendees: [w.sam.email, contact.email!] }),
      };
    });
  }

  const callsOf = async (w: Awaited<ReturnType<typeof world>>) => listMeetings(deps.store.db, { accountIds: w.accounts.map((a) => a.account.id), scopeUserIds: null }, 1000);

  it('more events than a batch all become calls once, with their people, timeline and search; the next two weeks have agendas, later ones get theirs when opened or when they come close', async () => {
    const w = await world();
    const n = APPLY_BATCH + 30;
    // From 10 days back to 120 days ahead: past calls, the agenda window (14 days), and far ahead.
    const provider = calendarOf(() => events(w, n, '2026-11-10T15:00:00Z'));
    const r = await syncCalendarConnection(deps, w.connectionId, { provider });
    expect(r.status, r.error ?? '').toBe('ok');
    // The read window is 30 days back to 90 days ahead: 10 + 90 = 100 days of events inside it.
    const calls = await callsOf(w);
    expect(r.counts.created).toBe(calls.length);
    expect(calls.length).toBeGreaterThan(90);
    expect(new Set(calls.map((c) => c.title)).size).toBe(calls.length);
    for (const c of calls) expect(c.attendees.map((a) => a.email).sort()).toHaveLength(2);

    const timeline = await listTimeline(deps.store.db, w.accounts[0]!.account.id, 500);
    expect(timeline.filter((t) => t.kind === 'meeting.imported')).toHaveLength(calls.filter((c) => c.accountId === w.accounts[0]!.account.id).length);
    expect((await searchNotes(deps.store.db, deps.store.dialect, 'Call 42', null, 10)).map((h) => h.meetingId)).toContain(calls.find((c) => c.title === 'Call 42')!.id);

    const now = deps.now().getTime();
    const soon = calls.filter((c) => Date.parse(c.startsAt) >= now && Date.parse(c.startsAt) < now + 14 * DAY);
    const later = calls.filter((c) => Date.parse(c.startsAt) >= now + 14 * DAY);
    const past = calls.filter((c) => Date.parse(c.startsAt) < now);
    expect(soon.length).toBeGreaterThan(10);
    for (const c of soon) expect((await loadAgenda(deps.store.db, c.id)).items.length, c.title).toBeGreaterThan(0);
    for (const c of [...later, ...past]) expect((await loadAgenda(deps.store.db, c.id)).items, c.title).toHaveLength(0);

    // Opened: built then, and kept (a second open does not build another).
    const opened = await getAgenda(deps, LOCAL_OPERATOR, later[0]!.id);
    expect(opened.items.length).toBeGreaterThan(0);
    expect((await getAgenda(deps, LOCAL_OPERATOR, later[0]!.id)).items.map((i) => i.id)).toEqual(opened.items.map((i) => i.id));
    expect((await getAgenda(deps, LOCAL_OPERATOR, past[0]!.id)).items.length).toBeGreaterThan(0);

    // Three weeks on, the next sync (nothing new in the calendar) builds the calls now within two weeks.
    deps.setNow(new Date(now + 21 * DAY));
    const again = await syncCalendarConnection(deps, w.connectionId, { provider });
    expect(again.counts).toMatchObject({ created: 0, updated: 0 });
    const close = later.filter((c) => Date.parse(c.startsAt) >= now + 21 * DAY && Date.parse(c.startsAt) < now + 35 * DAY && c.id !== later[0]!.id);
    expect(close.length).toBeGreaterThan(5);
    for (const c of close) expect((await loadAgenda(deps.store.db, c.id)).items.length, c.title).toBeGreaterThan(0);
    const far = later.filter((c) => Date.parse(c.startsAt) >= now + 36 * DAY);
    for (const c of far) expect((await loadAgenda(deps.store.db, c.id)).items, c.title).toHaveLength(0);
  });

  it('one object the database refuses is skipped with reason "error" and nothing of it is written; the rest of its batch is', async () => {
    const w = await world();
    // A database refusal on one call's insert, as a constraint or a full disk would give.
    if (dialect === 'postgres') {
      await sql`create or replace function refuse_call() returns trigger as $$ begin if new.title = 'Refused call' then raise exception 'refused'; end if; return new; end $$ language plpgsql`.execute(deps.store.db);
      await sql`create trigger refuse_call before insert on meetings for each row execute function refuse_call()`.execute(deps.store.db);
    } else {
      await sql`create trigger refuse_call before insert on meetings when new.title = 'Refused call' begin select raise(abort, 'refused'); end`.execute(deps.store.db);
    }
    try {
      const provider = calendarOf(() => events(w, 40, '2026-11-21T15:00:00Z', (i) => (i === 17 ? 'Refused call' : `Call ${i}`)));
      const r = await syncCalendarConnection(deps, w.connectionId, { provider });
      expect(r.status).toBe('ok');
      expect(r.counts).toMatchObject({ seen: 40, created: 39, skipped: 1, reasons: { error: 1 } });
      const calls = await callsOf(w);
      expect(calls).toHaveLength(39);
      expect(calls.map((c) => c.title)).not.toContain('Refused call');
      const timeline = await Promise.all(w.accounts.map((a) => listTimeline(deps.store.db, a.account.id, 500)));
      expect(timeline.flat().filter((t) => t.kind === 'meeting.imported')).toHaveLength(39);
    } finally {
      await sql`drop trigger refuse_call${sql.raw(dialect === 'postgres' ? ' on meetings' : '')}`.execute(deps.store.db);
    }
  });
});
