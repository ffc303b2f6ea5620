import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startLocalServer, type LocalServer } from '../../src/integrations/testing/local-server.ts';
import { pushCrmMeetings } from '../../src/services/connections/crm-sync.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const gongAnswer = JSON.parse(readFileSync(new URL('../../src/integrations/gong/fixtures/call-transcript.json', import.meta.url), 'utf8')) as unknown;

describe.each(dialects)('meetings pushed to the CRM, posted to Slack and transcribed from Gong on %s', (dialect) => {
  let server: TestServer;
  let vendor: LocalServer;
  let hubspotDown = false;
  let hubspotToken = 'hs-token';
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  const slackPosts: string[] = [];

  beforeAll(async () => {
    vendor = await startLocalServer((req) => {
      if (req.path.startsWith('/crm/')) {
        if (req.headers.authorization !== `Bearer ${hubspotToken}`) return { status: 401, json: { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' } };
        if (hubspotDown) return { status: 503, body: 'unavailable' };
        if (req.path === '/crm/v3/objects/meetings/search') return { json: { total: 0, results: [] } };
        if (req.path === '/crm/v3/objects/meetings') return { status: 201, json: { id: `hs-${vendor.count('/crm/v3/objects/meetings')}` } };
        return { json: { id: req.path.split('/').at(-1) } };
      }
      if (req.path === '/services/T1/B1/hook') {
        slackPosts.push((JSON.parse(req.body) as { text: string }).text);
        return { body: 'ok' };
      }
      if (req.path === '/v2/calls/transcript') {
        // Gong's error answer (https://gong.app.gong.io/settings/api/documentation#post-/v2/calls/transcript): requestId and errors.
        if (req.body.includes('"unknown-call"')) return { status: 404, json: { requestId: '4al018gzaztcr8nbukw', errors: ['No calls found corresponding to the provided filters'] } };
        if (req.body.includes('"gong-down"')) return { status: 503, body: 'Service Unavailable' };
        return { json: gongAnswer };
      }
      return { status: 404, json: {} };
    });
    server = await startTestServer(dialect, [], { baseUrl: 'https://cadence.acme.example' });
    csm = await server.userWithToken('csm');
    admin = await server.userWithToken('admin');
    const http = { maxAttempts: 1, backoffBaseMs: 1, backoffMaxMs: 1 };
    for (const body of [
      { name: 'crm', kind: 'hubspot', settings: { baseUrl: vendor.url, accessToken: 'hs-token', fields: { openRisks: 'cadence_open_risks' }, http } },
      { name: 'team-channel', kind: 'slack', settings: { webhookUrl: `${vendor.url}/services/T1/B1/hook`, http } },
      { name: 'gong', kind: 'gong', settings: { baseUrl: vendor.url, accessKey: 'key', accessKeySecret: 'gong-secret', http } },
    ]) {
      expect((await server.call('POST', '/api/integrations', { token: admin.token, body })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await server.close();
    await vendor.close();
  });

  async function heldMeeting(fields: Record<string, unknown> = { crmId: '9001' }) {
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id, ...fields });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
    const wrapped = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, {
      token: csm.token,
      body: {
        summary: 'Rollout on track; SSO next.',
        risks: [{ type: 'champion_leaving', severity: 'high', evidence: 'Peter moves teams' }],
        actionItems: [{ text: 'Send the SSO guide', side: 'vendor', owner: { userId: csm.user.id }, dueDate: '2026-11-24' }],
      },
    });
    expect(wrapped.status).toBe(200);
    // The wrap-up queued the push in its own transaction.
    const queued = (await server.call('GET', `/api/accounts/${account.id}/crm-sync`, { token: csm.token })).body.items;
    if (fields.crmId) expect(queued[0]).toMatchObject({ status: 'pending', meetingId: meeting.id });
    return { account, meeting };
  }

  it('a held meeting goes to HubSpot with its summary, action items and notes link; a failure is retried after a wait', async () => {
    const { account, meeting } = await heldMeeting();
    hubspotDown = true;
    expect(await pushCrmMeetings(server.deps, { meetingId: meeting.id })).toEqual({ synced: 0, failed: 1 });
    const failed = (await server.call('GET', `/api/accounts/${account.id}/crm-sync`, { token: csm.token })).body.items[0];
    expect(failed).toMatchObject({ integration: 'crm', status: 'failed', attempts: 1, meetingId: meeting.id });
    expect(failed.lastError).toContain('HubSpot is having trouble');
    hubspotDown = false;
    expect(await pushCrmMeetings(server.deps, { meetingId: meeting.id })).toEqual({ synced: 0, failed: 0 });
    server.deps.setNow(new Date(server.deps.now().getTime() + 2 * 60_000));
    expect(await pushCrmMeetings(server.deps, { meetingId: meeting.id })).toEqual({ synced: 1, failed: 0 });
    const synced = (await server.call('GET', `/api/accounts/${account.id}/crm-sync`, { token: csm.token })).body.items[0];
    expect(synced).toMatchObject({ status: 'synced', attempts: 2, lastError: null });
    expect(synced.externalId).toMatch(/^hs-/);
    const created = vendor.requests.filter((r) => r.path === '/crm/v3/objects/meetings').at(-1)!;
    const properties = (JSON.parse(created.body) as { properties: Record<string, string> }).properties;
    expect(properties.hs_meeting_body).toContain('Rollout on track; SSO next.');
    expect(properties.hs_meeting_body).toContain('Send the SSO guide');
    expect(properties.hs_meeting_external_url).toBe(`https://cadence.acme.example/meetings/${meeting.id}`);
    const company = vendor.requests.filter((r) => r.method === 'PATCH' && r.path === '/crm/v3/objects/companies/9001').at(-1)!;
    expect(JSON.parse(company.body)).toEqual({ properties: { cadence_open_risks: 'champion leaving (high)' } });
  });

  it('refused credentials wait for a person; new credentials re-arm the push', async () => {
    const { account, meeting } = await heldMeeting();
    hubspotToken = 'rotated';
    await pushCrmMeetings(server.deps, { meetingId: meeting.id });
    const failed = (await server.call('GET', `/api/accounts/${account.id}/crm-sync`, { token: csm.token })).body.items[0];
    expect(failed).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(failed.lastError).toContain('HubSpot refused the credentials');
    await server.call('PATCH', '/api/integrations/crm', { token: admin.token, body: { settings: { accessToken: 'rotated' } } });
    expect(await pushCrmMeetings(server.deps, { meetingId: meeting.id })).toEqual({ synced: 1, failed: 0 });
  });

  it('an account without a CRM id says so in the sync state', async () => {
    const { account, meeting } = await heldMeeting({});
    await pushCrmMeetings(server.deps, { meetingId: meeting.id });
    const state = (await server.call('GET', `/api/accounts/${account.id}/crm-sync`, { token: csm.token })).body.items[0];
    expect(state.lastError).toBe('Initech has no CRM id; set it on the account and the push is retried');
    const other = await server.userWithToken('csm');
    expect((await server.call('GET', `/api/accounts/${account.id}/crm-sync`, { token: other.token })).status).toBe(404);
  });

  it('the follow-up or an internal update is posted to Slack', async () => {
    const { meeting } = await heldMeeting();
    const external = await server.call('POST', `/api/meetings/${meeting.id}/slack`, { token: csm.token, body: { integration: 'team-channel', internal: false } });
    expect(external.status).toBe(200);
    expect(slackPosts.at(-1)).toContain(`https://cadence.acme.example/meetings/${meeting.id}`);
    const internal = await server.call('POST', `/api/meetings/${meeting.id}/slack`, { token: csm.token, body: { integration: 'team-channel', internal: true } });
    expect(internal.body).toMatchObject({ posted: true, internal: true, status: 'delivered', error: null });
    expect(slackPosts.at(-1)).toContain('Open action items:\n• Send the SSO guide');
    const wrongKind = await server.call('POST', `/api/meetings/${meeting.id}/slack`, { token: csm.token, body: { integration: 'crm', internal: true } });
    expect([wrongKind.status, wrongKind.body.error.field]).toEqual([400, 'integration']);
    expect((await server.call('POST', `/api/meetings/${meeting.id}/slack`, { token: csm.token, body: { integration: 'team-channel' } })).status).toBe(400);
  });

  it("a Gong call's transcript is fetched and imported onto the meeting", async () => {
    const { meeting } = await heldMeeting();
    const res = await server.call('POST', `/api/meetings/${meeting.id}/transcript/fetch`, { token: csm.token, body: { integration: 'gong', ref: '7782342274025937895' } });
    expect(res.status).toBe(200);
    const stored = await server.deps.store.db.selectFrom('transcripts').select(['format', 'source']).where('meeting_id', '=', meeting.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ format: 'gong', source: 'gong' });
    const noRef = await server.call('POST', `/api/meetings/${meeting.id}/transcript/fetch`, { token: csm.token, body: { integration: 'gong', ref: '' } });
    expect([noRef.status, noRef.body.error.field]).toEqual([400, 'ref']);
  });

  it('a failing or refusing Gong is a 502 that says what Gong answered, not a 500', async () => {
    const { meeting } = await heldMeeting();
    const unknown = await server.call('POST', `/api/meetings/${meeting.id}/transcript/fetch`, { token: csm.token, body: { integration: 'gong', ref: 'unknown-call' } });
    expect(unknown.status).toBe(502);
    expect(unknown.body.error.code).toBe('upstream');
    expect(unknown.body.error.message).toMatch(/Gong/i);
    expect(unknown.body.error.message).toContain('No calls found corresponding to the provided filters');
    const down = await server.call('POST', `/api/meetings/${meeting.id}/transcript/fetch`, { token: csm.token, body: { integration: 'gong', ref: 'gong-down' } });
    expect(down.status).toBe(502);
    expect(down.body.error.message).toMatch(/Gong/i);
    expect(down.body.error.message).toMatch(/503|unavailable/i);
  });
});
