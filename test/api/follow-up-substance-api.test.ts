import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { addressesOf, startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const CALL = readFileSync('test/fixtures/globex-call.txt', 'utf8');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The HTML part as a reader sees it: tags gone, entities decoded, spaces collapsed. */
function visible(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&#x27;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}

/** Every date a mail promises something by ("by 4 December 2026", "due 4 December 2026"), as YYYY-MM-DD. */
function promisedDates(text: string): string[] {
  return [...text.matchAll(/\b(?:by|due) (\d{1,2}) ([A-Z][a-z]+) (\d{4})/g)].map((m) => `${m[3]}-${String(MONTHS.indexOf(m[2]!) + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`);
}

/** What the mail says within a few lines after a phrase (the item's own line and its note). */
function after(text: string, phrase: string, chars = 220): string {
  const at = text.indexOf(phrase);
  expect(at, `"${phrase}" in:\n${text}`).toBeGreaterThanOrEqual(0);
  return text.slice(at, at + chars);
}

describe.each(dialects)('follow-ups that answer every item, previewed and confirmed, on %s', (dialect) => {
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

  const api = (method: string, path: string, body?: unknown) => server.call(method, path, { token: csm.token, body });

  /** Globex, with an item the CSM promised for 21 November, and a call on Monday 30 November. */
  async function globexCall() {
    server.deps.setNow('2026-11-16T10:00:00.000Z');
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, timezone: 'Europe/London' });
    const hank = await makeContact(server.deps, account.id, { name: 'Hank Scorpio', email: 'hank@globex.example', role: 'champion' });
    const late = (await api('POST', '/api/action-items', { accountId: account.id, text: 'Send the SSO enforcement guide', side: 'vendor', owner: { userId: csm.user.id }, dueDate: '2026-11-21' })).body;
    const guide = (await api('POST', '/api/action-items', { accountId: account.id, text: 'Share the runner sizing guide', side: 'vendor', owner: { userId: csm.user.id }, dueDate: '2026-11-27' })).body;
    const meeting = (await api('POST', '/api/meetings', { accountId: account.id, startsAt: '2026-11-30T15:00:00Z', attendeeContactIds: [hank.id], attendeeUserIds: [csm.user.id] })).body;
    const next = (await api('POST', '/api/meetings', { accountId: account.id, startsAt: '2026-12-14T15:00:00Z' })).body;
    return { account, hank, late, guide, meeting, next };
  }

  /** The call is held: the sizing guide was shared during it, one decision recorded. */
  async function wrapUp(meetingId: string, guideId: string) {
    server.deps.setNow('2026-11-30T15:20:00.000Z');
    expect((await api('PATCH', `/api/action-items/${guideId}`, { status: 'done' })).status).toBe(200);
    server.deps.setNow('2026-11-30T15:45:00.000Z');
    const res = await api('POST', `/api/meetings/${meetingId}/wrap-up`, {
      summary: 'Champion is interviewing elsewhere; renewal at risk.',
      recap: ['Runner timeouts are fixed since 18.2', 'SSO enforcement is the next step'],
      decisions: ['Globex moves to the 18.x release line in January'],
      questions: [{ question: 'Does SSO support SCIM?', answer: 'Yes, SCIM provisioning is in your plan.' }],
      links: [{ url: 'https://docs.acme.example/sso/enforce', description: 'How to enforce SSO for every group' }],
      actionItems: [{ text: 'Confirm the January upgrade window', side: 'customer', owner: { name: 'Hank Scorpio' }, dueDate: '2026-12-11' }],
      risks: [{ type: 'champion_leaving', severity: 'high', evidence: 'Hank is interviewing at Initech' }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  it('the follow-up, as the customer receives it, marks the item done in the call done, says what we agreed, and promises no date that has passed', async () => {
    const { meeting, guide, late } = await globexCall();
    await wrapUp(meeting.id, guide.id);
    // Sent on Wednesday 2 December: the guide promised for 21 November is late.
    server.deps.setNow('2026-12-02T09:00:00.000Z');
    const preview = await api('POST', `/api/meetings/${meeting.id}/follow-up/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.unaddressed).toEqual([expect.objectContaining({ id: late.id, addressed: false, reason: 'was due 21 November 2026, is not done and has no new date' })]);

    const refused = await api('POST', `/api/meetings/${meeting.id}/follow-up/send`, { fingerprint: preview.body.fingerprint });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('1 action item is not addressed: "Send the SSO enforcement guide"');
    const before = smtp.received.length;
    expect(smtp.received).toHaveLength(before);

    const sent = await api('POST', `/api/meetings/${meeting.id}/follow-up/send`, { fingerprint: preview.body.fingerprint, sendWithUnaddressed: true });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const mail = smtp.received.at(-1)!;
    expect(addressesOf(mail.parsed.to)).toEqual(['hank@globex.example']);
    const text = mail.parsed.text!;
    const html = visible(String(mail.parsed.html));
    for (const part of [text, html]) {
      expect(part).toContain('Globex moves to the 18.x release line in January');
      expect(part).toContain('Runner timeouts are fixed since 18.2');
      expect(after(part, 'Share the runner sizing guide')).toMatch(/^[^\n]*Done/);
      expect(after(part, 'Send the SSO enforcement guide')).toContain('Planned for 21 November 2026 and not done yet. We will tell you by 7 December 2026');
      expect(after(part, 'Confirm the January upgrade window')).toContain('due 11 December 2026');
      expect(part).toContain('https://docs.acme.example/sso/enforce');
      expect(part).toContain('How to enforce SSO for every group');
      expect(part).toContain('Does SSO support SCIM?');
      expect(part).toMatch(/Our next call: Monday 14 December 2026, 15:00/);
      // Nothing promised for a day before the send, and nothing internal.
      expect(promisedDates(part).filter((d) => d < '2026-12-02')).toEqual([]);
      expect(part).not.toMatch(/interviewing|renewal at risk|Initech/);
    }
    // What was previewed is what went out.
    expect(text.trim()).toBe(preview.body.messages[0].text.trim());
  });

  it('the preview shows exactly what each recipient gets; nothing goes without a confirmation, and a stale one is refused', async () => {
    const { meeting, guide } = await globexCall();
    await wrapUp(meeting.id, guide.id);
    server.deps.setNow('2026-11-30T17:00:00.000Z');
    const preview = (await api('POST', `/api/meetings/${meeting.id}/follow-up/preview`)).body;
    expect(preview.messages).toHaveLength(1);
    expect(preview.messages[0]).toMatchObject({ to: ['hank@globex.example'], cc: [csm.user.email], bcc: ['log@crm.example'], subject: 'Follow-up: Acme / Globex CSM Call, 30 November 2026', attachments: [] });
    expect(preview.messages[0].html).toContain('Globex moves to the 18.x release line in January');

    const before = smtp.received.length;
    const unconfirmed = await api('POST', `/api/meetings/${meeting.id}/follow-up/send`, {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.error.field).toBe('fingerprint');

    // The CSM edits the draft: the edit is kept, and the old preview no longer confirms.
    const edited = await api('PUT', `/api/meetings/${meeting.id}/follow-up`, { text: 'Hello Hank,\n\nThanks for today.\n\nWhat we agreed\n- Move to 18.x in January\n\nBest regards,\nAlice' });
    expect(edited.status).toBe(200);
    const stale = await api('POST', `/api/meetings/${meeting.id}/follow-up/send`, { fingerprint: preview.fingerprint, sendWithUnaddressed: true });
    expect(stale.status).toBe(409);
    expect(stale.body.error.field).toBe('fingerprint');
    expect(smtp.received).toHaveLength(before);
    expect((await api('GET', `/api/meetings/${meeting.id}/follow-up`)).body.sentAt).toBeNull();

    const again = (await api('POST', `/api/meetings/${meeting.id}/follow-up/preview`)).body;
    expect(again.messages[0].text).toBe('Hello Hank,\n\nThanks for today.\n\nWhat we agreed\n- Move to 18.x in January\n\nBest regards,\nAlice');
    expect(visible(again.messages[0].html)).toContain('Move to 18.x in January');
    const sent = await api('POST', `/api/meetings/${meeting.id}/follow-up/send`, { fingerprint: again.fingerprint, sendWithUnaddressed: true });
    expect(sent.status).toBe(200);
    expect(smtp.received).toHaveLength(before + 1);
    expect(smtp.received.at(-1)!.parsed.text!.trim()).toBe(again.messages[0].text.trim());
    expect((await api('POST', `/api/meetings/${meeting.id}/follow-up/preview`)).status).toBe(409);
  });

  it('a call cannot be wrapped up before it starts: 409 saying when it starts, and nothing saved', async () => {
    const { meeting } = await globexCall();
    server.deps.setNow('2026-11-29T10:00:00.000Z');
    const res = await api('POST', `/api/meetings/${meeting.id}/wrap-up`, { recap: ['Too early'], actionItems: [{ text: 'Never saved', side: 'vendor', owner: { userId: csm.user.id } }] });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', field: 'startsAt' });
    expect(res.body.error.message).toContain('the call has not started yet: it starts Monday 30 November 2026, 15:00');
    expect((await api('GET', `/api/meetings/${meeting.id}`)).body).toMatchObject({ state: 'planned', heldAt: null });
    expect((await api('GET', `/api/meetings/${meeting.id}/follow-up`)).status).toBe(404);
    const items = (await api('GET', `/api/action-items?accountId=${meeting.accountId}`)).body.items;
    expect(items.map((i: { text: string }) => i.text)).not.toContain('Never saved');
  });

  it('a wrap-up with a link that is not a web address is refused naming the field, and nothing is saved', async () => {
    const { meeting } = await globexCall();
    server.deps.setNow('2026-11-30T15:45:00.000Z');
    const res = await api('POST', `/api/meetings/${meeting.id}/wrap-up`, { recap: ['Fine'], links: [{ url: 'javascript:alert(1)', description: 'Runner guide' }] });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('links.0.url');
    expect((await api('GET', `/api/meetings/${meeting.id}`)).body.state).toBe('planned');
    expect((await api('POST', `/api/meetings/${meeting.id}/follow-up/preview`)).status).toBe(404);
  });

  it('after wrap-up, action items added, edited and closed (on the call or from the account page) update the follow-up not sent yet', async () => {
    const { account, meeting, guide, late } = await globexCall();
    await wrapUp(meeting.id, guide.id);
    server.deps.setNow('2026-11-30T17:00:00.000Z');
    const added = await api('POST', '/api/action-items', { accountId: account.id, meetingId: meeting.id, text: 'Book the admin training', side: 'vendor', owner: { userId: csm.user.id }, dueDate: '2026-12-09' });
    expect(added.status).toBe(201);
    const fromAccountPage = await api('POST', '/api/action-items', { accountId: account.id, text: 'Send the seat forecast', side: 'customer', owner: { name: 'Hank Scorpio' }, dueDate: '2026-12-10' });
    expect(fromAccountPage.status).toBe(201);
    expect((await api('PATCH', `/api/action-items/${late.id}`, { lastUpdate: 'The draft is with our docs team', expectedUpdateOn: '2026-12-04' })).status).toBe(200);
    expect((await api('PATCH', `/api/action-items/${added.body.id}`, { status: 'done' })).status).toBe(200);

    const draft = (await api('GET', `/api/meetings/${meeting.id}/follow-up`)).body.text as string;
    expect(after(draft, 'Book the admin training')).toMatch(/^[^\n]*Done/);
    expect(draft).toContain('Send the seat forecast');
    expect(after(draft, 'Send the SSO enforcement guide')).toContain('Next step: The draft is with our docs team. We will update you by 4 December 2026');
    const preview = (await api('POST', `/api/meetings/${meeting.id}/follow-up/preview`)).body;
    expect(preview.unaddressed).toEqual([]);
    // Every item now has a date ahead: it sends without leave.
    expect((await api('POST', `/api/meetings/${meeting.id}/follow-up/send`, { fingerprint: preview.fingerprint })).status).toBe(200);
  });

  it('a draft the CSM edited keeps their words when an item changes, and the preview says what changed', async () => {
    const { meeting, guide, late } = await globexCall();
    await wrapUp(meeting.id, guide.id);
    server.deps.setNow('2026-11-30T17:00:00.000Z');
    expect((await api('PUT', `/api/meetings/${meeting.id}/follow-up`, { text: 'Hello Hank,\n\nMy own words.' })).status).toBe(200);
    server.deps.setNow('2026-11-30T17:05:00.000Z');
    expect((await api('PATCH', `/api/action-items/${late.id}`, { status: 'done' })).status).toBe(200);
    expect((await api('GET', `/api/meetings/${meeting.id}/follow-up`)).body.text).toBe('Hello Hank,\n\nMy own words.');
    const preview = (await api('POST', `/api/meetings/${meeting.id}/follow-up/preview`)).body;
    expect(preview.notices).toEqual([expect.stringContaining('1 action item changed since you edited the draft: "Send the SSO enforcement guide"')]);
    // Redrafting drops the edits and writes it again from the items.
    const redrafted = await api('POST', `/api/meetings/${meeting.id}/follow-up/redraft`);
    expect(redrafted.status).toBe(200);
    expect(redrafted.body.editedAt).toBeNull();
    expect(after(redrafted.body.text, 'Send the SSO enforcement guide')).toMatch(/^[^\n]*Done/);
  });

  it('action items accepted from the transcript before wrap-up count the same as those captured at wrap-up', async () => {
    const { account, hank, meeting } = await globexCall();
    server.deps.setNow('2026-11-30T15:40:00.000Z');
    const imported = await server.call('POST', `/api/meetings/${meeting.id}/transcript`, {
      token: csm.token,
      raw: CALL.replaceAll('Sam Okafor', csm.user.name).replaceAll('Hana Tanaka', hank.name),
      headers: { 'content-type': 'text/plain' },
    });
    expect(imported.status).toBe(201);
    const suggestion = (imported.body.suggestions as { id: string; kind: string; payload: { text: string } }[]).find((s) => s.kind === 'action_item')!;
    expect((await api('POST', `/api/suggestions/${suggestion.id}/accept`, {})).status).toBe(200);
    const wrapped = await api('POST', `/api/meetings/${meeting.id}/wrap-up`, { recap: ['Good call'], actionItems: [{ text: 'Book the admin training', side: 'vendor', owner: { userId: csm.user.id } }] });
    expect(wrapped.status).toBe(200);
    expect(wrapped.body.actionItems.map((a: { text: string }) => a.text)).toEqual([suggestion.payload.text, 'Book the admin training']);
    expect(wrapped.body.engagement.effective).toBe(true);
    const timeline = await server.deps.store.db.selectFrom('timeline_entries').select('summary').where('account_id', '=', account.id).where('kind', '=', 'meeting.held').execute();
    expect(timeline.map((t) => t.summary)).toEqual([expect.stringContaining('held: 2 action items')]);
    const draft = (await api('GET', `/api/meetings/${meeting.id}/follow-up`)).body.text as string;
    expect(draft).toContain(suggestion.payload.text);
    expect(draft).toContain('Book the admin training');
  });
});
