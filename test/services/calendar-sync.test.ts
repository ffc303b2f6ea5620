/**
 * Two-way calendar sync against a real CalDAV server (Debian's Radicale, started here on a free
 * port with a temporary folder), on SQLite and PostgreSQL: events booked in the calendar become
 * calls on the right account and follow moves and cancels made there; calls booked in Cadence are
 * written there under their invite's UID and are not read back as second calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingCreateSchema } from '../../src/domain/meeting/meeting-input.ts';
import { connectCalDav, assignUnmatchedEvent, ignoreUnmatchedEvent, listUnmatchedCalendarEvents, getCalendarConnectionView } from '../../src/services/calendar-sync/connections.ts';
import { syncCalendarConnection, syncDueCalendars } from '../../src/services/calendar-sync/sync-calendar.ts';
import { cancelMeeting } from '../../src/services/meetings/calendar.ts';
import { updateMeeting } from '../../src/services/meetings/move-meeting.ts';
import { scheduleMeeting } from '../../src/services/meetings/schedule-meeting.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { listOccurrenceLinks } from '../../src/store/calendar-sync.repo.ts';
import { findMeeting, listMeetings } from '../../src/store/meetings.repo.ts';
import { listTasks } from '../../src/store/tasks.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';
import { calendarApp, eventIcs, radicaleMissing, startRadicale, type Radicale } from '../helpers/radicale.ts';

const missing = radicaleMissing();
if (missing) console.warn(`calendar-sync tests skipped: ${missing}`);
const dialects = missing ? [] : await availableDialects();
const BASE = 'https://cadence.vendor.example';

describe.skipIf(missing !== null)('calendar sync with Radicale', () => {
  let server: Radicale;
  beforeAll(async () => {
    server = await startRadicale();
  });
  afterAll(async () => server?.stop());

  describe.each(dialects)('on %s', (dialect) => {
    let deps: TestDeps;
    let run = 0;
    beforeAll(async () => {
      deps = await createTestDeps(dialect, { baseUrl: BASE });
    });
    afterAll(async () => deps?.close());

    /** A CSM with a fresh calendar, two customer accounts with contacts, the connection made. */
    async function world() {
      run += 1;
      const login = `${dialect}${run}`;
      const { user: sam } = await makeUser(deps, 'csm', { email: `sam.${login}@vendor.example` });
      const globex = await makeAccount(deps, { name: `Globex ${login}`, ownerId: sam.id, timezone: 'Europe/Berlin' });
      const initech = await makeAccount(deps, { name: `Initech ${login}`, ownerId: sam.id });
      const hana = await makeContact(deps, globex.id, { name: 'Hana Tanaka', role: 'champion', email: `hana@globex-${login}.com` });
      await makeContact(deps, initech.id, { name: 'Bill Lumbergh', role: 'economic_buyer', email: `bill@initech-${login}.com` });
      const app = calendarApp(server, login);
      await app.makeCalendar('work');
      const connection = await connectCalDav(deps, LOCAL_OPERATOR, sam.id, { provider: 'caldav', url: server.url, username: login, password: 'secret' });
      const sync = async () => {
        const r = await syncCalendarConnection(deps, connection.id);
        expect(r.status, r.error ?? '').toBe('ok');
        return r.counts;
      };
      return { login, sam, globex, initech, hana, app, connection, sync };
    }

    const meetingsOf = async (accountId: string) => listMeetings(deps.store.db, { accountIds: [accountId], scopeUserIds: null }, 100);

    it('an event with a Globex contact becomes a call on Globex; moving and cancelling it in the calendar moves and cancels the call', async () => {
      const w = await world();
      const ics = (start: string, end: string, extra: Partial<Parameters<typeof eventIcs>[0]> = {}) =>
        eventIcs({
          uid: 'evt-1@calendar.app',
          start,
          end,
          summary: 'Globex roadmap',
          organiser: w.sam.email,
          attendees: [w.sam.email, w.hana.email!, 'ceo@globex-' + w.login + '.com'],
          location: 'https://globex.zoom.us/j/123456?pwd=abc',
          ...extra,
        });
      expect(await w.app.put('work', 'evt-1.ics', ics('2026-12-08T14:00:00Z', '2026-12-08T14:45:00Z'))).toBe(201);

      const first = await w.sync();
      expect(first).toMatchObject({ created: 1, skipped: 0 });
      const [call] = await meetingsOf(w.globex.id);
      expect(call).toMatchObject({ title: 'Globex roadmap', startsAt: '2026-12-08T14:00:00Z', endsAt: '2026-12-08T14:45:00Z', state: 'planned' });
      expect(call!.attendees.map((a) => a.email).sort()).toEqual([`ceo@globex-${w.login}.com`, w.hana.email, w.sam.email].sort());
      expect(call!.attendees.find((a) => a.email === w.hana.email)).toMatchObject({ kind: 'contact', id: w.hana.id, side: 'customer' });
      const [link] = await listOccurrenceLinks(deps.store.db, w.connection.id, 'evt-1@calendar.app');
      expect(link?.conferenceUrl).toBe('https://globex.zoom.us/j/123456?pwd=abc');

      // Nothing new: nothing written.
      expect(await w.sync()).toMatchObject({ created: 0, updated: 0, cancelled: 0 });

      await w.app.put('work', 'evt-1.ics', ics('2026-12-09T09:00:00Z', '2026-12-09T09:30:00Z', { sequence: 1 }));
      expect(await w.sync()).toMatchObject({ created: 0, updated: 1 });
      expect(await findMeeting(deps.store.db, call!.id)).toMatchObject({ startsAt: '2026-12-09T09:00:00Z', endsAt: '2026-12-09T09:30:00Z', state: 'planned' });

      await w.app.put('work', 'evt-1.ics', ics('2026-12-09T09:00:00Z', '2026-12-09T09:30:00Z', { sequence: 2, status: 'CANCELLED' }));
      expect(await w.sync()).toMatchObject({ cancelled: 1 });
      expect((await findMeeting(deps.store.db, call!.id))?.state).toBe('cancelled');
      expect(await meetingsOf(w.globex.id)).toHaveLength(1);
    });

    it('an event deleted in the calendar cancels its call, and one already held stays held', async () => {
      const w = await world();
      await w.app.put('work', 'a.ics', eventIcs({ uid: 'a@app', start: '2026-12-10T10:00:00Z', end: '2026-12-10T10:30:00Z', attendees: [w.sam.email, w.hana.email!] }));
      await w.app.put('work', 'b.ics', eventIcs({ uid: 'b@app', start: '2026-11-19T10:00:00Z', end: '2026-11-19T10:30:00Z', attendees: [w.sam.email, w.hana.email!] }));
      expect(await w.sync()).toMatchObject({ created: 2 });
      const [held, later] = await meetingsOf(w.globex.id);
      await deps.store.db.updateTable('meetings').set({ state: 'held', held_at: '2026-11-19T10:30:00Z' }).where('id', '=', held!.id).execute();
      await w.app.delete('work', 'a.ics');
      await w.app.put('work', 'b.ics', eventIcs({ uid: 'b@app', start: '2026-11-19T11:00:00Z', end: '2026-11-19T11:30:00Z', attendees: [w.sam.email, w.hana.email!] }));
      await w.sync();
      expect((await findMeeting(deps.store.db, later!.id))?.state).toBe('cancelled');
      expect(await findMeeting(deps.store.db, held!.id)).toMatchObject({ state: 'held', startsAt: '2026-11-19T10:00:00Z' });
    });

    it('a weekly series becomes one call per week in the next 90 days; an EXDATE and a moved occurrence there cancel and move those calls', async () => {
      const w = await world();
      const series = (extra: string[] = [], exdates: string[] = []) =>
        eventIcs({ uid: 'weekly@app', start: '2026-12-01T10:00:00', end: '2026-12-01T10:30:00', tzid: 'Europe/Berlin', summary: 'Globex weekly', rrule: 'FREQ=WEEKLY;COUNT=20', exdates, attendees: [w.sam.email, w.hana.email!] }).replace(
          'END:VCALENDAR',
          extra.join('\r\n') + (extra.length ? '\r\n' : '') + 'END:VCALENDAR',
        );
      await w.app.put('work', 'weekly.ics', series());
      const first = await w.sync();
      const calls = await meetingsOf(w.globex.id);
      // 1 December 2026 + 90 days from 20 November reaches 18 February: 12 weeks.
      expect(first.created).toBe(12);
      expect(calls).toHaveLength(12);
      expect(calls[0]).toMatchObject({ startsAt: '2026-12-01T09:00:00Z', timezone: 'Europe/Berlin', title: 'Globex weekly' });
      expect(calls.map((c) => c.startsAt)).toContain('2027-01-05T09:00:00Z');

      const moved = [
        'BEGIN:VEVENT',
        'UID:weekly@app',
        'DTSTAMP:20261101T000000Z',
        'RECURRENCE-ID;TZID=Europe/Berlin:20261215T100000',
        'DTSTART;TZID=Europe/Berlin:20261216T150000',
        'DTEND;TZID=Europe/Berlin:20261216T153000',
        'SUMMARY:Globex weekly (moved)',
        `ATTENDEE:mailto:${w.hana.email}`,
        'END:VEVENT',
      ];
      await w.app.put('work', 'weekly.ics', series(moved, ['2026-12-08T10:00:00']));
      const second = await w.sync();
      expect(second).toMatchObject({ created: 0, cancelled: 1, updated: 1 });
      const after = await meetingsOf(w.globex.id);
      expect(after.find((c) => c.startsAt === '2026-12-08T09:00:00Z')?.state).toBe('cancelled');
      expect(after.find((c) => c.title === 'Globex weekly (moved)')).toMatchObject({ startsAt: '2026-12-16T14:00:00Z', state: 'planned' });
      expect(after).toHaveLength(12);
    });

    it('an all-day event with a customer becomes a call from midnight to midnight in the CSM’s zone', async () => {
      const w = await world();
      await w.app.put('work', 'onsite.ics', eventIcs({ uid: 'onsite@app', start: '2026-12-14', end: '2026-12-15', allDay: true, summary: 'Onsite at Globex', attendees: [w.sam.email, w.hana.email!] }));
      expect(await w.sync()).toMatchObject({ created: 1 });
      const [call] = await meetingsOf(w.globex.id);
      expect(call).toMatchObject({ title: 'Onsite at Globex', startsAt: '2026-12-14T00:00:00Z', endsAt: '2026-12-15T00:00:00Z' });
      const [link] = await listOccurrenceLinks(deps.store.db, w.connection.id, 'onsite@app');
      expect(link?.allDay).toBe(true);
    });

    it('internal-only, free-mail-only, attendee-less, 500-attendee and unknown-zone events are skipped with their reasons; nothing is written for them', async () => {
      const w = await world();
      const mine = { start: '2026-12-08T14:00:00Z', end: '2026-12-08T14:30:00Z', organiser: w.sam.email };
      await w.app.put('work', 'internal.ics', eventIcs({ ...mine, uid: 'internal@app', attendees: [w.sam.email, 'maria@vendor.example'] }));
      await w.app.put('work', 'alone.ics', eventIcs({ ...mine, uid: 'alone@app' }));
      await w.app.put('work', 'crowd.ics', eventIcs({ ...mine, uid: 'crowd@app', attendees: Array.from({ length: 500 }, (_, i) => `p${i}@globex-${w.login}.com`) }));
      await w.app.put('work', 'mars.ics', eventIcs({ ...mine, uid: 'mars@app', tzid: 'Mars/Olympus', start: '2026-12-08T14:00:00', end: '2026-12-08T14:30:00', attendees: [w.hana.email!] }));
      await w.app.put('work', 'gmail.ics', eventIcs({ ...mine, uid: 'gmail@app', attendees: [w.sam.email, 'someone@gmail.com'] }));
      const counts = await w.sync();
      expect(counts.reasons).toMatchObject({ internal_only: 1, no_attendees: 1, too_many_attendees: 1, unknown_timezone: 1 });
      expect(counts.created).toBe(0);
      expect(await meetingsOf(w.globex.id)).toHaveLength(0);
      // A free-mail address matches no account: listed for the CSM to decide.
      expect((await listUnmatchedCalendarEvents(deps, { id: w.sam.id, role: 'csm', reportIds: [], label: 'sam' })).map((e) => e.uid)).toEqual(['gmail@app']);
      const status = await getCalendarConnectionView(deps, LOCAL_OPERATOR, w.connection.id);
      expect(status).toMatchObject({ status: 'ok', lastError: null, lastCounts: { skipped: 4, unmatched: 1 } });
      expect(status.lastSuccessAt).not.toBeNull();
      expect(status.nextSyncAt).not.toBeNull();
    });

    it('an event matched to no account is listed; assigning it makes the call there, ignoring another is remembered', async () => {
      const w = await world();
      const sam = { id: w.sam.id, role: 'csm' as const, reportIds: [], label: 'sam' };
      await w.app.put('work', 'x.ics', eventIcs({ uid: 'x@app', start: '2026-12-11T15:00:00Z', end: '2026-12-11T15:30:00Z', summary: 'Intro with Umbrella', attendees: [w.sam.email, 'alice@umbrella.example'] }));
      await w.app.put('work', 'y.ics', eventIcs({ uid: 'y@app', start: '2026-12-12T15:00:00Z', end: '2026-12-12T15:30:00Z', summary: 'Dentist', attendees: [w.sam.email, 'desk@dentist.example'] }));
      expect(await w.sync()).toMatchObject({ unmatched: 2, created: 0 });
      const listed = await listUnmatchedCalendarEvents(deps, sam);
      expect(listed.map((e) => [e.title, e.attendees])).toEqual([
        ['Intro with Umbrella', ['alice@umbrella.example']],
        ['Dentist', ['desk@dentist.example']],
      ]);
      await assignUnmatchedEvent(deps, sam, listed[0]!.id, w.initech.id);
      await ignoreUnmatchedEvent(deps, sam, listed[1]!.id);
      const counts = await w.sync();
      expect(counts).toMatchObject({ created: 1 });
      expect((await meetingsOf(w.initech.id)).map((m) => m.title)).toEqual(['Intro with Umbrella']);
      expect(await listUnmatchedCalendarEvents(deps, sam)).toEqual([]);
      // Changed later in the calendar: still assigned, still ignored.
      await w.app.put('work', 'x.ics', eventIcs({ uid: 'x@app', start: '2026-12-11T16:00:00Z', end: '2026-12-11T16:30:00Z', summary: 'Intro with Umbrella', attendees: [w.sam.email, 'alice@umbrella.example'] }));
      await w.app.put('work', 'y.ics', eventIcs({ uid: 'y@app', start: '2026-12-12T16:00:00Z', end: '2026-12-12T16:30:00Z', summary: 'Dentist', attendees: [w.sam.email, 'desk@dentist.example'] }));
      expect((await w.sync()).reasons).toMatchObject({ ignored: 1 });
      expect((await meetingsOf(w.initech.id)).map((m) => m.startsAt)).toEqual(['2026-12-11T16:00:00Z']);
    });

    it('a call scheduled, moved and cancelled in Cadence is written to the calendar under its invite’s UID, and never read back as a second call', async () => {
      const w = await world();
      const actor = { id: w.sam.id, role: 'csm' as const, reportIds: [], label: 'sam' };
      const call = await scheduleMeeting(deps, actor, MeetingCreateSchema.parse({ accountId: w.globex.id, startsAt: '2026-12-03T13:00:00Z', durationMinutes: 30, acknowledgeOutOfHours: true }));
      let objects = await w.app.list('work');
      expect(objects).toHaveLength(1);
      expect(objects[0]!.ics).toContain(`UID:${call.id}@cadence.vendor.example`);
      expect(objects[0]!.ics).toContain(`${BASE}/meetings/${call.id}`);
      expect(objects[0]!.ics).not.toMatch(/^METHOD:/m);

      expect(await w.sync()).toMatchObject({ created: 0, updated: 0 });
      expect(await meetingsOf(w.globex.id)).toHaveLength(1);

      await updateMeeting(deps, actor, call.id, { startsAt: '2026-12-04T13:00:00Z', acknowledgeOutOfHours: true });
      objects = await w.app.list('work');
      expect(objects).toHaveLength(1);
      expect(objects[0]!.ics).toMatch(/DTSTART;TZID=Europe\/Berlin:20261204T140000/);

      // Moved in the calendar app by the CSM: Cadence follows.
      const moved = objects[0]!.ics.replace(/DTSTART;TZID=Europe\/Berlin:20261204T140000/, 'DTSTART;TZID=Europe/Berlin:20261205T100000').replace(/DTEND;TZID=Europe\/Berlin:20261204T143000/, 'DTEND;TZID=Europe/Berlin:20261205T103000');
      await w.app.put('work', objects[0]!.href.split('/').pop()!, moved);
      expect(await w.sync()).toMatchObject({ created: 0, updated: 1 });
      expect(await findMeeting(deps.store.db, call.id)).toMatchObject({ startsAt: '2026-12-05T09:00:00Z' });
      expect(await meetingsOf(w.globex.id)).toHaveLength(1);

      await cancelMeeting(deps, actor, call.id);
      expect(await w.app.list('work')).toHaveLength(0);
      expect(await w.sync()).toMatchObject({ created: 0 });
      expect((await findMeeting(deps.store.db, call.id))?.state).toBe('cancelled');
    });

    it('a series scheduled in Cadence is one event with its RRULE there; a call cancelled in Cadence becomes an EXDATE, and one deleted there is cancelled in Cadence', async () => {
      const w = await world();
      const actor = { id: w.sam.id, role: 'csm' as const, reportIds: [], label: 'sam' };
      const first = await scheduleMeeting(
        deps,
        actor,
        MeetingCreateSchema.parse({ accountId: w.globex.id, startsAt: '2026-12-02T13:00:00Z', durationMinutes: 30, acknowledgeOutOfHours: true, recurrence: { frequency: 'weekly', count: 4 } }),
      );
      let [object] = await w.app.list('work');
      expect(object!.ics).toContain(`UID:${first.seriesId}@cadence.vendor.example`);
      expect(object!.ics).toMatch(/RRULE:FREQ=WEEKLY;COUNT=4/);
      const calls = await meetingsOf(w.globex.id);
      await cancelMeeting(deps, actor, calls[1]!.id);
      [object] = await w.app.list('work');
      expect(object!.ics).toMatch(/EXDATE;TZID=Europe\/Berlin:20261209T140000/);
      expect(await w.sync()).toMatchObject({ created: 0, cancelled: 0 });

      // The CSM removes the third call in the calendar app (an EXDATE added there).
      await w.app.put('work', object!.href.split('/').pop()!, object!.ics.replace('EXDATE;TZID=Europe/Berlin:20261209T140000', 'EXDATE;TZID=Europe/Berlin:20261209T140000,20261216T140000'));
      expect(await w.sync()).toMatchObject({ created: 0, cancelled: 1 });
      expect((await meetingsOf(w.globex.id)).map((c) => c.state)).toEqual(['planned', 'cancelled', 'cancelled', 'planned']);
    });

    it('a calendar deleted on the server is dropped from the connection with a message in words; its calls are kept', async () => {
      const w = await world();
      await w.app.makeCalendar('private');
      await w.app.put('private', 'p.ics', eventIcs({ uid: 'p@app', start: '2026-12-10T10:00:00Z', end: '2026-12-10T10:30:00Z', attendees: [w.sam.email, w.hana.email!] }));
      // The connection discovered only "work" when it was made: connect again to see both.
      const again = await connectCalDav(deps, LOCAL_OPERATOR, w.sam.id, { provider: 'caldav', url: server.url, username: w.login, password: 'secret' });
      expect(again.id).toBe(w.connection.id);
      expect(again.calendars.map((c) => c.name).sort()).toEqual([`${w.login}/private`, `${w.login}/work`]);
      expect(await w.sync()).toMatchObject({ created: 1 });
      await w.app.deleteCalendar('private');
      const r = await syncCalendarConnection(deps, w.connection.id);
      expect(r.status).toBe('ok');
      const status = await getCalendarConnectionView(deps, LOCAL_OPERATOR, w.connection.id);
      expect(status.lastError).toMatch(/The calendar “.*private” is no longer on the server.*meetings it brought into Cadence were kept/);
      expect(status.calendars.map((c) => c.name)).toEqual([`${w.login}/work`]);
      expect((await meetingsOf(w.globex.id)).map((m) => m.state)).toEqual(['planned']);
    });

    it('two nodes syncing one connection at once: one syncs, the other finds it busy', async () => {
      const w = await world();
      await w.app.put('work', 'a.ics', eventIcs({ uid: 'a@app', start: '2026-12-10T10:00:00Z', end: '2026-12-10T10:30:00Z', attendees: [w.sam.email, w.hana.email!] }));
      const both = await Promise.all([syncCalendarConnection(deps, w.connection.id), syncCalendarConnection(deps, w.connection.id)]);
      expect(both.map((r) => r.status).sort()).toEqual(['busy', 'ok']);
      expect(await meetingsOf(w.globex.id)).toHaveLength(1);
    });
  });
});

