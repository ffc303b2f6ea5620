import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMailReceiver } from '../../src/integrations/mail-capture/smtp-receiver.ts';
import { startMailCapture } from '../../src/services/mail-capture/mail-capture-receiver.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
const CAPTURE = 'log@cadence.example.com';

// Mail goes in through the real receiver over SMTP, composed by nodemailer as a mail client would.
describe.each(dialects)('mail captured on the account on %s', (dialect) => {
  let server: TestServer;
  let receiver: RunningMailReceiver;
  let transport: Transporter;
  let owner: Awaited<ReturnType<TestServer['userWithToken']>>;
  let outsider: Awaited<ReturnType<TestServer['userWithToken']>>;
  let viewer: Awaited<ReturnType<TestServer['userWithToken']>>;
  let acme: { id: string };
  let globex: { id: string };

  const send = (mail: SendMailOptions) => transport.sendMail(mail);
  const status = async () => (await server.call('GET', '/api/settings/mail-capture', { token: owner.token })).body;
  const mailsOf = async (accountId: string, token = owner.token) => server.call('GET', `/api/accounts/${accountId}/captured-mails`, { token });
  const reasonCount = async (reason: string) => ((await status()).reasons as { reason: string; count: number }[]).find((r) => r.reason === reason)?.count ?? 0;

  beforeAll(async () => {
    server = await startTestServer(dialect, [], { mailCapture: { address: CAPTURE, smtp: { host: '127.0.0.1', port: 0 }, maxBytes: 25 * 1024 * 1024 } });
    receiver = (await startMailCapture(server.deps))!;
    transport = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
    owner = await server.userWithToken('csm');
    outsider = await server.userWithToken('csm');
    viewer = await server.userWithToken('viewer');
    acme = await makeAccount(server.deps, { name: 'Acme', ownerId: owner.user.id });
    globex = await makeAccount(server.deps, { name: 'Globex', ownerId: owner.user.id });
    await makeContact(server.deps, acme.id, { name: 'Wile E. Coyote', role: 'champion', email: 'wile@acme.test' });
    await makeContact(server.deps, globex.id, { name: 'Hank Scorpio', role: 'economic_buyer', email: 'hank@globex.test' });
  });
  afterAll(async () => {
    transport?.close();
    await receiver?.close();
    await server?.close();
  });

  it('a customer mail BCC’d to the capture address, with attachments, is a touch on the timeline with a sanitised excerpt', async () => {
    const body = `Hi Sam,\n\nThanks for the call. ${'We rolled the runners out to the second data centre and the build times halved. '.repeat(8)}\n\nWile`;
    await send({
      from: 'Wile E. Coyote <wile@acme.test>',
      to: owner.user.email,
      bcc: CAPTURE,
      subject: 'Runner rollout',
      messageId: '<runner-rollout-1@acme.test>',
      text: body,
      html: `<p>${body}</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a>`,
      attachments: [
        { filename: 'rollout-plan.pdf', content: Buffer.alloc(40_000, 1), contentType: 'application/pdf' },
        { filename: 'timings.csv', content: 'runner,seconds\na,12\n' },
      ],
    });
    const timeline = await server.call('GET', `/api/accounts/${acme.id}/timeline`, { token: owner.token });
    const entry = timeline.body.items.find((e: { kind: string }) => e.kind === 'touch.email_captured');
    expect(entry.summary).toBe('Email "Runner rollout" from Wile E. Coyote');
    expect(entry.detail).toMatchObject({ subject: 'Runner rollout', from: 'wile@acme.test', participants: ['wile@acme.test', owner.user.email], attachments: 2 });
    expect(entry.detail.excerpt.length).toBeLessThanOrEqual(301);
    expect(entry.detail.excerpt).toMatch(/^Hi Sam, Thanks for the call\. We rolled the runners out/);
    expect(entry.detail.excerpt.endsWith('…')).toBe(true);
    expect(JSON.stringify(entry.detail)).not.toContain(
      'data centre and the build times halved. We rolled the runners out to the second data centre and the build times halved. We rolled the runners out to the second data centre and the build times halved. We rolled the runners out to the second data centre and the build times halved. We rolled the runners out to the second',
    );

    const mails = await mailsOf(acme.id);
    expect(mails.status).toBe(200);
    expect(mails.body.items).toHaveLength(1);
    const mail = mails.body.items[0];
    expect(mail).toMatchObject({ subject: 'Runner rollout', messageId: '<runner-rollout-1@acme.test>', from: 'wile@acme.test', forwardedBy: null });
    expect(mail.bodyText).toContain('Wile');
    expect(mail.bodyText.length).toBeGreaterThan(600);
    expect(mail.bodyHtml).not.toMatch(/script|onerror|javascript:/i);
    expect(mail.attachments.map((a: { filename: string }) => a.filename)).toEqual(['rollout-plan.pdf', 'timings.csv']);
    expect(mail.participants).toEqual([
      { address: 'wile@acme.test', name: 'Wile E. Coyote', side: 'customer' },
      { address: owner.user.email, name: '', side: 'internal' },
    ]);
  });

  it('the body is read by who reads the account’s notes: a CSM outside the account is told it does not exist', async () => {
    expect((await mailsOf(acme.id, outsider.token)).status).toBe(404);
    expect((await server.call('GET', `/api/accounts/${acme.id}/timeline`, { token: outsider.token })).status).toBe(404);
    // Viewers read every account's notes (src/policies/access.ts), so they read captured mail too.
    expect((await mailsOf(acme.id, viewer.token)).body.items).toHaveLength(1);
  });

  it('a thread a CSM forwards is logged by the customer addresses inside the forward', async () => {
    await send({
      from: owner.user.email,
      to: CAPTURE,
      subject: 'Fwd: Re: Renewal paperwork',
      messageId: '<fwd-renewal@example.com>',
      text: [
        'Logging this one.',
        '',
        '---------- Forwarded message ---------',
        'From: Hank Scorpio <hank@globex.test>',
        'Date: Wed, Nov 18, 2026 at 4:02 PM',
        'Subject: Re: Renewal paperwork',
        `To: ${owner.user.email}`,
        'Cc: Mindy <mindy@globex.test>',
        '',
        'Signed copy attached, see you Thursday.',
        '',
        `On Tue, Nov 17, 2026, ${owner.user.email} wrote:`,
        '> Here is the order form.',
      ].join('\n'),
    });
    const mails = (await mailsOf(globex.id)).body.items;
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ subject: 'Re: Renewal paperwork', from: 'hank@globex.test', forwardedBy: owner.user.id });
    expect(mails[0].participants.filter((p: { side: string }) => p.side === 'customer').map((p: { address: string }) => p.address)).toEqual(['hank@globex.test', 'mindy@globex.test']);
    expect(mails[0].participants.map((p: { address: string }) => p.address)).not.toContain(CAPTURE);
    expect(mails[0].excerpt).toBe('Signed copy attached, see you Thursday. On Tue, Nov 17, 2026, ' + owner.user.email + ' wrote:');
  });

  it('auto-replies and bounces are dropped and counted with their reason', async () => {
    const before = (await mailsOf(acme.id)).body.items.length;
    await send({ from: 'wile@acme.test', to: CAPTURE, subject: 'Automatic reply: Runner rollout', headers: { 'Auto-Submitted': 'auto-replied' }, text: 'I am out of the office until Monday.' });
    await send({ from: 'wile@acme.test', to: CAPTURE, subject: 'Out of Office', headers: { 'X-Autoreply': 'yes' }, text: 'Back soon.' });
    await send({ from: 'wile@acme.test', to: CAPTURE, subject: 'Newsletter', headers: { Precedence: 'bulk' }, text: 'Our news.' });
    // An RFC 3464 delivery report from the customer's mail server, sent with the null sender.
    await send({
      envelope: { from: '', to: [CAPTURE] },
      raw: [
        'From: Mail Delivery System <MAILER-DAEMON@mx.acme.test>',
        `To: ${CAPTURE}`,
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <bounce-1@mx.acme.test>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'wile.old@acme.test: user unknown',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.acme.test',
        '',
        'Final-Recipient: rfc822; wile.old@acme.test',
        'Action: failed',
        'Status: 5.1.1',
        '--b1--',
        '',
      ].join('\r\n'),
    });
    expect((await mailsOf(acme.id)).body.items).toHaveLength(before);
    expect(await reasonCount('auto_reply')).toBe(3);
    expect(await reasonCount('bounce')).toBe(1);
  });

  it('a second copy of a Message-ID is a duplicate, and a mail among colleagues only is skipped for having no customer address', async () => {
    const copy = { from: 'wile@acme.test', to: [owner.user.email, CAPTURE], subject: 'Same mail twice', messageId: '<twice@acme.test>', text: 'Once is enough.' };
    await send(copy);
    await send(copy);
    const mails = (await mailsOf(acme.id)).body.items.filter((m: { messageId: string }) => m.messageId === '<twice@acme.test>');
    expect(mails).toHaveLength(1);
    expect(await reasonCount('duplicate')).toBe(1);

    await send({ from: owner.user.email, to: outsider.user.email, bcc: CAPTURE, subject: 'Internal only', text: 'Lunch?' });
    expect(await reasonCount('no_customer_address')).toBe(1);
    await send({ from: 'someone@unknown-co.test', to: CAPTURE, subject: 'Hello', text: 'Who are you?' });
    expect(await reasonCount('no_account')).toBe(1);
  });

  it('mail to another address is refused with 550, and a 30 MB mail with 552; the receiver keeps taking mail', async () => {
    await expect(send({ from: 'wile@acme.test', to: 'someone-else@cadence.example.com', subject: 'Not for you', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(send({ from: 'wile@acme.test', to: CAPTURE, subject: 'Huge', text: 'see attachment', attachments: [{ filename: 'dump.bin', content: Buffer.alloc(30 * 1024 * 1024, 7) }] })).rejects.toMatchObject({
      responseCode: 552,
    });
    expect(await reasonCount('too_large')).toBe(1);
    await send({ from: 'wile@acme.test', to: CAPTURE, subject: 'Still there?', messageId: '<after-huge@acme.test>', text: 'Small one.' });
    expect((await mailsOf(acme.id)).body.items.map((m: { subject: string }) => m.subject)).toContain('Still there?');
  });

  it('the status names the address and counts what was seen, logged and skipped', async () => {
    const s = await status();
    expect(s).toMatchObject({ address: CAPTURE, receiver: { host: '127.0.0.1', maxBytes: 25 * 1024 * 1024 }, failed: 0, lastError: null });
    expect(s.logged).toBe(4);
    expect(s.skipped).toBe(s.reasons.reduce((n: number, r: { count: number }) => n + r.count, 0));
    expect(s.seen).toBe(s.logged + s.skipped + s.failed);
    expect(s.lastLoggedAt).toEqual(expect.any(String));
  });

  it('an account touched only by a captured mail is not reported as missing its monthly contact', async () => {
    server.deps.setNow('2026-09-01T09:00:00.000Z');
    const quiet = await makeAccount(server.deps, { name: 'Initrode', ownerId: owner.user.id, segment: 'scale', stage: 'steady' });
    await makeContact(server.deps, quiet.id, { name: 'Bill', role: 'champion', email: 'bill@initrode.test' });
    server.deps.setNow('2026-11-20T10:00:00.000Z');
    const before = (await server.call('GET', `/api/accounts/${quiet.id}/cadence`, { token: owner.token })).body;
    expect(before.touchOverdueDays).toBeGreaterThan(0);
    expect(before.state).toBe('overdue');

    await send({ from: 'Bill <bill@initrode.test>', to: owner.user.email, bcc: CAPTURE, subject: 'TPS reports', date: new Date('2026-11-19T15:00:00.000Z'), text: 'Did you get the memo?' });
    const after = (await server.call('GET', `/api/accounts/${quiet.id}/cadence`, { token: owner.token })).body;
    expect(after).toMatchObject({ touchOverdueDays: 0, lastTouchOn: '2026-11-19' });
    expect(after.state).not.toBe('overdue');
    const due = (await server.call('GET', '/api/cadence/due', { token: owner.token })).body;
    expect(JSON.stringify(due)).not.toContain(quiet.id);
  });
});
