import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const CALL = readFileSync('test/fixtures/globex-call.txt', 'utf8');

describe.each(dialects)('every way of creating a risk, an action item or a request follows the same rules on %s', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    server = await startTestServer(dialect, [], { vendorName: 'Acme' });
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => server.close());

  async function call(fields: Record<string, unknown> = {}) {
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id, arr: 100_000, ...fields });
    const champion = await makeContact(server.deps, account.id, { name: 'Peter Gibbons', email: 'peter@initech.example', role: 'champion' });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
    return { account, champion, meeting };
  }

  it('a risk captured at wrap-up cannot put more ARR at risk than the account brings in', async () => {
    const { account, meeting } = await call();
    const res = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, {
      token: csm.token,
      body: { risks: [{ type: 'budget', severity: 'high', arrAtRisk: 250_000, evidence: 'Budget halved next year' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid', field: 'risks.0.arrAtRisk' });
    expect((await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body.state).toBe('planned');
    const risks = await server.deps.store.db.selectFrom('risks').select('id').where('account_id', '=', account.id).execute();
    expect(risks).toHaveLength(0);
  });
  async function wrappedUpWithTranscript() {
    const { account, champion, meeting } = await call({ name: 'Globex' });
    const next = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-04T15:00:00Z' } })).body;
    expect((await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { summary: 'Runner timeouts still hurt.' } })).status).toBe(200);
    const imported = await server.call('POST', `/api/meetings/${meeting.id}/transcript`, {
      token: csm.token,
      raw: CALL.replaceAll('Sam Okafor', csm.user.name).replaceAll('Hana Tanaka', champion.name),
      headers: { 'content-type': 'text/plain' },
    });
    expect(imported.status).toBe(201);
    const suggestions = imported.body.suggestions as { id: string; kind: string; payload: { text: string } }[];
    return { account, meeting, next, suggestions };
  }

  it('accepting a suggestion after wrap-up redrafts the follow-up and keeps the next-call line', async () => {
    const { meeting, suggestions } = await wrappedUpWithTranscript();
    const before = (await server.call('GET', `/api/meetings/${meeting.id}/follow-up`, { token: csm.token })).body;
    expect(before.text).toContain('Our next call: ');
    const action = suggestions.find((s) => s.kind === 'action_item')!;
    expect((await server.call('POST', `/api/suggestions/${action.id}/accept`, { token: csm.token, body: {} })).status).toBe(200);
    const after = (await server.call('GET', `/api/meetings/${meeting.id}/follow-up`, { token: csm.token })).body;
    expect(after.text).toContain(action.payload.text);
    expect(after.text).toContain('Our next call: ');
    expect(after.text).not.toContain('We will confirm the date of our next call shortly.');
  });

  it('a follow-up the CSM edited is not overwritten when a suggestion is accepted later', async () => {
    const { meeting, suggestions } = await wrappedUpWithTranscript();
    const edited = await server.call('PUT', `/api/meetings/${meeting.id}/follow-up`, { token: csm.token, body: { text: 'Hello Peter,\n\nThanks for today. My own words.' } });
    expect(edited.status).toBe(200);
    const action = suggestions.find((s) => s.kind === 'action_item')!;
    expect((await server.call('POST', `/api/suggestions/${action.id}/accept`, { token: csm.token, body: {} })).status).toBe(200);
    const after = (await server.call('GET', `/api/meetings/${meeting.id}/follow-up`, { token: csm.token })).body;
    expect(after.text).toBe('Hello Peter,\n\nThanks for today. My own words.');
  });

  it('a risk accepted from a transcript is on the timeline and in the audit, like one raised by hand', async () => {
    const { account, suggestions } = await wrappedUpWithTranscript();
    const risk = suggestions.find((s) => s.kind === 'risk')!;
    const accepted = await server.call('POST', `/api/suggestions/${risk.id}/accept`, { token: csm.token, body: { severity: 'critical' } });
    expect(accepted.body.record.type).toBe('risk');
    const stored = (await server.call('GET', `/api/risks/${accepted.body.record.id}`, { token: csm.token })).body;
    expect(stored).toMatchObject({ accountId: account.id, severity: 'critical', status: 'open', ownerId: csm.user.id });
    const timeline = (await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token })).body.items.map((t: { summary: string }) => t.summary);
    expect(timeline.some((t: string) => t.startsWith('Risk raised: critical'))).toBe(true);
    const audit = await server.deps.store.db.selectFrom('audit_log').select('action').where('entity_id', '=', accepted.body.record.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['risk.raised']);
  });

  it('action items and requests captured at wrap-up each have their line on the timeline', async () => {
    const { account, champion, meeting } = await call();
    const res = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, {
      token: csm.token,
      body: {
        actionItems: [
          { text: 'Send the SSO guide', side: 'vendor', owner: { userId: csm.user.id } },
          { text: 'List the teams', side: 'customer', owner: { contactId: champion.id } },
        ],
        requests: [{ kind: 'ticket', title: 'Runner timeouts' }],
      },
    });
    expect(res.status).toBe(200);
    const kinds = (await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token })).body.items.map((t: { kind: string }) => t.kind);
    expect(kinds.filter((k: string) => k === 'action_item.created')).toHaveLength(2);
    expect(kinds.filter((k: string) => k === 'request.raised')).toHaveLength(1);
  });

  it('an action item cannot be given to a colleague who is no longer active, at wrap-up or by hand', async () => {
    const { account, meeting } = await call();
    const gone = await server.userWithToken('csm');
    await server.deps.store.db.updateTable('users').set({ active: 0 }).where('id', '=', gone.user.id).execute();
    const byHand = await server.call('POST', '/api/action-items', { token: csm.token, body: { accountId: account.id, text: 'Book training', side: 'vendor', owner: { userId: gone.user.id } } });
    expect(byHand.status).toBe(400);
    expect(byHand.body.error.field).toBe('owner.userId');
    const atWrapUp = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { actionItems: [{ text: 'Book training', side: 'vendor', owner: { userId: gone.user.id } }] } });
    expect(atWrapUp.status).toBe(400);
    expect(atWrapUp.body.error.field).toBe('actionItems.0.owner.userId');
    expect((await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body.state).toBe('planned');
  });
  it("a risk captured at wrap-up is the account CSM's to work on, or unowned when that CSM is no longer active", async () => {
    const { account, meeting } = await call();
    const res = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { risks: [{ type: 'budget', severity: 'low', evidence: 'Budget review in Q2' }] } });
    expect(res.status).toBe(200);
    const owned = await server.deps.store.db.selectFrom('risks').select('owner_id').where('account_id', '=', account.id).execute();
    expect(owned).toEqual([{ owner_id: csm.user.id }]);

    const leaver = await server.userWithToken('csm');
    const orphan = await makeAccount(server.deps, { ownerId: leaver.user.id });
    const later = (await server.call('POST', '/api/meetings', { token: leaver.token, body: { accountId: orphan.id, startsAt: '2026-11-20T09:00:00Z' } })).body;
    await server.deps.store.db.updateTable('users').set({ active: 0 }).where('id', '=', leaver.user.id).execute();
    const admin = await server.userWithToken('admin');
    const wrapped = await server.call('POST', `/api/meetings/${later.id}/wrap-up`, { token: admin.token, body: { risks: [{ type: 'budget', severity: 'low', evidence: 'Budget review in Q2' }] } });
    expect(wrapped.status).toBe(200);
    const unowned = await server.deps.store.db.selectFrom('risks').select('owner_id').where('account_id', '=', orphan.id).execute();
    expect(unowned).toEqual([{ owner_id: null }]);
  });
});
