/**
 * Slack posts, tracker issues and CRM logs through the outbox, on both databases, against local
 * stand-ins answering as each vendor documents: what the user asked for is acknowledged, arrives
 * once, a failure is retried and later succeeds, a "crash" between the vendor call and the mark
 * does not send twice, and what keeps failing is a dead letter in GET /api/settings/outbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/integrations/testing/local-server.ts';
import { deliverDueOutbox, enqueueSlackPost, inTransactionWithOutbox } from '../../src/services/outbox/outbox.ts';
import { claimOutboxRow } from '../../src/store/outbox.repo.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('outbound side effects through the outbox on %s', (dialect) => {
  let server: TestServer;
  let vendor: LocalServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  /** Slack answers: 'ok', or a 500 with Slack's plain-words error while down. */
  let slackDown = false;
  const slackPosts: string[] = [];
  let zendeskDown = false;
  let hubspotDown = false;
  const hubspotMeetings: { id: string; url: string }[] = [];
  const tickets: { id: number; subject: string; status: string; external_id: string }[] = [];

  beforeAll(async () => {
    vendor = await startLocalServer((req) => {
      if (req.path.startsWith('/services/')) {
        // https://api.slack.com/messaging/webhooks#handling_errors: errors are plain text, success is "ok".
        if (slackDown) return { status: 500, body: 'rollup_error' };
        slackPosts.push(`${req.path} ${(JSON.parse(req.body) as { text: string }).text}`);
        return { body: 'ok' };
      }
      if (req.path === '/api/v2/tickets.json') {
        // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#create-ticket and #list-tickets (external_id filter).
        if (zendeskDown) return { status: 503, json: { error: 'ServiceUnavailable' } };
        const asZendesk = (t: (typeof tickets)[number]) => ({
          ...t,
          raw_subject: t.subject,
          type: 'incident',
          priority: null,
          organization_id: null,
          requester_id: null,
          tags: [],
          created_at: '2026-11-20T10:00:00Z',
          updated_at: '2026-11-20T10:00:00Z',
        });
        if (req.method === 'GET') return { json: { tickets: tickets.filter((t) => t.external_id === req.query.get('external_id')).map(asZendesk), meta: { has_more: false } } };
        const body = JSON.parse(req.body) as { ticket: { subject: string; external_id: string } };
        const ticket = { id: 7000 + tickets.length, subject: body.ticket.subject, status: 'new', external_id: body.ticket.external_id };
        tickets.push(ticket);
        return { status: 201, json: { ticket: asZendesk(ticket) } };
      }
      if (req.path.startsWith('/crm/v3/objects/meetings')) {
        // https://developers.hubspot.com/docs/api-reference/crm-meetings-v3/basic/post-crm-v3-objects-meetings and the search endpoint.
        if (hubspotDown) return { status: 503, body: 'unavailable' };
        if (req.path === '/crm/v3/objects/meetings/search') {
          const url = (JSON.parse(req.body) as { filterGroups: { filters: { value: string }[] }[] }).filterGroups[0]!.filters[0]!.value;
          const hits = hubspotMeetings.filter((m) => m.url === url);
          return { json: { total: hits.length, results: hits.map((m) => ({ id: m.id, properties: {} })) } };
        }
        const body = JSON.parse(req.body) as { properties: { hs_meeting_external_url: string } };
        const created = { id: `hs-${hubspotMeetings.length + 1}`, url: body.properties.hs_meeting_external_url };
        hubspotMeetings.push(created);
        return { status: 201, json: { id: created.id, properties: {} } };
      }
      return { status: 404, json: {} };
    });
    server = await startTestServer(dialect, [], { baseUrl: 'https://cadence.acme.example', outbox: { maxAttempts: 3, leaseMs: 60_000 } });
    csm = await server.userWithToken('csm');
    admin = await server.userWithToken('admin');
    const http = { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 1 };
    for (const body of [
      { name: 'cs-team', kind: 'slack', settings: { webhookUrl: `${vendor.url}/services/T1/B1/team`, http } },
      { name: 'cs-leads', kind: 'slack', settings: { webhookUrl: `${vendor.url}/services/T1/B2/leads`, http } },
      { name: 'support', kind: 'zendesk', settings: { baseUrl: vendor.url, email: 'ann@acme.example', apiToken: 'zd-token', http } },
    ]) {
      const created = await server.call('POST', '/api/integrations', { token: admin.token, body });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await server.close();
    await vendor.close();
  });

  const later = (seconds: number) => server.deps.setNow(new Date(server.deps.now().getTime() + seconds * 1000));
  const outbox = async () => (await server.call('GET', '/api/settings/outbox', { token: admin.token })).body;
  const postsSaying = (text: string) => slackPosts.filter((p) => p.includes(text));

  async function wrappedMeeting(name: string) {
    server.deps.setNow('2026-11-20T10:00:00.000Z');
    const account = await makeAccount(server.deps, { name, ownerId: csm.user.id });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
    const wrapped = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { summary: `${name} rollout on track.` } });
    expect(wrapped.status, JSON.stringify(wrapped.body)).toBe(200);
    return { account, meeting };
  }

  describe('slack_post', () => {
    it('a post while Slack is down is acknowledged with the reason, retried after a wait, and posted once', async () => {
      const { meeting } = await wrappedMeeting('Globex');
      slackDown = true;
      const answer = await server.call('POST', `/api/meetings/${meeting.id}/slack`, { token: csm.token, body: { integration: 'cs-team', internal: true } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ posted: false, status: 'pending', internal: true });
      expect(answer.body.error).toMatch(/500|rollup_error/);
      expect(postsSaying('Globex rollout')).toHaveLength(0);

      slackDown = false;
      // The first retry waits 30 s: not before.
      await deliverDueOutbox(server.deps);
      expect(postsSaying('Globex rollout')).toHaveLength(0);
      later(31);
      await deliverDueOutbox(server.deps);
      later(3600);
      await deliverDueOutbox(server.deps);
      expect(postsSaying('Globex rollout')).toHaveLength(1);
      expect(postsSaying('Globex rollout')[0]).toMatch(/^\/services\/T1\/B1\/team /);
    });

    it('enqueueSlackPost without an integration goes to every enabled Slack channel, and only if the change commits', async () => {
      await inTransactionWithOutbox(server.deps, (tx) => enqueueSlackPost(tx, server.deps, { channel: '#cs-initech', text: 'Initech: champion leaving' }));
      expect(postsSaying('Initech: champion leaving').sort()).toEqual(['/services/T1/B1/team Initech: champion leaving', '/services/T1/B2/leads Initech: champion leaving']);

      await expect(
        inTransactionWithOutbox(server.deps, async (tx) => {
          await enqueueSlackPost(tx, server.deps, { integration: 'cs-team', text: 'Rolled back with its change' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      later(7200);
      await deliverDueOutbox(server.deps);
      expect(postsSaying('Rolled back')).toHaveLength(0);
      await expect(inTransactionWithOutbox(server.deps, (tx) => enqueueSlackPost(tx, server.deps, { integration: 'nope', text: 'x' }))).rejects.toMatchObject({ field: 'integration' });
    });

    it('a post cut off mid-send (the process died holding it) is never posted again by itself: a dead letter says to look in the channel', async () => {
      // Queued but not delivered inline (outside inTransactionWithOutbox), then claimed by a "process" that dies.
      const [queued] = await server.deps.store.db.transaction().execute((tx) => enqueueSlackPost(tx, server.deps, { integration: 'cs-team', text: 'Umbrella: renewal at risk' }));
      const now = server.deps.now();
      const claimed = await claimOutboxRow(server.deps.store.db, queued!.id, 'dead-process', now.toISOString(), new Date(now.getTime() + 60_000).toISOString());
      expect(claimed).toBeTruthy();
      later(61);
      await deliverDueOutbox(server.deps);
      expect(postsSaying('Umbrella')).toHaveLength(0);
      const dead = (await outbox()).deadLetters.find((d: { id: string }) => d.id === queued!.id);
      expect(dead).toMatchObject({ kind: 'slack_post', status: 'dead' });
      expect(dead.summary).toBe('Slack (cs-team): "Umbrella: renewal at risk"');
      expect(dead.lastError).toMatch(/look in the channel/);
      // The admin looked, it is missing: the retry posts it, once.
      const retried = await server.call('POST', `/api/settings/outbox/${queued!.id}/retry`, { token: admin.token });
      expect(retried.body).toMatchObject({ status: 'delivered' });
      expect(postsSaying('Umbrella')).toHaveLength(1);
    });

    it('a post that keeps failing is a dead letter with Slack’s answer in words', async () => {
      const { meeting } = await wrappedMeeting('Hooli');
      slackDown = true;
      const answer = await server.call('POST', `/api/meetings/${meeting.id}/slack`, { token: csm.token, body: { integration: 'cs-leads', internal: true } });
      for (let i = 0; i < 3; i++) {
        later(2 * 3600);
        await deliverDueOutbox(server.deps);
      }
      slackDown = false;
      const dead = (await outbox()).deadLetters.find((d: { id: string }) => d.id === answer.body.outboxId);
      expect(dead).toMatchObject({ kind: 'slack_post', attempts: 3, maxAttempts: 3 });
      expect(dead.summary).toMatch(/^Slack \(cs-leads\): ".*Hooli CSM Call/);
      expect(dead.lastError).toMatch(/rollup_error|500/);
      expect(postsSaying('Hooli rollout')).toHaveLength(0);
    });
  });

  describe('tracker_issue', () => {
    async function raisedRequest(name: string) {
      server.deps.setNow('2026-11-20T10:00:00.000Z');
      const account = await makeAccount(server.deps, { name, ownerId: csm.user.id });
      const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
      const wrapped = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { requests: [{ kind: 'ticket', title: `${name}: SSO login loops`, priority: 'high' }] } });
      expect(wrapped.status, JSON.stringify(wrapped.body)).toBe(200);
      const request = (await server.call('GET', `/api/meetings/${meeting.id}/engagement`, { token: csm.token })).body.requests[0];
      return { meeting, request };
    }
    const ticketsFor = (requestId: string) => tickets.filter((t) => t.external_id === requestId);
    const open = (meetingId: string, requestId: string) => server.call('POST', `/api/meetings/${meetingId}/requests/${requestId}/open`, { token: csm.token, body: { integration: 'support' } });

    it('while Zendesk is down the CSM is answered at once with "opening" and the reason; the worker opens one ticket later and its link appears on the request', async () => {
      const { meeting, request } = await raisedRequest('Vandelay');
      zendeskDown = true;
      const first = await open(meeting.id, request.id);
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.request).toMatchObject({ status: 'opening', externalId: null, url: null });
      expect(first.body.request.error).toMatch(/503|Zendesk/);
      // A second click while it waits queues nothing more.
      await open(meeting.id, request.id);
      expect((await outbox()).pending).toBe(1);

      zendeskDown = false;
      // Two attempts failed (the click, then the second click): the next one waits a minute.
      later(61);
      await deliverDueOutbox(server.deps);
      expect(ticketsFor(request.id)).toHaveLength(1);
      const engagement = (await server.call('GET', `/api/meetings/${meeting.id}/engagement`, { token: csm.token })).body;
      const opened = engagement.requests.find((r: { id: string }) => r.id === request.id);
      expect(opened.url).toBe(`${vendor.url}/agent/tickets/${ticketsFor(request.id)[0]!.id}`);
      const again = await open(meeting.id, request.id);
      expect(again.body.request).toMatchObject({ status: 'opened', url: opened.url, created: false });
      expect(ticketsFor(request.id)).toHaveLength(1);
    });

    it('a crash after Zendesk created the ticket but before Cadence marked it: the resend finds that ticket, never a second', async () => {
      const { meeting, request } = await raisedRequest('Kramerica');
      zendeskDown = true;
      const first = await open(meeting.id, request.id);
      expect(first.body.request.status).toBe('opening');
      const { id } = await server.deps.store.db.selectFrom('outbox').select('id').where('idempotency_key', '=', `cadence-request-${request.id}`).executeTakeFirstOrThrow();
      zendeskDown = false;
      // A node claims the row, Zendesk creates the ticket, the node dies before the mark.
      later(31);
      const now = server.deps.now();
      expect(await claimOutboxRow(server.deps.store.db, id, 'dying-node', now.toISOString(), new Date(now.getTime() + 60_000).toISOString())).toBeTruthy();
      tickets.push({ id: 8001, subject: 'Kramerica: SSO login loops', status: 'new', external_id: request.id });
      later(61);
      await deliverDueOutbox(server.deps);
      expect(ticketsFor(request.id).map((t) => t.id)).toEqual([8001]);
      const engagement = (await server.call('GET', `/api/meetings/${meeting.id}/engagement`, { token: csm.token })).body;
      expect(engagement.requests.find((r: { id: string }) => r.id === request.id).url).toBe(`${vendor.url}/agent/tickets/8001`);
    });

    it('a ticket Zendesk keeps refusing is a dead letter in Settings → Outbox; asking again gives it a fresh set of attempts', async () => {
      const { meeting, request } = await raisedRequest('Pendant');
      zendeskDown = true;
      await open(meeting.id, request.id);
      for (let i = 0; i < 3; i++) {
        later(2 * 3600);
        await deliverDueOutbox(server.deps);
      }
      const dead = (await outbox()).deadLetters.find((d: { kind: string; summary: string }) => d.kind === 'tracker_issue' && d.summary.includes('Pendant'));
      expect(dead).toMatchObject({ status: 'dead', attempts: 3, summary: 'support: ticket "Pendant: SSO login loops"' });
      // Asking again gives it a fresh set of attempts; still down, so "opening" again.
      const again = await open(meeting.id, request.id);
      expect(again.body.request.status).toBe('opening');
      zendeskDown = false;
      const retried = await server.call('POST', `/api/settings/outbox/${dead.id}/retry`, { token: admin.token });
      expect(retried.status).toBe(409);
      later(31);
      await deliverDueOutbox(server.deps);
      expect(ticketsFor(request.id)).toHaveLength(1);
    });
  });

  describe('crm_log', () => {
    it('a wrapped-up call is logged on the HubSpot company through the outbox: retried while HubSpot is down, and a crash after the create does not log it twice', async () => {
      const created = await server.call('POST', '/api/integrations', {
        token: admin.token,
        body: { name: 'crm', kind: 'hubspot', settings: { baseUrl: vendor.url, accessToken: 'hs-token', http: { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 1 } } },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      server.deps.setNow('2026-11-20T10:00:00.000Z');
      const account = await makeAccount(server.deps, { name: 'Soylent', ownerId: csm.user.id, crmId: '9001' });
      const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
      hubspotDown = true;
      expect((await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { summary: 'Soylent renewal on track.' } })).status).toBe(200);
      const row = await server.deps.store.db.selectFrom('outbox').selectAll().where('kind', '=', 'crm_log').where('summary', 'like', '%Soylent%').executeTakeFirstOrThrow();
      expect(row.summary).toMatch(/^crm: log ".*" on Soylent$/);
      await deliverDueOutbox(server.deps);
      expect(hubspotMeetings).toHaveLength(0);
      const failed = (await server.call('GET', `/api/accounts/${account.id}/crm-sync`, { token: csm.token })).body.items[0];
      expect(failed).toMatchObject({ status: 'failed' });

      // HubSpot is back; a node claims the row, HubSpot logs the meeting, the node dies before the mark.
      hubspotDown = false;
      later(31);
      const now = server.deps.now();
      expect(await claimOutboxRow(server.deps.store.db, row.id, 'dying-node', now.toISOString(), new Date(now.getTime() + 60_000).toISOString())).toBeTruthy();
      hubspotMeetings.push({ id: 'hs-crashed', url: `https://cadence.acme.example/meetings/${meeting.id}` });
      later(61);
      await deliverDueOutbox(server.deps);
      expect(hubspotMeetings.map((m) => m.id)).toEqual(['hs-crashed']);
      const synced = (await server.call('GET', `/api/accounts/${account.id}/crm-sync`, { token: csm.token })).body.items[0];
      expect(synced).toMatchObject({ status: 'synced', externalId: 'hs-crashed' });
      expect((await server.deps.store.db.selectFrom('outbox').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('delivered');
    });
  });
});