describe.skipIf(missing !== null)('calendar sync when the password stops working (Radicale with htpasswd)', () => {
  let server: Radicale;
  beforeAll(async () => {
    server = await startRadicale({ users: { kim: 'first-password' } });
  });
  afterAll(async () => server?.stop());

  it.each(dialects)('on %s: a 401 marks the connection needs_reauth, says so in words, is not tried again, and a task tells its owner once it is silent', async (dialect) => {
    const deps = await createTestDeps(dialect, { baseUrl: BASE });
    try {
      const { user: kim } = await makeUser(deps, 'csm', { email: `kim.${dialect}@vendor.example` });
      const app = calendarApp(server, 'kim', 'first-password');
      await app.makeCalendar(`work-${dialect}`);
      await expect(connectCalDav(deps, LOCAL_OPERATOR, kim.id, { provider: 'caldav', url: server.url, username: 'kim', password: 'wrong' })).rejects.toMatchObject({ code: 'invalid', field: 'password' });
      const connection = await connectCalDav(deps, LOCAL_OPERATOR, kim.id, { provider: 'caldav', url: server.url, username: 'kim', password: 'first-password' });
      expect((await syncCalendarConnection(deps, connection.id)).status).toBe('ok');

      server.setPassword('kim', 'changed-password');
      const r = await syncCalendarConnection(deps, connection.id);
      expect(r.status).toBe('needs_reauth');
      const status = await getCalendarConnectionView(deps, LOCAL_OPERATOR, connection.id);
      expect(status).toMatchObject({ status: 'needs_reauth', nextSyncAt: null });
      expect(status.lastError).toMatch(/refused the user name or password \(HTTP 401\).*Connect again/);
      // Never loops: the scheduled run leaves it alone until the user connects again.
      deps.setNow('2026-11-20T11:30:00Z');
      const due = await syncDueCalendars(deps);
      expect(due.results).toEqual([]);
      expect(due.silentTasks).toBe(1);
      expect((await syncDueCalendars(deps)).silentTasks).toBe(0);
      const [task] = await listTasks(deps.store.db, { assigneeId: kim.id, status: ['open'] });
      expect(task?.title).toMatch(/has not synced since .*refused the user name or password/);

      await connectCalDav(deps, LOCAL_OPERATOR, kim.id, { provider: 'caldav', url: server.url, username: 'kim', password: 'changed-password' });
      expect((await syncCalendarConnection(deps, connection.id)).status).toBe('ok');
      expect(await listTasks(deps.store.db, { assigneeId: kim.id, status: ['open'] })).toEqual([]);
    } finally {
      server.setPassword('kim', 'first-password');
      await deps.close();
    }
  });
});
