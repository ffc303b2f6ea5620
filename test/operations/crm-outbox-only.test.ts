/**
 * CRM pushes have one retry path, the outbox (issue #16): no job retries them beside it, a push the
 * CRM refuses for good is a dead letter in Settings → Outbox at once, new credentials put it back in
 * line, and the pushes the old crm-retry job still owed moved into the outbox by a migration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../src/jobs/jobs.ts';
import { startLocalServer, type LocalServer } from '../../src/integrations/testing/local-server.ts';
import { deliverDueOutbox } from '../../src/services/outbox/outbox.ts';
import { up as moveCrmRetries } from '../../src/store/migrations/2026-12-04-040-crm-retries-into-outbox.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('CRM pushes retried by the outbox alone on %s', (dialect) => {
  let server: TestServer;
  let vendor: LocalServer;
  let token = 'hs-token';
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let integrationId: string;
  const logged = () => vendor.count('/crm/v3/objects/meetings');

  beforeAll(async () => {
    vendor = await startLocalServer((req) => {
      if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, json: { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' } };
      if (req.path === '/crm/v3/objects/meetings/search') return { json: { total: 0, results: [] } };
      if (req.path === '/crm/v3/objects/meetings') return { status: 201, json: { id: `hs-${logged()}` } };
      return { json: { id: req.path.split('/').at(-1) } };
    });
    server = await startTestServer(dialect, [], { baseUrl: 'https://cadence.acme.example' });
    admin = await server.userWithToken('admin');
    csm = await server.userWithToken('csm');
    const created = await server.call('POST', '/api/integrations', {
      token: admin.token,
      body: { name: 'crm', kind: 'hubspot', settings: { baseUrl: vendor.url, accessToken: 'hs-token', http: { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 1 } } },
    });
    expect(created.status).toBe(201);
    integrationId = created.body.id;
  });
  afterAll(async () => {
    await server?.close();
    await vendor?.close();
  });

  const outbox = async () => (await server.call('GET', '/api/settings/outbox', { token: admin.token })).body as { pending: number; dead: number; deadLetters: { summary: string; lastError: string | null; kind: string }[] };
  const syncState = async (accountId: string) => (await server.call('GET', `/api/accounts/${accountId}/crm-sync`, { token: csm.token })).body.items as { meetingId: string; status: string }[];

  async function heldMeeting(name: string) {
    const account = await makeAccount(server.deps, { name, ownerId: csm.user.id, crmId: '9001' });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
    expect((await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { summary: 'Rollout on track.' } })).status).toBe(200);
    return { account, meeting };
  }

  it('no scheduled job pushes to the CRM beside the outbox worker', () => {
    expect(JOBS.map((j) => j.name)).not.toContain('crm-retry');
    expect(JOBS.map((j) => j.name)).toContain('outbox');
  });

  it('refused credentials make a dead letter in Settings at once; new credentials put it back and the worker logs it once', async () => {
    const { account, meeting } = await heldMeeting('Initech');
    token = 'rotated';
    await deliverDueOutbox(server.deps);
    const after = await outbox();
    const letter = after.deadLetters.find((l) => l.kind === 'crm_log' && l.summary.includes('Initech'));
    expect(letter?.lastError).toContain('HubSpot refused the credentials');
    expect(logged()).toBe(0);

    // Hours later nothing else has tried it: the dead letter waits for a person.
    server.deps.setNow(new Date(server.deps.now().getTime() + 6 * 3_600_000));
    await deliverDueOutbox(server.deps);
    expect(logged()).toBe(0);

    expect((await server.call('PATCH', '/api/integrations/crm', { token: admin.token, body: { settings: { accessToken: 'rotated' } } })).status).toBe(200);
    await deliverDueOutbox(server.deps);
    expect(logged()).toBe(1);
    expect((await outbox()).deadLetters.filter((l) => l.summary.includes('Initech'))).toEqual([]);
    expect((await syncState(account.id)).find((s) => s.meetingId === meeting.id)?.status).toBe('synced');
    await deliverDueOutbox(server.deps);
    expect(logged()).toBe(1);
  });

  it('the migration moves the pushes the old job still owed into the outbox and clears dead letters it delivered since', async () => {
    const db = server.deps.store.db;
    const before = logged();
    const at = server.deps.now().toISOString();
    const make = async (name: string) => {
      const account = await makeAccount(server.deps, { name, ownerId: csm.user.id, crmId: '9002' });
      const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-21T09:00:00Z' } })).body;
      return { account, meeting };
    };
    const [queuedEarly, backingOff, waiting, deliveredLater] = [await make('Queued Early'), await make('Backing Off'), await make('Waiting Person'), await make('Delivered Later')];
    const sync = (m: { account: { id: string }; meeting: { id: string } }, status: string, extra: Record<string, unknown>) =>
      db
        .insertInto('crm_syncs')
        .values({
          id: `sync-${m.meeting.id}`,
          integration_id: integrationId,
          meeting_id: m.meeting.id,
          account_id: m.account.id,
          status,
          attempts: 0,
          next_attempt_at: at,
          last_error: null,
          external_id: null,
          synced_at: null,
          created_at: at,
          updated_at: at,
          ...extra,
        })
        .execute();
    await sync(queuedEarly, 'pending', {});
    await sync(backingOff, 'failed', { attempts: 3, last_error: 'HubSpot is having trouble (HTTP 503)' });
    await sync(waiting, 'failed', { attempts: 1, next_attempt_at: null, last_error: 'Waiting Person has no CRM id; set it on the account and the push is retried' });
    await sync(deliveredLater, 'synced', { attempts: 9, external_id: 'hs-old', synced_at: new Date(Date.parse(at) + 60_000).toISOString() });
    await db
      .insertInto('outbox')
      .values({
        id: `0-stale-${deliveredLater.meeting.id}`,
        kind: 'crm_log',
        idempotency_key: `stale-${deliveredLater.meeting.id}`,
        payload: JSON.stringify({ integrationId, meetingId: deliveredLater.meeting.id }),
        summary: 'crm (crm): log "Cadence call" on Delivered Later',
        status: 'dead',
        attempts: 8,
        max_attempts: 8,
        next_attempt_at: at,
        lease_owner: null,
        lease_until: null,
        last_error: 'HubSpot is having trouble (HTTP 503)',
        result: null,
        created_at: at,
        updated_at: at,
        delivered_at: null,
      })
      .execute();
    const deadBefore = (await outbox()).dead;

    await moveCrmRetries(db);
    await moveCrmRetries(db); // run twice (a second node, a restart): nothing is moved twice

    const after = await outbox();
    const letters = after.deadLetters.map((l) => l.summary);
    expect(
      letters.filter((s) => s.includes('Delivered Later')),
      'a dead letter the old job delivered since',
    ).toEqual([]);
    expect(letters.filter((s) => s.includes('Waiting Person'))).toHaveLength(1);
    expect(after.deadLetters.find((l) => l.summary.includes('Waiting Person'))?.lastError).toContain('has no CRM id');
    expect(after.dead).toBe(deadBefore); // one dead letter fewer, one more
    expect(after.pending).toBe(2);

    await deliverDueOutbox(server.deps);
    expect(logged() - before).toBe(2);
    for (const m of [queuedEarly, backingOff]) expect((await syncState(m.account.id))[0]?.status).toBe('synced');
    expect((await outbox()).pending).toBe(0);
  });
});
