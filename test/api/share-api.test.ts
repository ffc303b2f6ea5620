import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActionItem } from '../../src/services/meetings/action-items.ts';
import { ContactCreateSchema } from '../../src/domain/account/accounts.ts';
import { createContact } from '../../src/services/accounts/contacts.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { makeAccount } from '../helpers/factories.ts';
import { addressesOf, startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('sharing the agenda with the customer', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer('sqlite', [], { smtpUrl: smtp.url, vendorName: 'Acme' });
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  async function preparedCall() {
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, arr: 480000, renewalDate: '2027-02-01', licencesBought: 500, licencesUsed: 120, contractStartDate: '2026-01-01' });
    const champion = await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Hana Tanaka', email: 'hana@globex.example', role: 'champion' }));
    await createContact(server.deps, LOCAL_OPERATOR, ContactCreateSchema.parse({ accountId: account.id, name: 'Omar Haddad', email: 'omar@globex.example', role: 'economic_buyer' }));
    await createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text: 'Upgrade the staging runner', side: 'customer', owner: { contactId: champion.id }, dueDate: '2026-12-01' });
    await createActionItem(server.deps, LOCAL_OPERATOR, { accountId: account.id, text: 'Send the runner sizing guide', side: 'vendor', owner: { userId: csm.user.id } });
    await server.deps.store.db
      .insertInto('risks')
      .values({
        id: server.deps.newId(),
        account_id: account.id,
        meeting_id: null,
        type: 'champion_leaving',
        severity: 'high',
        arr_at_risk: 480000,
        evidence: 'Hana is interviewing elsewhere',
        status: 'open',
        owner_id: null,
        resolution: null,
        created_at: '2026-11-01T00:00:00Z',
        updated_at: '2026-11-01T00:00:00Z',
        closed_at: null,
      })
      .execute();
    await server.deps.store.db
      .insertInto('support_tickets')
      .values({
        id: server.deps.newId(),
        account_id: account.id,
        source: 'zendesk',
        external_id: `ZD-${account.id}`,
        title: 'Runner timeouts',
        status: 'open',
        raw_status: 'open',
        priority: 'high',
        url: null,
        raised_in_meeting_id: null,
        dismissed_reason: null,
        opened_at: '2026-11-10T00:00:00Z',
        closed_at: null,
        created_at: '2026-11-10T00:00:00Z',
        updated_at: '2026-11-10T00:00:00Z',
      })
      .execute();
    const items = await server.call('GET', `/api/accounts/${account.id}/tracker-items`, { token: csm.token });
    expect(items.body.tickets).toEqual([expect.objectContaining({ title: 'Runner timeouts', priority: 'high' })]);
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-01T15:00:00Z' } })).body;
    await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 0, notes: 'INTERNAL NOTE: pricing pressure' } });
    return { account, meeting };
  }

  it('sends the agenda to the customer attendees with the team in copy, and the meeting records it', async () => {
    const { meeting } = await preparedCall();
    const preview = await server.call('POST', `/api/meetings/${meeting.id}/agenda/preview`, { token: csm.token });
    const sent = await server.call('POST', `/api/meetings/${meeting.id}/agenda/send`, { token: csm.token, body: { fingerprint: preview.body.fingerprint } });
    expect(sent.status).toBe(200);
    expect(sent.body.meeting).toMatchObject({ state: 'agenda_sent', agendaSentAt: '2026-11-20T10:00:00.000Z' });
    const mail = smtp.received.at(-1)!;
    expect(addressesOf(mail.parsed.to).sort()).toEqual(['hana@globex.example', 'omar@globex.example']);
    expect(addressesOf(mail.parsed.cc)).toEqual([csm.user.email]);
    expect(mail.parsed.subject).toContain('Acme / Globex CSM Call');
    expect(mail.parsed.text).toContain('Upgrade the staging runner');
    expect(mail.parsed.text).toContain(sent.body.shareUrl);
    for (const secret of ['INTERNAL NOTE', 'Hana is interviewing', '480,000', 'champion leaving']) {
      expect(mail.parsed.text, secret).not.toContain(secret);
      expect(String(mail.parsed.html), secret).not.toContain(secret);
    }
  });

  it('the share link shows the agenda and customer action items, never internal notes, risks, health or ARR', async () => {
    const { meeting } = await preparedCall();
    const link = await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} });
    const token = String(link.body.url).split('/share/')[1];
    const view = await server.call('GET', `/api/share/${token}`);
    expect(view.status).toBe(200);
    const body = JSON.stringify(view.body);
    expect(body).toContain('Upgrade the staging runner');
    expect(body).toContain('Globex');
    for (const secret of ['INTERNAL NOTE', 'interviewing', '480000', '480,000', 'healthColour', 'arr', 'risk']) {
      expect(body.toLowerCase(), secret).not.toContain(secret.toLowerCase());
    }
  });

  it('customers propose topics as plain text; a revoked or wrong link shows nothing', async () => {
    const { meeting } = await preparedCall();
    const link = await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} });
    const token = String(link.body.url).split('/share/')[1];
    const proposed = await server.call('POST', `/api/share/${token}/topics`, { body: { text: 'Runner autoscaling <script>alert(1)</script> costs', name: 'Hana' } });
    expect(proposed.status).toBe(201);
    const agenda = await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: csm.token });
    const topic = agenda.body.items.find((i: { addedBy: string }) => i.addedBy === 'customer');
    expect(topic).toMatchObject({ section: 'customer_topics', text: 'Runner autoscaling alert(1) costs (Hana)' });
    const tooLong = await server.call('POST', `/api/share/${token}/topics`, { body: { text: 'x'.repeat(501) } });
    expect(tooLong.body.error).toMatchObject({ code: 'invalid', field: 'text' });
    expect((await server.call('DELETE', `/api/meetings/${meeting.id}/share-links/${link.body.id}`, { token: csm.token })).status).toBe(204);
    expect((await server.call('GET', `/api/share/${token}`)).status).toBe(404);
    expect((await server.call('GET', `/api/meetings/${meeting.id}/share-links`, { token: csm.token })).body.items).toContainEqual(expect.objectContaining({ id: link.body.id, state: 'revoked' }));
    expect((await server.call('GET', '/api/share/not-a-real-token-at-all')).status).toBe(404);
  });

  it('a link expires after the call, and topics are rate limited', async () => {
    const { meeting } = await preparedCall();
    const link = await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: { expiresInDays: 1 } });
    const token = String(link.body.url).split('/share/')[1];
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await server.call('POST', `/api/share/${token}/topics`, { body: { text: `Topic number ${i}` } })).status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.at(-1)).toBe(429);
    const listed = async () => (await server.call('GET', `/api/meetings/${meeting.id}/share-links`, { token: csm.token })).body.items.find((l: { id: string }) => l.id === link.body.id);
    expect(await listed()).toMatchObject({ state: 'works', revokedAt: null });
    server.deps.setNow('2026-12-03T16:00:00Z');
    try {
      expect((await server.call('GET', `/api/share/${token}`)).status).toBe(404);
      // The CSM's list says so too, on the same clock as the customer's page.
      expect(await listed()).toMatchObject({ state: 'expired', revokedAt: null });
    } finally {
      server.deps.setNow('2026-11-20T10:00:00Z');
    }
  });
});
