import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_TEMPLATE } from '../../src/integrations/email/mail-template.compiled.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { ARTIFACTS, browserAvailable, launchBrowser } from '../helpers/browser.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { addressesOf, startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('previewing and sending the agenda mail on %s', (dialect) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { smtpUrl: smtp.url, vendorName: 'Acme' });
    csm = await server.userWithToken('csm');
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  async function call(attendeeEmails: (string | null)[] = ['hana@globex.example']) {
    const account = await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, timezone: 'America/New_York' });
    const contacts = [];
    for (const [i, email] of attendeeEmails.entries()) contacts.push(await makeContact(server.deps, account.id, { name: i === 0 ? 'Hana Tanaka' : `Omar Haddad ${i}`, email, role: i === 0 ? 'champion' : 'user' }));
    const body = { accountId: account.id, startsAt: '2026-12-01T15:00:00Z', attendeeUserIds: [csm.user.id], attendeeContactIds: contacts.map((c) => c.id) };
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body })).body;
    return { account, meeting };
  }
  const preview = (id: string) => server.call('POST', `/api/meetings/${id}/agenda/preview`, { token: csm.token });
  const send = (id: string, body?: unknown) => server.call('POST', `/api/meetings/${id}/agenda/send`, { token: csm.token, ...(body === undefined ? {} : { body }) });

  it('shows exactly what each recipient gets, sends nothing until confirmed, and the mail that arrives is the one previewed', async () => {
    const { meeting } = await call();
    const shown = await preview(meeting.id);
    expect(shown.status).toBe(200);
    const [message] = shown.body.messages;
    expect(message).toMatchObject({ to: ['hana@globex.example'], cc: [csm.user.email], bcc: [], attachments: [{ filename: 'invite.ics', contentType: 'text/calendar; method=REQUEST' }] });
    expect(message.subject).toMatch(/^Agenda: .*Globex.*, Tuesday 1 December 2026, 10:00 EST/);
    expect(message.text).toContain('Hello Hana,');
    expect(message.html).toContain('Hello Hana,');
    // The HTML part as its own page for the web app's preview frame: styles allowed, scripts not.
    const page = await server.call('GET', `/api/meetings/${meeting.id}/agenda/preview.html`, { token: csm.token });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'; style-src 'unsafe-inline'");
    expect(String(page.body)).toBe(message.html);
    const before = smtp.received.length;
    expect((await send(meeting.id)).status).toBe(400);
    expect(smtp.received.length).toBe(before);
    expect((await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body.state).toBe('planned');

    const sent = await send(meeting.id, { fingerprint: shown.body.fingerprint });
    expect(sent.status).toBe(200);
    const mail = smtp.received.at(-1)!;
    expect(addressesOf(mail.parsed.to)).toEqual(['hana@globex.example']);
    expect(mail.parsed.subject).toBe(message.subject);
    // Both parts parse and say the same, the share link (made at send) standing in for the placeholder.
    const real = (s: string) => s.replaceAll(shown.body.shareUrlPlaceholder, sent.body.shareUrl);
    expect(mail.parsed.text?.trim()).toBe(real(message.text).trim());
    expect(String(mail.parsed.html)).toContain(sent.body.shareUrl);
    for (const heading of ['Attendees', 'Recap &amp; next steps']) expect(String(mail.parsed.html)).toContain(heading);
    expect(mail.parsed.text).toContain('RECAP & NEXT STEPS');
    expect(mail.parsed.attachments.some((a) => a.contentType.startsWith('text/calendar'))).toBe(true);

    if (browserAvailable() && dialect === 'sqlite') {
      const browser = await launchBrowser();
      try {
        for (const [name, width] of [
          ['agenda-mail.png', 800],
          ['agenda-mail-phone.png', 375],
        ] as const) {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          await page.setContent(String(mail.parsed.html));
          // Responsive: on a phone the card fits the screen, no sideways scrolling.
          expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
          await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
          await page.close();
        }
      } finally {
        await browser.close();
      }
    }
  });

  it('refuses a send whose agenda changed since the preview, and keeps the edit', async () => {
    const { meeting } = await call();
    const shown = await preview(meeting.id);
    const edited = await server.call('POST', `/api/meetings/${meeting.id}/agenda/edits`, { token: csm.token, body: { op: 'add', text: 'Review the three open support tickets', section: 'customer_topics' } });
    expect(edited.status).toBe(200);
    const before = smtp.received.length;
    const stale = await send(meeting.id, { fingerprint: shown.body.fingerprint });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'conflict', field: 'fingerprint' });
    expect(smtp.received.length).toBe(before);
    const again = await preview(meeting.id);
    expect(again.body.messages[0].text).toContain('Review the three open support tickets');
    expect((await send(meeting.id, { fingerprint: again.body.fingerprint })).status).toBe(200);
  });

  it('names the attendee without an email, or the missing customer attendee, and sends and saves nothing', async () => {
    const noEmail = await call(['hana@globex.example', null]);
    for (const answer of [await preview(noEmail.meeting.id), await send(noEmail.meeting.id, { confirm: true })]) {
      expect(answer.status).toBe(400);
      expect(answer.body.error.field).toMatch(/^attendees\[\d+\]\.email$/);
      expect(answer.body.error.message).toContain('Omar Haddad 1 has no email address');
    }
    const noCustomer = await call([]);
    const refused = await send(noCustomer.meeting.id, { confirm: true });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ field: 'attendees' });
    expect(refused.body.error.message).toContain('no customer attendee');
    for (const m of [noEmail.meeting, noCustomer.meeting]) {
      expect((await server.call('GET', `/api/meetings/${m.id}`, { token: csm.token })).body).toMatchObject({ state: 'planned', agendaSentAt: null });
      expect((await server.call('GET', `/api/meetings/${m.id}/share-links`, { token: csm.token })).body.items).toEqual([]);
    }
  });
});

describe('the mail layout', () => {
  it('is compiled from the MJML source as it stands (run node scripts/compile-mail-template.mjs after editing it)', async () => {
    // A plain-JavaScript build script (it runs without tsx), so imported by path, typed here.
    const script = '../../scripts/compile-mail-template.mjs';
    const { compileMailTemplate } = (await import(script)) as { compileMailTemplate: () => Promise<string> };
    expect(MAIL_TEMPLATE).toBe(await compileMailTemplate());
  });
});
