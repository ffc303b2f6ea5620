/**
 * Microsoft Graph calendar connections against a local stand-in answering the shapes of the
 * published references (event-delta, delta-query-overview, throttling, user-post-events; see
 * test/helpers/fake-calendars.ts), on SQLite and PostgreSQL: sign-in with PKCE and a rotating
 * refresh token, calendarView/delta with nextLink/deltaLink and @removed, series as occurrences,
 * 410 syncStateNotFound → full resync, 429 Retry-After, writes with transactionId and no duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeetingCreateSchema } from '../../src/domain/meeting/meeting-input.ts';
import { createTokenKeeper, refreshTokens } from '../../src/integrations/oauth/oauth.ts';
import { decryptSecret } from '../../src/integrations/secrets.ts';
import { getCalendarConnectionView } from '../../src/services/calendar-sync/connections.ts';
import { finishCalendarOAuth, startCalendarOAuth } from '../../src/services/calendar-sync/oauth.ts';
import { connectionTokenStore, tokenClientOf, tokenContext } from '../../src/services/calendar-sync/oauth-clients.ts';
import { syncCalendarConnection } from '../../src/services/calendar-sync/sync-calendar.ts';
import { cancelMeeting } from '../../src/services/meetings/calendar.ts';
import { updateMeeting } from '../../src/services/meetings/move-meeting.ts';
import { scheduleMeeting } from '../../src/services/meetings/schedule-meeting.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { listCalendarConnections } from '../../src/store/calendar-sync.repo.ts';
import { findMeeting, listMeetings } from '../../src/store/meetings.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';
import { startFakeGraph, type FakeGraph, type GraphEventJson } from '../helpers/fake-calendars.ts';

const dialects = await availableDialects();
const BASE = 'https://cadence.vendor.example';

describe.each(dialects)('Microsoft Graph calendars on %s', (dialect) => {
  let deps: TestDeps;
  let run = 0;
  const fakes: FakeGraph[] = [];
  beforeAll(async () => {
    deps = await createTestDeps(dialect, { baseUrl: BASE });
  });
  afterAll(async () => {
    await deps?.close();
    await Promise.all(fakes.map((f) => f.close()));
  });

  async function world() {
    run += 1;
    const login = `${dialect}${run}`;
    const email = `sam.${login}@vendor.example`;
    const m = await startFakeGraph({ email });
    fakes.push(m);
    const current = deps.config.calendarOAuth!;
    Object.defineProperty(deps, 'config', {
      value: {
        ...deps.config,
        calendarOAuth: {
          google: current.google,
          microsoft: {
            clientId: 'cadence-app',
            clientSecret: 'cadence-secret',
            tenant: 'common',
            authorizeUrl: `${m.server.url}/common/oauth2/v2.0/authorize`,
            tokenUrl: `${m.server.url}/common/oauth2/v2.0/token`,
            graphUrl: `${m.server.url}/v1.0`,
          },
        },
      },
      configurable: true,
      writable: true,
    });
    const { user: sam } = await makeUser(deps, 'csm', { email });
    const actor = { id: sam.id, role: 'csm' as const, reportIds: [], label: 'sam' };
    const globex = await makeAccount(deps, { name: `Globex ${login}`, ownerId: sam.id, timezone: 'Europe/Berlin' });
    const hana = await makeContact(deps, globex.id, { name: 'Hana Tanaka', role: 'champion', email: `hana@globex-${login}.com` });
    const { url } = await startCalendarOAuth(deps, actor, `s-${login}`, 'microsoft');
    expect(new URL(url).searchParams.get('scope')).toContain('offline_access');
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
    expect(await finishCalendarOAuth(deps, { actor, sessionId: `s-${login}` }, 'microsoft', m.oauth.authorize(url))).toBe(`${BASE}/settings/calendar-mail?connected=microsoft`);
    const [connection] = await listCalendarConnections(deps.store.db, { userId: sam.id });
    const sync = async () => {
      const r = await syncCalendarConnection(deps, connection!.id);
      expect(r.status, r.error ?? '').toBe('ok');
      return r.counts;
    };
    const meetings = async () => listMeetings(deps.store.db, { accountIds: [globex.id], scopeUserIds: null }, 100);
    const people = { organizer: { emailAddress: { address: email } }, attendees: [{ emailAddress: { address: email } }, { emailAddress: { address: hana.email!, name: 'Hana Tanaka' } }] };
    const single = (id: string, start: string, end: string, extra: Partial<GraphEventJson> = {}): GraphEventJson => ({
      id,
      type: 'singleInstance',
      iCalUId: `ical-${id}`,
      subject: `Call ${id}`,
      start: { dateTime: start, timeZone: 'UTC' },
      end: { dateTime: end, timeZone: 'UTC' },
      ...people,
      ...extra,
    });
    return { login, email, m, sam, actor, globex, hana, connection: connection!, sync, meetings, people, single };
  }

  it('the callback stores a connection with its tokens encrypted; the calendar and account come from /me and /me/calendars', async () => {
    const w = await world();
    expect(w.connection).toMatchObject({ provider: 'microsoft', url: `microsoft:${w.email}`, username: w.email, writeCalendarUrl: w.m.calendarId });
    expect(w.connection.secret).toMatch(/^enc:v1:/);
    const [accessToken, refreshToken] = w.m.oauth.issued;
    for (const token of w.m.oauth.issued) expect(w.connection.secret).not.toContain(token);
    expect(JSON.parse(decryptSecret(w.connection.secret, deps.config.secret, tokenContext(w.connection.id)))).toMatchObject({ accessToken, refreshToken });
  });

  it('events listed by calendarView/delta (paged by nextLink) become calls; changed and @removed ones on the deltaLink move and cancel them', async () => {
    const w = await world();
    w.m.put(w.single('a', '2026-12-08T14:00:00.0000000', '2026-12-08T14:45:00.0000000', { onlineMeeting: { joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc' } }));
    w.m.put(w.single('b', '2026-12-09T14:00:00.0000000', '2026-12-09T14:30:00.0000000'));
    w.m.put(w.single('c', '2026-12-10T14:00:00.0000000', '2026-12-10T14:30:00.0000000'));
    expect(await w.sync()).toMatchObject({ created: 3 });
    const delta = w.m.server.requests.filter((r) => r.path.endsWith('/calendarView/delta'));
    expect(delta[0]!.query.get('startDateTime')).toBe('2026-10-21T10:00:00.000Z');
    expect(delta.some((r) => r.query.get('$skiptoken'))).toBe(true);
    expect(delta[0]!.headers.prefer).toContain('outlook.timezone="UTC"');

    expect(await w.sync()).toMatchObject({ created: 0, updated: 0 });
    w.m.put(w.single('a', '2026-12-08T15:00:00.0000000', '2026-12-08T15:45:00.0000000'));
    w.m.remove('b');
    expect(await w.sync()).toMatchObject({ updated: 1 });
    const calls = await w.meetings();
    expect(calls.find((c) => c.title === 'Call a')).toMatchObject({ startsAt: '2026-12-08T15:00:00Z', endsAt: '2026-12-08T15:45:00Z' });
    expect(calls.find((c) => c.title === 'Call b')?.state).toBe('cancelled');
    expect(calls).toHaveLength(3);
  });

  it('a series is read as its occurrences: a moved occurrence moves its call, a deleted one cancels it; an all-day event spans the day', async () => {
    const w = await world();
    w.m.put({
      id: 'S',
      type: 'seriesMaster',
      iCalUId: 'ical-S',
      subject: 'Globex weekly',
      start: { dateTime: '2026-12-01T09:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2026-12-01T09:30:00.0000000', timeZone: 'UTC' },
      ...w.people,
    });
    for (let i = 0; i < 3; i += 1) {
      const day = String(1 + 7 * i).padStart(2, '0');
      w.m.put({
        id: `S-${i}`,
        type: 'occurrence',
        seriesMasterId: 'S',
        subject: 'Globex weekly',
        originalStart: `2026-12-${day}T09:00:00Z`,
        start: { dateTime: `2026-12-${day}T09:00:00.0000000`, timeZone: 'UTC' },
        end: { dateTime: `2026-12-${day}T09:30:00.0000000`, timeZone: 'UTC' },
        ...w.people,
      });
    }
    w.m.put(w.single('onsite', '2026-12-14T00:00:00.0000000', '2026-12-15T00:00:00.0000000', { isAllDay: true, subject: 'Onsite' }));
    expect(await w.sync()).toMatchObject({ created: 4 });
    expect((await w.meetings()).filter((c) => c.title === 'Globex weekly').map((c) => c.startsAt)).toEqual(['2026-12-01T09:00:00Z', '2026-12-08T09:00:00Z', '2026-12-15T09:00:00Z']);
    expect((await w.meetings()).find((c) => c.title === 'Onsite')).toMatchObject({ startsAt: '2026-12-14T00:00:00Z', endsAt: '2026-12-15T00:00:00Z' });

    w.m.put({ ...w.m.events.get('S-1')!, type: 'exception', start: { dateTime: '2026-12-09T13:00:00.0000000', timeZone: 'UTC' }, end: { dateTime: '2026-12-09T13:30:00.0000000', timeZone: 'UTC' } });
    w.m.remove('S-2');
    expect(await w.sync()).toMatchObject({ created: 0, updated: 1 });
    const calls = await w.meetings();
    expect(calls.find((c) => c.startsAt === '2026-12-09T13:00:00Z')).toMatchObject({ title: 'Globex weekly', state: 'planned' });
    expect(calls.filter((c) => c.title === 'Globex weekly')).toHaveLength(3);
    expect(calls.find((c) => c.startsAt === '2026-12-15T09:00:00Z')?.state).toBe('cancelled');
  });

  it('410 syncStateNotFound on the delta link lists the window again without doubling; 429 with Retry-After is waited out', async () => {
    const w = await world();
    w.m.put(w.single('a', '2026-12-08T14:00:00.0000000', '2026-12-08T14:45:00.0000000'));
    expect(await w.sync()).toMatchObject({ created: 1 });
    w.m.put(w.single('a', '2026-12-08T16:00:00.0000000', '2026-12-08T16:45:00.0000000'));
    w.m.invalidateDeltaLinks();
    w.m.queueDelta({ status: 429, headers: { 'retry-after': '0' }, json: { error: { code: 'TooManyRequests', message: 'Please retry again later.' } } });
    expect(await w.sync()).toMatchObject({ created: 0, updated: 1 });
    expect(await w.meetings()).toHaveLength(1);
    expect((await w.meetings())[0]!.startsAt).toBe('2026-12-08T16:00:00Z');
  });

  it('an expired token is refreshed with the rotating refresh token, the new one stored; two nodes refreshing at once spend it once', async () => {
    const w = await world();
    w.m.put(w.single('a', '2026-12-08T14:00:00.0000000', '2026-12-08T14:45:00.0000000'));
    w.m.oauth.expireAccess();
    expect(await w.sync()).toMatchObject({ created: 1 });
    expect(w.m.oauth.refreshCalls).toBe(1);

    // Two nodes (two keepers, not sharing this node's single flight) find the token expired at once.
    w.m.oauth.expireAccess();
    const keeper = (key: string) => createTokenKeeper({ key, store: connectionTokenStore(deps, w.connection.id), refresh: (rt) => refreshTokens(tokenClientOf(deps, 'microsoft'), rt), now: () => deps.now().getTime(), settleMs: 200 });
    const [a, b] = [keeper('node-a'), keeper('node-b')];
    const stale = await a.accessToken();
    const [ta, tb] = await Promise.all([a.refreshAfter(stale.accessToken), b.refreshAfter(stale.accessToken)]);
    expect(ta.accessToken).toBe(tb.accessToken);
    expect(w.m.oauth.access.has(ta.accessToken)).toBe(true);
    expect(await w.sync()).toMatchObject({ created: 0 });
    expect((await getCalendarConnectionView(deps, LOCAL_OPERATOR, w.connection.id)).status).toBe('ok');
  });

  it('a revoked grant marks the connection needs_reauth in words and it is not tried again', async () => {
    const w = await world();
    w.m.oauth.revoke();
    expect((await syncCalendarConnection(deps, w.connection.id)).status).toBe('needs_reauth');
    const view = await getCalendarConnectionView(deps, LOCAL_OPERATOR, w.connection.id);
    expect(view.lastError).toMatch(/^Microsoft no longer accepts Cadence's sign-in .*Connect Microsoft again in Settings → Calendar & mail/);
    const seen = w.m.server.requests.length;
    await syncCalendarConnection(deps, w.connection.id);
    expect(w.m.server.requests.length).toBe(seen);
  });

  it('a call scheduled in Cadence is created with transactionId = its UID, read back as that call (no second one), and deleted when cancelled; a retried create makes no duplicate', async () => {
    const w = await world();
    const call = await scheduleMeeting(deps, w.actor, MeetingCreateSchema.parse({ accountId: w.globex.id, startsAt: '2026-12-03T13:00:00Z', durationMinutes: 30, acknowledgeOutOfHours: true }));
    const uid = `${call.id}@cadence.vendor.example`;
    const post = w.m.server.requests.find((r) => r.method === 'POST' && r.path.endsWith('/events'))!;
    const body = JSON.parse(post.body) as Record<string, unknown>;
    expect(body).toMatchObject({ transactionId: uid, subject: call.title, start: { dateTime: '2026-12-03T14:00:00', timeZone: 'Europe/Berlin' } });
    // Graph mails the attendees of an event it saves: Cadence's own invites already went out.
    expect(body.attendees).toBeUndefined();
    expect(w.m.created(uid)).toBe(1);

    expect(await w.sync()).toMatchObject({ created: 0 });
    expect(await w.meetings()).toHaveLength(1);

    // Cadence forgets the answer (as if it was lost) and writes again: the same transactionId, the same event.
    await deps.store.db.deleteFrom('calendar_objects').where('connection_id', '=', w.connection.id).execute();
    await updateMeeting(deps, w.actor, call.id, { startsAt: '2026-12-04T13:00:00Z', acknowledgeOutOfHours: true });
    expect(w.m.server.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/events')).length).toBe(2);
    expect(w.m.created(uid)).toBe(1);
    expect(await w.sync()).toMatchObject({ created: 0 });

    await cancelMeeting(deps, w.actor, call.id);
    expect((await findMeeting(deps.store.db, call.id))?.state).toBe('cancelled');
    expect(w.m.created(uid)).toBe(0);
    expect(await w.meetings()).toHaveLength(1);
  });

  it('a series scheduled in Cadence is one Graph series (weekly pattern in the call’s zone, transactionId = its UID); its occurrences are read back as those calls, none a second one', async () => {
    const w = await world();
    const first = await scheduleMeeting(
      deps,
      w.actor,
      MeetingCreateSchema.parse({ accountId: w.globex.id, startsAt: '2026-12-02T13:00:00Z', durationMinutes: 30, acknowledgeOutOfHours: true, recurrence: { frequency: 'weekly', count: 4 } }),
    );
    const post = w.m.server.requests.find((r) => r.method === 'POST' && r.path.endsWith('/events'))!;
    const body = JSON.parse(post.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      transactionId: `${first.seriesId}@cadence.vendor.example`,
      start: { dateTime: '2026-12-02T14:00:00', timeZone: 'Europe/Berlin' },
      recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['wednesday'] }, range: { type: 'numbered', startDate: '2026-12-02', numberOfOccurrences: 4, recurrenceTimeZone: 'Europe/Berlin' } },
    });
    expect(await w.sync()).toMatchObject({ created: 0, cancelled: 0 });
    const calls = await w.meetings();
    expect(calls).toHaveLength(4);
    expect(calls.every((c) => c.state === 'planned')).toBe(true);
  });
});
