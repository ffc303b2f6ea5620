import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionItem } from '../../src/services/meetings/action-items.ts';
import { LOCAL_OPERATOR, actorFor } from '../../src/services/users/users.ts';
import { wrapUpMeeting } from '../../src/services/meetings/wrap-up-meeting.ts';
import { listTasks } from '../../src/store/tasks.repo.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { addressesOf, startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('wrapping up a call and following up on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme', crmBcc: 'log@crm.example' });
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  async function heldCallSetup() {
    const account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id, timezone: 'America/New_York' });
    // Straight into the store: the wrap-up below is what gives the account its first health score.
    const champion = await makeContact(server.deps, account.id, { name: 'Peter Gibbons', email: 'peter@initech.example', role: 'champion' });
    await createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text: 'Share the TPS report template', side: 'customer', owner: { contactId: champion.id } });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-20T09:00:00Z', acknowledgeOutOfHours: true } })).body; // 04:00 in New York: booked on purpose
    const next = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-04T15:00:00Z' } })).body;
    const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token })).body;
    return { account, champion, meeting, next, agenda };
  }

  it('wrap-up saves everything at once, drafts the follow-up, carries items over and owes a follow-up by the next business day', async () => {
    const { account, champion, meeting, next, agenda } = await heldCallSetup();
    const shared = agenda.items.filter((i: { visibility: string; section: string }) => i.visibility === 'shared' && i.section === 'kickoff');
    const discussed = shared[0].id;
    const undiscussed = shared[1];
    const res = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, {
      token: csm.token,
      body: {
        notes: { version: 0, notes: 'Peter is moving teams in January.' },
        discussedItemIds: [discussed],
        actionItems: [
          { text: 'Send the SSO setup guide', side: 'vendor', owner: { userId: csm.user.id }, dueDate: '2026-11-24' },
          { text: 'Confirm the Q1 rollout dates', side: 'customer', owner: { contactId: champion.id } },
        ],
        risks: [{ type: 'champion_leaving', severity: 'high', arrAtRisk: 90000, evidence: 'Peter moves teams in January' }],
        requests: [
          { kind: 'feature_request', title: 'Audit log export to S3' },
          { kind: 'ticket', title: 'Runner timeouts on large repos', priority: 'high' },
        ],
        csmSentiment: 'yellow',
        productSentiment: 'green',
        summary: 'Rollout on track; champion moving teams.',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.meeting).toMatchObject({ state: 'held', heldAt: '2026-11-20T10:00:00.000Z', csmSentiment: 'yellow', notes: 'Peter is moving teams in January.' });
    expect(res.body.actionItems).toHaveLength(2);
    expect(res.body.engagement).toMatchObject({ complete: false, effective: true });
    // Held on Friday 20 November at 05:00 in New York: due on Monday 23 November at the same local time.
    expect(res.body.followUpDueAt).toBe('2026-11-23T10:00:00.000Z');

    const tasks = await listTasks(server.deps.store.db, { accountId: account.id, status: ['open'] });
    expect(tasks).toEqual([expect.objectContaining({ rule: 'send_follow_up', dueAt: '2026-11-23T10:00:00.000Z', assigneeId: csm.user.id })]);

    const draft = await server.call('GET', `/api/meetings/${meeting.id}/follow-up`, { token: csm.token });
    for (const item of ['Send the SSO setup guide', 'Confirm the Q1 rollout dates', 'Share the TPS report template']) expect(draft.body.text).toContain(item);
    expect(draft.body.recipients).toEqual(['peter@initech.example']);
    expect(draft.body.text).not.toContain('Peter moves teams in January');

    const nextAgenda = (await server.call('GET', `/api/meetings/${next.id}/agenda`, { token: csm.token })).body.items.map((i: { text: string }) => i.text).join('\n');
    expect(nextAgenda).toContain('Send the SSO setup guide');
    expect(nextAgenda).toContain(undiscussed.text);

    const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
    expect(timeline.body.items.find((t: { kind: string }) => t.kind === 'meeting.held').summary).toContain('held: 2 action items, 1 risk, 2 requests to open. Rollout on track');
    // The wrap-up rescored the account's health, in words on the timeline.
    expect(timeline.body.items[0].summary).toMatch(/^First health score: \d+(\.\d)? \((green|yellow|red)\)/);

    const listed = (await server.call('GET', `/api/accounts?q=Initech&owner=me&limit=100`, { token: csm.token })).body.items.find((a: { id: string }) => a.id === account.id);
    expect(listed.activity).toMatchObject({ lastCallAt: '2026-11-20T10:00:00.000Z', nextCallAt: next.startsAt, openRisks: 1 });

    const again = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: {} });
    expect(again.status).toBe(409);
  });

  it('a failure midway leaves nothing of the wrap-up written', async () => {
    const { account, champion, meeting } = await heldCallSetup();
    const actor = await actorFor(server.deps, csm.user);
    await expect(
      wrapUpMeeting(
        server.deps,
        actor,
        meeting.id,
        {
          notes: { version: 0, notes: 'lost?' },
          actionItems: [{ text: 'x', side: 'customer', owner: { contactId: champion.id } }],
          risks: [{ type: 'budget', severity: 'low', evidence: 'cuts' }],
          requests: [{ kind: 'ticket', title: 't' }],
        },
        {
          beforeCommit: () => {
            throw new Error('power cut');
          },
        },
      ),
    ).rejects.toThrow('power cut');
    const after = (await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body;
    expect(after).toMatchObject({ state: 'planned', notes: '', notesVersion: 0, heldAt: null });
    const items = (await server.call('GET', `/api/action-items?accountId=${account.id}`, { token: csm.token })).body.items;
    expect(items.map((i: { text: string }) => i.text)).toEqual(['Share the TPS report template']);
    expect(await listTasks(server.deps.store.db, { accountId: account.id })).toHaveLength(0);
    expect((await server.call('GET', `/api/meetings/${meeting.id}/follow-up`, { token: csm.token })).status).toBe(404);
    const risks = await server.deps.store.db.selectFrom('risks').select('id').where('account_id', '=', account.id).execute();
    expect(risks).toHaveLength(0);
  });

  it('the follow-up goes to the customer with the CRM in BCC; the engagement completes once every request is opened', async () => {
    const { account, champion, meeting } = await heldCallSetup();
    const wrapped = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, {
      token: csm.token,
      body: { actionItems: [{ text: 'Book the admin training', side: 'vendor', owner: { userId: csm.user.id }, dueDate: '2026-11-27' }], requests: [{ kind: 'feature_request', title: 'Dark mode for the dashboard' }] },
    });
    expect(wrapped.status).toBe(200);
    const sent = await server.call('POST', `/api/meetings/${meeting.id}/follow-up/send`, { token: csm.token, body: { confirm: true, sendWithUnaddressed: true } });
    expect(sent.status).toBe(200);
    expect(sent.body.meeting.state).toBe('followed_up');
    expect(sent.body.engagement.complete).toBe(false);
    const mail = smtp.received.at(-1)!;
    expect(addressesOf(mail.parsed.to)).toEqual(['peter@initech.example']);
    expect(mail.envelopeTo).toContain('log@crm.example');
    expect(mail.parsed.headers.get('bcc')).toBeUndefined();
    expect(mail.parsed.text).toContain('Book the admin training');
    expect(mail.parsed.text).toContain('Share the TPS report template');
    expect(await listTasks(server.deps.store.db, { accountId: account.id, status: ['open'] })).toHaveLength(0);
    expect((await server.call('POST', `/api/meetings/${meeting.id}/follow-up/send`, { token: csm.token, body: { confirm: true } })).status).toBe(409);

    const engagement = await server.call('GET', `/api/meetings/${meeting.id}/engagement`, { token: csm.token });
    const request = engagement.body.requests[0];
    const both = await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}`, { token: csm.token, body: { url: 'https://tracker.example/1', dismissedReason: 'dup' } });
    expect(both.status).toBe(400);
    const opened = await server.call('POST', `/api/meetings/${meeting.id}/requests/${request.id}`, { token: csm.token, body: { externalId: 'PROD-42', url: 'https://tracker.example/PROD-42' } });
    expect(opened.body.meeting.state).toBe('complete');
    expect(opened.body.engagement.complete).toBe(true);
    void champion;
  });

  it('a call with no action items is flagged not effective', async () => {
    const { meeting } = await heldCallSetup();
    const res = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { summary: 'Quick check-in' } });
    expect(res.body.engagement.effective).toBe(false);
  });
});
