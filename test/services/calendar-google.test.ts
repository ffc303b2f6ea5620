/**
 * Google Calendar connections against a local stand-in answering the shapes of the published
 * references (see test/helpers/fake-calendars.ts for the pages), on SQLite and PostgreSQL: the
 * OAuth sign-in with state and PKCE, events booked, moved and cancelled in Google becoming calls,
 * series and all-day events, 410 → full resync, 401 → one refresh, 429/403 rate limits retried,
 * a revoked grant → needs_reauth without looping, and calls booked in Cadence written once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingCreateSchema } from '../../src/domain/meeting/meeting-input.ts';
import { decryptSecret } from '../../src/integrations/secrets.ts';
import { getCalendarConnectionView } from '../../src/services/calendar-sync/connections.ts';
import { finishCalendarOAuth, startCalendarOAuth } from '../../src/services/calendar-sync/oauth.ts';
import { tokenContext } from '../../src/services/calendar-sync/oauth-clients.ts';
import { syncCalendarConnection } from '../../src/services/calendar-sync/sync-calendar.ts';
import { cancelMeeting } from '../../src/services/meetings/calendar.ts';
import { updateMeeting } from '../../src/services/meetings/move-meeting.ts';
import { scheduleMeeting } from '../../src/services/meetings/schedule-meeting.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { listCalendarConnections } from '../../src/store/calendar-sync.repo.ts';
import { findMeeting, listMeetings } from '../../src/store/meetings.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';
import { startFakeGoogle, type FakeGoogle } from '../helpers/fake-calendars.ts';

const dialects = await availableDialects();
const BASE = 'https://cadence.vendor.example/app';

describe.each(dialects)('Google Calendar on %s', (dialect) => {
  let deps: TestDeps;
  let run = 0;
  const fakes: FakeGoogle[] = [];
  beforeAll(async () => {
    deps = await createTestDeps(dialect, { baseUrl: BASE });
  });
  afterAll(async () => {
    await deps?.close();
    await Promise.all(fakes.map((f) => f.close()));
  });

  /** A CSM with a Google account (its own stand-in), a customer with a contact, connected through the OAuth flow. */
  async function world() {
    run += 1;
    const login = `${dialect}${run}`;
    const email = `sam.${login}@vendor.example`;
    const g = await startFakeGoogle({ email });
    fakes.push(g);
    const config = deps.config as { calendarOAuth?: unknown };
    // Each world's Google: the deps read the endpoints when a client is made.
    Object.defineProperty(deps, 'config', {
      value: {
        ...deps.config,
        calendarOAuth: {
          google: { clientId: 'cadence-client', clientSecret: 'cadence-secret', authorizeUrl: `${g.server.url}/o/oauth2/v2/auth`, tokenUrl: `${g.server.url}/token`, apiUrl: `${g.server.url}/calendar/v3` },
          microsoft: (config.calendarOAuth as { microsoft: unknown }).microsoft,
        },
      },
      configurable: true,
      writable: true,
    });
    const { user: sam } = await makeUser(deps, 'csm', { email });
    const actor = { id: sam.id, role: 'csm' as const, reportIds: [], label: 'sam' };
    const globex = await makeAccount(deps, { name: `Globex ${login}`, ownerId: sam.id, timezone: 'Europe/Berlin' });
    const hana = await makeContact(deps, globex.id, { name: 'Hana Tanaka', role: 'champion', email: `hana@globex-${login}.com` });
    const { url } = await startCalendarOAuth(deps, actor, `session-${login}`, 'google');
    const { code, state } = g.oauth.authorize(url);
    expect(await finishCalendarOAuth(deps, { actor, sessionId: `session-${login}` }, 'google', { code, state })).toBe(`${BASE}/settings/calendar-mail?connected=google`);
    const [connection] = await listCalendarConnections(deps.store.db, { userId: sam.id });
    const sync = async () => {
      const r = await syncCalendarConnection(deps, connection!.id);
      expect(r.status, r.error ?? '').toBe('ok');
      return r.counts;
    };
    const meetings = async () => listMeetings(deps.store.db, { accountIds: [globex.id], scopeUserIds: null }, 100);
    return { login, email, g, sam, actor, globex, hana, connection: connection!, sync, meetings };
  }

  it('the sign-in asks for offline access with an S256 challenge and a state bound to the session; the callback stores the connection with its tokens encrypted', async () => {
    const w = await world();
    const { url } = await startCalendarOAuth(deps, w.actor, 'session-x', 'google');
    const u = new URL(url);
    expect(u.origin + u.pathname).toBe(`${w.g.server.url}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(u.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'cadence-client',
      redirect_uri: `${BASE}/api/calendar/oauth/google/callback`,
      code_challenge_method: 'S256',
      access_type: 'offline',
      prompt: 'consent',
    });
    expect(u.searchParams.get('state')).toMatch(/^[\w-]{40,}$/);
    expect(u.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(u.searchParams.get('scope')).toContain('https://www.googleapis.com/auth/calendar.events');

    expect(w.connection).toMatchObject({ provider: 'google', url: `google:${w.email}`, username: w.email, status: 'new', writeCalendarUrl: w.email });
    expect(w.connection.calendars.map((c) => c.url)).toEqual([w.email]);
    expect(w.connection.secret).toMatch(/^enc:v1:/);
    const [accessToken, refreshToken] = w.g.oauth.issued;
    for (const token of w.g.oauth.issued) expect(w.connection.secret).not.toContain(token);
    expect(JSON.parse(decryptSecret(w.connection.secret, deps.config.secret, tokenContext(w.connection.id)))).toMatchObject({ accessToken, refreshToken });
  });

  it('a wrong, reused, expired or other user’s state is refused with the reason in words, and nothing is connected', async () => {
    const w = await world();
    const back = (q: string) => decodeURIComponent(q.replace(/\+/g, ' '));
    const { url } = await startCalendarOAuth(deps, w.actor, 'session-a', 'google');
    const { code, state } = w.g.oauth.authorize(url);
    expect(back(await finishCalendarOAuth(deps, { actor: w.actor, sessionId: 'session-a' }, 'google', { code, state: `${state}x` }))).toMatch(/\?error=Google calendar not connected: this sign-in is unknown or was already used/);
    // The state was not spent by the wrong one: another browser session (or user) is refused, and that spends it.
    const { user: eve } = await makeUser(deps, 'csm', { email: `eve.${w.login}@vendor.example` });
    expect(back(await finishCalendarOAuth(deps, { actor: { id: eve.id, role: 'csm', reportIds: [], label: 'eve' }, sessionId: 'session-a' }, 'google', { code, state }))).toMatch(/started by another user or in another browser session/);
    expect(back(await finishCalendarOAuth(deps, { actor: w.actor, sessionId: 'session-a' }, 'google', { code, state }))).toMatch(/unknown or was already used/);
    const second = w.g.oauth.authorize((await startCalendarOAuth(deps, w.actor, 'session-b', 'google')).url);
    expect(back(await finishCalendarOAuth(deps, { actor: w.actor, sessionId: 'session-other' }, 'google', second))).toMatch(/another browser session/);
    const third = w.g.oauth.authorize((await startCalendarOAuth(deps, w.actor, 'session-c', 'google')).url);
    deps.setNow('2026-11-20T10:11:00Z');
    try {
      expect(back(await finishCalendarOAuth(deps, { actor: w.actor, sessionId: 'session-c' }, 'google', third))).toMatch(/longer than ten minutes/);
    } finally {
      deps.setNow('2026-11-20T10:00:00Z');
    }
    expect(back(await finishCalendarOAuth(deps, { actor: w.actor, sessionId: 'session-d' }, 'google', { error: 'access_denied' }))).toMatch(/you declined the access/);
    expect(await listCalendarConnections(deps.store.db, { userId: eve.id })).toEqual([]);
    expect(await listCalendarConnections(deps.store.db, { userId: w.sam.id })).toHaveLength(1);
  });

  it('an event booked in Google with a Globex contact becomes a call; moving and cancelling it there moves and cancels the call (paged listing, incremental sync)', async () => {
    const w = await world();
    const event = (start: string, end: string) => ({
      id: 'evt1',
      iCalUID: 'evt1@google.com',
      status: 'confirmed',
      summary: 'Globex roadmap',
      start: { dateTime: start, timeZone: 'Europe/Berlin' },
      end: { dateTime: end, timeZone: 'Europe/Berlin' },
      organizer: { email: w.email },
      attendees: [{ email: w.email }, { email: w.hana.email!, displayName: 'Hana Tanaka' }],
      hangoutLink: 'https://meet.google.com/abc-defg-hij',
    });
    w.g.put(event('2026-12-08T15:00:00+01:00', '2026-12-08T15:45:00+01:00'));
    w.g.put({ id: 'lunch', iCalUID: 'lunch@google.com', status: 'confirmed', summary: 'Lunch', start: { dateTime: '2026-12-08T12:00:00Z' }, end: { dateTime: '2026-12-08T13:00:00Z' } });
    w.g.put({
      id: 'team',
      iCalUID: 'team@google.com',
      status: 'confirmed',
      summary: 'Team',
      start: { dateTime: '2026-12-09T12:00:00Z' },
      end: { dateTime: '2026-12-09T13:00:00Z' },
      attendees: [{ email: w.email }, { email: 'maria@vendor.example' }],
    });
    expect(await w.sync()).toMatchObject({ created: 1, seen: 3 });
    const [call] = await w.meetings();
    expect(call).toMatchObject({ title: 'Globex roadmap', startsAt: '2026-12-08T14:00:00Z', endsAt: '2026-12-08T14:45:00Z', state: 'planned' });
    // Three events on pages of two: the second page was asked for with the first page's token.
    expect(w.g.server.requests.some((r) => r.path.endsWith('/events') && r.query.get('pageToken') === '2')).toBe(true);

    expect(await w.sync()).toMatchObject({ created: 0, updated: 0, seen: 0 });
    expect(
      w.g.server.requests
        .filter((r) => r.path.endsWith('/events'))
        .at(-1)!
        .query.get('syncToken'),
    ).toMatch(/^sync-/);

    w.g.put(event('2026-12-09T10:00:00+01:00', '2026-12-09T10:30:00+01:00'));
    expect(await w.sync()).toMatchObject({ updated: 1 });
    expect(await findMeeting(deps.store.db, call!.id)).toMatchObject({ startsAt: '2026-12-09T09:00:00Z', endsAt: '2026-12-09T09:30:00Z' });

    w.g.remove('evt1');
    await w.sync();
    expect((await findMeeting(deps.store.db, call!.id))?.state).toBe('cancelled');
    expect(await w.meetings()).toHaveLength(1);
  });

  it('a weekly series with a moved and a cancelled occurrence, and an all-day event, become the right calls', async () => {
    const w = await world();
    const people = { organizer: { email: w.email }, attendees: [{ email: w.email }, { email: w.hana.email! }] };
    w.g.put({
      id: 'weekly',
      iCalUID: 'weekly@google.com',
      status: 'confirmed',
      summary: 'Globex weekly',
      start: { dateTime: '2026-12-01T10:00:00+01:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-12-01T10:30:00+01:00', timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'],
      ...people,
    });
    w.g.put({ id: 'onsite', iCalUID: 'onsite@google.com', status: 'confirmed', summary: 'Onsite at Globex', start: { date: '2026-12-14' }, end: { date: '2026-12-15' }, ...people });
    expect(await w.sync()).toMatchObject({ created: 5 });
    let calls = await w.meetings();
    expect(calls.filter((c) => c.title === 'Globex weekly').map((c) => c.startsAt)).toEqual(['2026-12-01T09:00:00Z', '2026-12-08T09:00:00Z', '2026-12-15T09:00:00Z', '2026-12-22T09:00:00Z']);
    expect(calls.find((c) => c.title === 'Onsite at Globex')).toMatchObject({ startsAt: '2026-12-14T00:00:00Z', endsAt: '2026-12-15T00:00:00Z' });

    // In Google: the second occurrence moved to Wednesday 15:00, the third deleted (exceptions of the series).
    w.g.put({
      id: 'weekly_20261208T090000Z',
      iCalUID: 'weekly@google.com',
      recurringEventId: 'weekly',
      originalStartTime: { dateTime: '2026-12-08T10:00:00+01:00', timeZone: 'Europe/Berlin' },
      status: 'confirmed',
      summary: 'Globex weekly (moved)',
      start: { dateTime: '2026-12-09T15:00:00+01:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-12-09T15:30:00+01:00', timeZone: 'Europe/Berlin' },
      ...people,
    });
    w.g.put({ id: 'weekly_20261215T090000Z', iCalUID: 'weekly@google.com', recurringEventId: 'weekly', originalStartTime: { dateTime: '2026-12-15T10:00:00+01:00', timeZone: 'Europe/Berlin' }, status: 'cancelled' });
    expect(await w.sync()).toMatchObject({ created: 0, updated: 1, cancelled: 1 });
    calls = await w.meetings();
    expect(calls.find((c) => c.title === 'Globex weekly (moved)')).toMatchObject({ startsAt: '2026-12-09T14:00:00Z', state: 'planned' });
    expect(calls.find((c) => c.startsAt === '2026-12-15T09:00:00Z')?.state).toBe('cancelled');
    expect(calls).toHaveLength(5);
  });

  it('410 Gone on the sync token lists the calendar again: changes made meanwhile are applied, nothing is doubled, a deleted event is cancelled', async () => {
    const w = await world();
    const ev = (id: string, start: string) => ({
      id,
      iCalUID: `${id}@google.com`,
      status: 'confirmed',
      summary: `Call ${id}`,
      start: { dateTime: start },
      end: { dateTime: start.replace(':00:00Z', ':30:00Z') },
      attendees: [{ email: w.email }, { email: w.hana.email! }],
    });
    w.g.put(ev('a', '2026-12-10T10:00:00Z'));
    w.g.put(ev('b', '2026-12-11T10:00:00Z'));
    expect(await w.sync()).toMatchObject({ created: 2 });
    w.g.put(ev('a', '2026-12-10T11:00:00Z'));
    w.g.events.delete('b'); // gone for good: a full listing no longer names it
    w.g.invalidateSyncTokens();
    const counts = await w.sync();
    expect(counts).toMatchObject({ created: 0, updated: 1 });
    const calls = await w.meetings();
    expect(calls).toHaveLength(2);
    expect(calls.find((c) => c.title === 'Call a')?.startsAt).toBe('2026-12-10T11:00:00Z');
    expect(calls.find((c) => c.title === 'Call b')?.state).toBe('cancelled');
    expect(w.g.server.requests.filter((r) => r.path.endsWith('/events')).some((r) => r.query.get('syncToken') && !r.query.get('pageToken'))).toBe(true);
  });

  it('an expired access token is refreshed once on the 401 and stored encrypted; one past its expiry is refreshed before the call', async () => {
    const w = await world();
    w.g.put({ id: 'x', iCalUID: 'x@google.com', status: 'confirmed', summary: 'X', start: { dateTime: '2026-12-10T10:00:00Z' }, end: { dateTime: '2026-12-10T10:30:00Z' }, attendees: [{ email: w.email }, { email: w.hana.email! }] });
    w.g.oauth.expireAccess();
    const before = w.g.oauth.refreshCalls;
    expect(await w.sync()).toMatchObject({ created: 1 });
    expect(w.g.oauth.refreshCalls).toBe(before + 1);
    const [after] = await listCalendarConnections(deps.store.db, { userId: w.sam.id });
    expect(after!.secret).not.toBe(w.connection.secret);
    expect(after!.secret).toMatch(/^enc:v1:/);
    // Google does not repeat the refresh token on refresh: the one stored is kept and still works.
    deps.setNow('2026-11-20T11:30:00Z');
    try {
      await w.sync();
      expect(w.g.oauth.refreshCalls).toBe(before + 2);
    } finally {
      deps.setNow('2026-11-20T10:00:00Z');
    }
  });

  it('429 with Retry-After and 403 rateLimitExceeded are waited out and retried', async () => {
    const w = await world();
    w.g.put({ id: 'x', iCalUID: 'x@google.com', status: 'confirmed', summary: 'X', start: { dateTime: '2026-12-10T10:00:00Z' }, end: { dateTime: '2026-12-10T10:30:00Z' }, attendees: [{ email: w.email }, { email: w.hana.email! }] });
    w.g.queueEventsList(
      { status: 429, headers: { 'retry-after': '0' }, json: { error: { code: 429, message: 'Rate Limit Exceeded', errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded' }] } } },
      { status: 403, json: { error: { code: 403, message: 'Rate Limit Exceeded', errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }] } } },
    );
    expect(await w.sync()).toMatchObject({ created: 1 });
    expect(w.g.server.requests.filter((r) => r.path.endsWith('/events')).length).toBeGreaterThanOrEqual(3);
  });

  it('a revoked grant (invalid_grant) marks the connection needs_reauth with the reason in words, and later syncs do not try again', async () => {
    const w = await world();
    w.g.oauth.revoke();
    const r = await syncCalendarConnection(deps, w.connection.id);
    expect(r.status).toBe('needs_reauth');
    const view = await getCalendarConnectionView(deps, LOCAL_OPERATOR, w.connection.id);
    expect(view.status).toBe('needs_reauth');
    expect(view.lastError).toMatch(/Google no longer accepts Cadence's sign-in \(the saved sign-in was revoked or has expired.*Connect Google again in Settings → Calendar & mail/);
    for (const token of w.g.oauth.issued) expect(view.lastError).not.toContain(token);
    expect(view.nextSyncAt).toBeNull();
    const calls = w.g.server.requests.length;
    expect((await syncCalendarConnection(deps, w.connection.id)).status).toBe('needs_reauth');
    expect(w.g.server.requests.length).toBe(calls);

    // Connecting again clears it.
    w.g.oauth.revoke();
    const again = w.g.oauth.authorize((await startCalendarOAuth(deps, w.actor, 'session-re', 'google')).url);
    expect(await finishCalendarOAuth(deps, { actor: w.actor, sessionId: 'session-re' }, 'google', again)).toContain('connected=google');
    expect((await getCalendarConnectionView(deps, LOCAL_OPERATOR, w.connection.id)).status).toBe('new');
  });

  it('a call scheduled, moved and cancelled in Cadence is inserted with iCalUID = its UID, patched and deleted there, and never read back as a second call', async () => {
    const w = await world();
    const call = await scheduleMeeting(deps, w.actor, MeetingCreateSchema.parse({ accountId: w.globex.id, startsAt: '2026-12-03T13:00:00Z', durationMinutes: 30, acknowledgeOutOfHours: true }));
    const inserted = [...w.g.events.values()];
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({ iCalUID: `${call.id}@cadence.vendor.example`, summary: call.title, start: { dateTime: '2026-12-03T14:00:00', timeZone: 'Europe/Berlin' } });
    const insert = w.g.server.requests.find((r) => r.method === 'POST' && r.path.endsWith('/events'))!;
    expect(insert.query.get('sendUpdates')).toBe('none');

    expect(await w.sync()).toMatchObject({ created: 0 });
    expect(await w.meetings()).toHaveLength(1);

    await updateMeeting(deps, w.actor, call.id, { startsAt: '2026-12-04T13:00:00Z', acknowledgeOutOfHours: true });
    expect([...w.g.events.values()]).toHaveLength(1);
    expect([...w.g.events.values()][0]!.start).toEqual({ dateTime: '2026-12-04T14:00:00', timeZone: 'Europe/Berlin' });

    // Moved in Google by the CSM: Cadence follows, still one call.
    const id = inserted[0]!.id;
    w.g.put({ ...w.g.events.get(id)!, start: { dateTime: '2026-12-05T10:00:00+01:00', timeZone: 'Europe/Berlin' }, end: { dateTime: '2026-12-05T10:30:00+01:00', timeZone: 'Europe/Berlin' } });
    expect(await w.sync()).toMatchObject({ created: 0, updated: 1 });
    expect(await findMeeting(deps.store.db, call.id)).toMatchObject({ startsAt: '2026-12-05T09:00:00Z' });

    await cancelMeeting(deps, w.actor, call.id);
    expect(w.g.events.get(id)?.status).toBe('cancelled');
    expect(await w.sync()).toMatchObject({ created: 0 });
    expect(await w.meetings()).toHaveLength(1);
  });

  it('a series scheduled in Cadence is one Google event with its RRULE; a call cancelled in Cadence becomes an EXDATE there, a moved one the series’ instance; none is read back as a second call', async () => {
    const w = await world();
    const first = await scheduleMeeting(
      deps,
      w.actor,
      MeetingCreateSchema.parse({ accountId: w.globex.id, startsAt: '2026-12-02T13:00:00Z', durationMinutes: 30, acknowledgeOutOfHours: true, recurrence: { frequency: 'weekly', count: 4 } }),
    );
    const [series] = [...w.g.events.values()];
    expect(series).toMatchObject({ iCalUID: `${first.seriesId}@cadence.vendor.example`, start: { dateTime: '2026-12-02T14:00:00', timeZone: 'Europe/Berlin' } });
    expect(series!.recurrence).toEqual([expect.stringMatching(/^RRULE:FREQ=WEEKLY;COUNT=4/)]);
    expect(await w.sync()).toMatchObject({ created: 0, cancelled: 0 });
    const calls = await w.meetings();
    expect(calls).toHaveLength(4);

    await cancelMeeting(deps, w.actor, calls[1]!.id);
    expect(w.g.events.get(series!.id)!.recurrence).toEqual([expect.stringMatching(/^RRULE:/), expect.stringMatching(/^EXDATE;TZID=Europe\/Berlin:20261209T140000/)]);
    await updateMeeting(deps, w.actor, calls[2]!.id, { startsAt: '2026-12-17T13:00:00Z', acknowledgeOutOfHours: true });
    const instance = w.g.events.get(`${series!.id}_20261216T130000Z`);
    expect(instance).toMatchObject({ recurringEventId: series!.id, start: { dateTime: '2026-12-17T14:00:00', timeZone: 'Europe/Berlin' } });

    expect(await w.sync()).toMatchObject({ created: 0 });
    const after = await w.meetings();
    expect(after).toHaveLength(4);
    expect(after.map((c) => [new Date(c.startsAt).toISOString().replace('.000Z', 'Z'), c.state])).toEqual([
      ['2026-12-02T13:00:00Z', 'planned'],
      ['2026-12-09T13:00:00Z', 'cancelled'],
      ['2026-12-17T13:00:00Z', 'planned'],
      ['2026-12-23T13:00:00Z', 'planned'],
    ]);
  });

  it('a write whose answer was lost (the event is there already) finds it by iCalUID instead of making a second one', async () => {
    const w = await world();
    const call = await scheduleMeeting(deps, w.actor, MeetingCreateSchema.parse({ accountId: w.globex.id, startsAt: '2026-12-03T13:00:00Z', durationMinutes: 30, acknowledgeOutOfHours: true }));
    // Cadence forgets it wrote it (as if the answer never came): the next write inserts again.
    await deps.store.db.deleteFrom('calendar_objects').where('connection_id', '=', w.connection.id).execute();
    await updateMeeting(deps, w.actor, call.id, { startsAt: '2026-12-04T13:00:00Z', acknowledgeOutOfHours: true });
    const live = [...w.g.events.values()].filter((e) => e.status !== 'cancelled');
    expect(live).toHaveLength(1);
    expect(live[0]!.start).toEqual({ dateTime: '2026-12-04T14:00:00', timeZone: 'Europe/Berlin' });
    expect(w.g.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/events')).length).toBe(2);
  });
});
