import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('the team dashboard on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let other: Awaited<ReturnType<TestServer['userWithToken']>>;
  const ids: Record<string, string> = {};

  async function call(accountId: string, day: string, o: { agendaDaysAhead: number | null; followUpHours: number | null }) {
    const at = `${day}T15:00:00.000Z`;
    const id = server.deps.newId();
    const shift = (hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();
    await server.deps.store.db
      .insertInto('meetings')
      .values({
        id,
        account_id: accountId,
        series_id: null,
        type: 'cadence',
        title: `Call ${day}`,
        starts_at: at,
        ends_at: at,
        timezone: 'UTC',
        state: 'complete',
        sequence: 0,
        recurrence: null,
        location: null,
        recording_url: null,
        notes: '',
        notes_version: 0,
        csm_sentiment: null,
        product_sentiment: null,
        summary: null,
        organiser_id: null,
        agenda_sent_at: o.agendaDaysAhead === null ? null : shift(-24 * o.agendaDaysAhead),
        held_at: at,
        followed_up_at: o.followUpHours === null ? null : shift(o.followUpHours),
        completed_at: at,
        cancelled_at: null,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: at,
      })
      .execute();
    return id;
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
    other = await server.userWithToken('csm');
    const onCadence = await makeAccount(server.deps, { name: 'On Cadence', ownerId: csm.user.id, segment: 'enterprise', stage: 'steady' });
    const behind = await makeAccount(server.deps, { name: 'Behind', ownerId: csm.user.id, segment: 'enterprise', stage: 'steady' });
    const elsewhere = await makeAccount(server.deps, { name: 'Elsewhere', ownerId: other.user.id, segment: 'enterprise', stage: 'steady' });
    await server.deps.store.db.updateTable('accounts').set({ created_at: '2026-01-01T00:00:00.000Z' }).execute();
    Object.assign(ids, { onCadence: onCadence.id, behind: behind.id, elsewhere: elsewhere.id });
    // Out on Wednesday for a Monday call: by 09:00 two business days ahead.
    ids.good = await call(onCadence.id, '2026-11-02', { agendaDaysAhead: 5, followUpHours: 2 });
    ids.late = await call(onCadence.id, '2026-11-10', { agendaDaysAhead: null, followUpHours: 72 });
    ids.otherCall = await call(elsewhere.id, '2026-11-05', { agendaDaysAhead: 3, followUpHours: 2 });
    await server.call('POST', '/api/action-items', { token: csm.token, body: { accountId: onCadence.id, meetingId: ids.good, text: 'Send the plan', side: 'vendor', owner: { userId: csm.user.id } } });
  });
  afterAll(() => server.close());

  it("a CSM's dashboard counts their calls in the period: cadence, agendas, follow-ups and effectiveness, with the ids behind each", async () => {
    const res = await server.call('GET', '/api/dashboards/team?from=2026-10-22&to=2026-11-20', { token: csm.token });
    expect(res.status).toBe(200);
    expect(res.body.accounts).toBe(2);
    const f = res.body.figures;
    expect(f.cadenceAdherence.all).toMatchObject({ hits: [ids.onCadence], misses: [ids.behind] });
    expect(f.agendaLeadTime.onTime.all).toMatchObject({ numerator: 1, denominator: 2, hits: [ids.good], misses: [ids.late] });
    expect(f.followUpWithinOneBusinessDay.all).toMatchObject({ hits: [ids.good], misses: [ids.late] });
    expect(f.notEffective.all.hits).toEqual([ids.late]);
    expect(f.notTouchedIn30Days.all.hits).toEqual([ids.behind]);
    expect(JSON.stringify(f)).not.toContain(ids.otherCall);
  });

  it("the manager sees their report's figures but not other teams'; the drill-down names the records", async () => {
    const res = await server.call('GET', '/api/dashboards/team?from=2026-10-22&to=2026-11-20', { token: manager.token });
    expect(res.body.accounts).toBe(2);
    expect(res.body.figures.followUpWithinOneBusinessDay.byCsm[csm.user.id]).toMatchObject({ numerator: 1, denominator: 2 });
    expect(res.body.figures.followUpWithinOneBusinessDay.byTeam[manager.user.id]).toMatchObject({ numerator: 1, denominator: 2 });
    const drill = await server.call('GET', `/api/dashboards/team/drill?figure=followUpWithinOneBusinessDay&part=misses&csm=${csm.user.id}&from=2026-10-22&to=2026-11-20`, { token: manager.token });
    expect(drill.status).toBe(200);
    expect(drill.body.items).toEqual([expect.objectContaining({ id: ids.late, kind: 'meeting', label: 'Call 2026-11-10', accountId: ids.onCadence })]);
  });

  it('bad dates are refused with the field named, and signing in is required', async () => {
    const res = await server.call('GET', '/api/dashboards/team?from=2026-11-31', { token: csm.token });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('from');
    expect((await server.call('GET', '/api/dashboards/team?from=2026-11-20&to=2026-11-01', { token: csm.token })).body.error.field).toBe('from');
    expect((await server.call('GET', '/api/dashboards/team/drill?figure=vibes', { token: csm.token })).body.error.field).toBe('figure');
    expect((await server.call('GET', '/api/dashboards/team')).status).toBe(401);
  });
});
