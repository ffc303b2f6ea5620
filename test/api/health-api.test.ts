import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD_INPUT } from '../../src/domain/health/scorecard.ts';
import { recomputeHealth } from '../../src/services/health/health.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('account health on %s', (dialect) => {
  let server: TestServer;
  let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let other: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    manager = await server.userWithToken('manager');
    csm = await server.userWithToken('csm', { managerId: manager.user.id });
    other = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
  });
  afterAll(() => server.close());

  /** A held cadence call with its agenda sent two days ahead and the follow-up the same day. */
  async function heldCall(accountId: string, day: string, sentiment: 'green' | 'yellow' | 'red' | null) {
    const at = `${day}T15:00:00.000Z`;
    const before = new Date(Date.parse(at) - 3 * 86_400_000).toISOString();
    await server.deps.store.db
      .insertInto('meetings')
      .values({
        id: server.deps.newId(),
        account_id: accountId,
        series_id: null,
        type: 'cadence',
        title: 'Call',
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
        csm_sentiment: sentiment,
        product_sentiment: sentiment,
        summary: null,
        organiser_id: null,
        agenda_sent_at: before,
        held_at: at,
        followed_up_at: at,
        completed_at: at,
        cancelled_at: null,
        created_at: before,
        updated_at: at,
      })
      .execute();
  }

  async function healthyAccount(name: string) {
    const account = await makeAccount(server.deps, { name, ownerId: csm.user.id, arr: 100_000, licencesBought: 100, licencesUsed: 95, contractStartDate: '2026-01-01', renewalDate: '2027-01-01' });
    // Old enough that the monthly floor expects three calls in the 90-day window.
    await server.deps.store.db.updateTable('accounts').set({ created_at: '2026-01-01T00:00:00.000Z' }).where('id', '=', account.id).execute();
    const champion = await makeContact(server.deps, account.id, { name: 'Chris Champion', email: `chris-${account.id}@example.com`, role: 'champion' });
    await makeContact(server.deps, account.id, { name: 'Bea Buyer', email: `bea-${account.id}@example.com`, role: 'economic_buyer' });
    for (const day of ['2026-09-01', '2026-10-01', '2026-11-01']) await heldCall(account.id, day, 'green');
    return { account, champion };
  }

  it('the first recompute scores the account, records history and says so on the timeline; a second run writes nothing', async () => {
    const { account } = await healthyAccount('Hooli');
    const res = await server.call('POST', `/api/accounts/${account.id}/health/recompute`, { token: csm.token });
    expect(res.status).toBe(200);
    expect(res.body.changed).toBe(true);
    expect(res.body.current).toMatchObject({ colour: 'green', scorecardId: 'default' });
    expect(res.body.current.score).toBeGreaterThanOrEqual(70);
    expect(res.body.history).toHaveLength(1);
    expect(res.body.explanation).toContain('First health score');

    const again = await server.call('POST', `/api/accounts/${account.id}/health/recompute`, { token: csm.token });
    expect(again.body.changed).toBe(false);
    expect(again.body.history).toHaveLength(1);
    const listed = await server.call('GET', `/api/accounts/${account.id}`, { token: csm.token });
    expect(listed.body).toMatchObject({ healthColour: 'green', healthScore: res.body.current.score });
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items.filter((e: { kind: string }) => e.kind === 'health.changed')).toHaveLength(1);
  });

  it('with a scorecard that turns red on a critical measure, a champion leaving turns the account red at once and the timeline says why', async () => {
    const { account, champion } = await healthyAccount('Pied Piper');
    await recomputeHealth(server.deps, [account.id]);
    const strict = { ...DEFAULT_SCORECARD_INPUT, id: 'strict', name: 'Strict', redIfAnyCriticalRed: true };
    const saved = await server.call('PUT', '/api/settings/scorecards', { token: manager.token, body: [strict] });
    expect(saved.status).toBe(200);

    // No nightly run in between: marking the champion as gone rescores the account on the spot.
    server.deps.setNow('2026-11-21T10:00:00.000Z');
    const left = await server.call('PATCH', `/api/contacts/${champion.id}`, { token: csm.token, body: { status: 'left' } }).finally(() => server.deps.setNow('2026-11-20T10:00:00.000Z'));
    expect(left.status).toBe(200);
    server.deps.setNow('2026-11-21T11:00:00.000Z');
    const health = await server.call('GET', `/api/accounts/${account.id}/health`, { token: csm.token }).finally(() => server.deps.setNow('2026-11-20T10:00:00.000Z'));
    expect(health.body.current).toMatchObject({ colour: 'red', scorecardId: 'strict', forcedRedByCritical: true });
    expect(health.body.trend.direction).toBe('declining');
    expect(health.body.history.map((h: { colour: string }) => h.colour)).toEqual(['red', 'green']);
    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    const entry = timeline.body.items.find((e: { kind: string }) => e.kind === 'health.changed');
    expect(entry.summary).toContain('Red because a critical measure is red');
    // The nightly run finds nothing left to change.
    expect((await recomputeHealth(server.deps, [account.id])).changed).toBe(0);
    await server.call('PUT', '/api/settings/scorecards', { token: manager.token, body: [DEFAULT_SCORECARD_INPUT] });
  });

  it('renaming a contact leaves health alone; adding the first contact scores the account', async () => {
    const account = await makeAccount(server.deps, { name: 'Raviga', ownerId: csm.user.id });
    const created = await server.call('POST', '/api/contacts', { token: csm.token, body: { accountId: account.id, name: 'Monica Hall', role: 'champion' } });
    expect(created.status).toBe(201);
    const first = await server.call('GET', `/api/accounts/${account.id}/health`, { token: csm.token });
    expect(first.body.history).toHaveLength(1);
    await server.call('PATCH', `/api/contacts/${created.body.id}`, { token: csm.token, body: { title: 'VP Engineering' } });
    const after = await server.call('GET', `/api/accounts/${account.id}/health`, { token: csm.token });
    expect(after.body.history).toHaveLength(1);
  });

  it('scorecard weights that do not add up are refused with the field named; only managers and admins save scorecards', async () => {
    const bad = structuredClone(DEFAULT_SCORECARD_INPUT);
    bad.groups[0]!.weight = 5;
    const res = await server.call('PUT', '/api/settings/scorecards', { token: manager.token, body: [bad] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', field: '0.groups' });
    expect(res.body.error.message).toContain('group weights must add up to 100, they add up to 85');
    expect((await server.call('PUT', '/api/settings/scorecards', { token: csm.token, body: [DEFAULT_SCORECARD_INPUT] })).status).toBe(403);
    const read = await server.call('GET', '/api/settings/scorecards', { token: viewer.token });
    expect(read.status).toBe(200);
    expect(read.body.scorecards[0].id).toBe('default');
  });

  it('an override needs a reason and a future expiry, wins until removed, and the computed score comes back', async () => {
    const { account } = await healthyAccount('Endframe');
    await recomputeHealth(server.deps, [account.id]);
    const url = `/api/accounts/${account.id}/health/override`;
    const noReason = await server.call('POST', url, { token: csm.token, body: { colour: 'red', reason: ' ', expiresAt: '2026-12-31T00:00:00Z' } });
    expect(noReason.body.error.field).toBe('reason');
    const past = await server.call('POST', url, { token: csm.token, body: { colour: 'red', reason: 'Exec sponsor churned', expiresAt: '2026-11-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.body.error.field).toBe('expiresAt');
    expect((await server.call('POST', url, { token: viewer.token, body: { colour: 'red', reason: 'x', expiresAt: '2026-12-31T00:00:00Z' } })).status).toBe(403);
    expect((await server.call('POST', url, { token: other.token, body: { colour: 'red', reason: 'x', expiresAt: '2026-12-31T00:00:00Z' } })).status).toBe(404);

    const set = await server.call('POST', url, { token: csm.token, body: { colour: 'red', reason: 'Exec sponsor churned', expiresAt: '2026-12-31T00:00:00Z' } });
    expect(set.status).toBe(201);
    expect(set.body.current).toMatchObject({ colour: 'red', computedColour: 'green' });
    expect(set.body.override).toMatchObject({ colour: 'red', reason: 'Exec sponsor churned' });
    expect((await server.call('GET', `/api/accounts/${account.id}`, { token: csm.token })).body.healthColour).toBe('red');

    const cleared = await server.call('DELETE', url, { token: csm.token });
    expect(cleared.status).toBe(200);
    expect(cleared.body.current.colour).toBe('green');
    expect(cleared.body.override).toBeNull();
    expect((await server.call('DELETE', url, { token: csm.token })).status).toBe(404);
  });

  it('an override lapses at its expiry on the next recompute', async () => {
    const { account } = await healthyAccount('Aviato');
    await server.call('POST', `/api/accounts/${account.id}/health/override`, { token: csm.token, body: { colour: 'yellow', reason: 'Reorg', expiresAt: '2026-11-25T00:00:00Z' } });
    try {
      server.deps.setNow('2026-11-26T10:00:00.000Z');
      await recomputeHealth(server.deps, [account.id]);
      const health = await server.call('GET', `/api/accounts/${account.id}/health`, { token: csm.token });
      expect(health.body.current.colour).toBe('green');
      expect(health.body.explanation).toContain('The manual override has ended');
    } finally {
      server.deps.setNow('2026-11-20T10:00:00.000Z');
    }
  });

  it('the sentiment set at the last call stands even when that call is older than the 90-day window', async () => {
    const account = await makeAccount(server.deps, { name: 'Old Friends', ownerId: csm.user.id });
    await heldCall(account.id, '2026-05-01', 'green');
    await heldCall(account.id, '2026-06-20', 'red');
    const progress: [number, number][] = [];
    const summary = await recomputeHealth(server.deps, [account.id], { onProgress: (done, total) => progress.push([done, total]) });
    expect(summary).toMatchObject({ scored: 1, changed: 1 });
    expect(progress).toEqual([[1, 1]]);
    const health = await server.call('GET', `/api/accounts/${account.id}/health`, { token: csm.token });
    const sentiment = health.body.current.measures.find((m: { key: string }) => m.key === 'csm_sentiment');
    expect(sentiment.colour).toBe('red');
  });

  it('health is only shown to people who may see the account', async () => {
    const { account } = await healthyAccount('Raviga');
    expect((await server.call('GET', `/api/accounts/${account.id}/health`, { token: other.token })).status).toBe(404);
    expect((await server.call('GET', `/api/accounts/${account.id}/health`)).status).toBe(401);
    expect((await server.call('GET', `/api/accounts/${account.id}/health`, { token: manager.token })).status).toBe(200);
    expect((await server.call('POST', `/api/accounts/${account.id}/health/recompute`, { token: viewer.token })).status).toBe(403);
  });
});
