import { sql } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMailReceiver } from '../../src/integrations/mail-capture/smtp-receiver.ts';
import { listCapturedMails } from '../../src/services/mail-capture/captured-mails.ts';
import { startMailCapture } from '../../src/services/mail-capture/mail-capture-receiver.ts';
import { getMailCaptureStatus } from '../../src/services/mail-capture/mail-capture-status.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { putSetting } from '../../src/store/settings.repo.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';

const dialects = await availableDialects();
const CAPTURE = 'log@cadence.example.com';

describe.each(dialects)('the capture receiver on %s', (dialect) => {
  let deps: TestDeps;
  let receiver: RunningMailReceiver;
  let transport: Transporter;
  let csmEmail: string;
  let account: { id: string };

  const written = async () => ({
    touches: (await deps.store.db.selectFrom('touches').select('id').where('account_id', '=', account.id).execute()).length,
    mails: (await deps.store.db.selectFrom('captured_mails').select('id').where('account_id', '=', account.id).execute()).length,
    timeline: (await deps.store.db.selectFrom('timeline_entries').select('id').where('account_id', '=', account.id).where('kind', '=', 'touch.email_captured').execute()).length,
    audit: (await deps.store.db.selectFrom('audit_log').select('id').where('entity_type', '=', 'captured_mail').execute()).length,
  });

  beforeAll(async () => {
    deps = await createTestDeps(dialect, { mailCapture: { address: CAPTURE, smtp: { host: '127.0.0.1', port: 0 }, maxBytes: 5 * 1024 * 1024 } });
    receiver = (await startMailCapture(deps))!;
    transport = nodemailer.createTransport({ host: '127.0.0.1', port: receiver.port, secure: false, ignoreTLS: true });
    const csm = await makeUser(deps, 'csm');
    csmEmail = csm.user.email;
    account = await makeAccount(deps, { name: 'Umbrella', ownerId: csm.user.id });
    await makeContact(deps, account.id, { name: 'Alice', role: 'champion', email: 'alice@umbrella.test' });
  });
  afterAll(async () => {
    transport?.close();
    await receiver?.close();
    await deps?.close();
  });

  it('a failure while logging writes nothing, answers 451 so the sender retries, and is the status’s last error; the retry is logged', async () => {
    const failing =
      dialect === 'sqlite'
        ? [`create trigger mc_fail before insert on audit_log when new.entity_type = 'captured_mail' begin select raise(abort, 'the disk is on fire'); end`]
        : [
            `create function mc_fail() returns trigger as $$ begin raise exception 'the disk is on fire'; end $$ language plpgsql`,
            `create trigger mc_fail before insert on audit_log for each row when (new.entity_type = 'captured_mail') execute function mc_fail()`,
          ];
    for (const statement of failing) await sql.raw(statement).execute(deps.store.db);
    const mail = { from: 'Alice <alice@umbrella.test>', to: csmEmail, bcc: CAPTURE, subject: 'Outbreak report', messageId: '<outbreak@umbrella.test>', text: 'All contained.' };
    await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    expect(await written()).toEqual({ touches: 0, mails: 0, timeline: 0, audit: 0 });
    const failed = await getMailCaptureStatus(deps, LOCAL_OPERATOR);
    expect(failed).toMatchObject({ failed: 1, logged: 0 });
    expect(failed.lastError?.message).toContain('the disk is on fire');

    await sql.raw(dialect === 'sqlite' ? 'drop trigger mc_fail' : 'drop trigger mc_fail on audit_log').execute(deps.store.db);
    await transport.sendMail(mail);
    expect(await written()).toEqual({ touches: 1, mails: 1, timeline: 1, audit: 1 });
  });

  it('a mail forwarded as an attachment (message/rfc822) by a CSM is logged by the people inside it', async () => {
    const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const inner = ((await composer.sendMail({ from: 'Alice <alice@umbrella.test>', to: csmEmail, subject: 'T-virus licences', messageId: '<licences@umbrella.test>', text: 'We need 40 more seats.' })) as { message: Buffer }).message;
    await transport.sendMail({ from: csmEmail, to: CAPTURE, subject: 'Fwd: T-virus licences', text: 'For the record.', attachments: [{ filename: 'forwarded.eml', content: inner, contentType: 'message/rfc822' }] });
    const mails = (await listCapturedMails(deps, LOCAL_OPERATOR, account.id, { limit: 10 })).items;
    const forwarded = mails.find((m) => m.subject === 'T-virus licences');
    expect(forwarded).toMatchObject({ from: 'alice@umbrella.test', forwardedBy: expect.any(String) });
    expect(forwarded?.participants.find((p) => p.side === 'customer')?.address).toBe('alice@umbrella.test');
  });

  it('a domain the workspace says is never a customer (shared with calendar sync) matches exact contacts only', async () => {
    await makeContact(deps, account.id, { name: 'Carol', role: 'user', email: 'carol@freemail.test' });
    const before = (await getMailCaptureStatus(deps, LOCAL_OPERATOR)).logged;
    await transport.sendMail({ from: 'dave@freemail.test', to: CAPTURE, subject: 'By domain', text: 'Same domain as Carol.' });
    expect((await getMailCaptureStatus(deps, LOCAL_OPERATOR)).logged).toBe(before + 1);
    await putSetting(deps.store.db, 'calendar_sync.never_customer_domains', ['freemail.test'], deps.now().toISOString(), null);
    await transport.sendMail({ from: 'erin@freemail.test', to: CAPTURE, subject: 'By domain again', text: 'Same domain as Carol.' });
    await transport.sendMail({ from: 'carol@freemail.test', to: CAPTURE, subject: 'Carol herself', text: 'Still me.' });
    const status = await getMailCaptureStatus(deps, LOCAL_OPERATOR);
    expect(status.logged).toBe(before + 2);
    expect(status.reasons.find((r) => r.reason === 'no_account')?.count).toBe(1);
  });

  it('an HTML-only mail gets its excerpt from the text of the HTML, and its stored HTML is sanitised', async () => {
    await transport.sendMail({
      from: 'alice@umbrella.test',
      to: CAPTURE,
      subject: 'Raccoon City',
      html: '<div><b>Status:</b> evacuation <i>complete</i>.<style>p{}</style><script>steal()</script><iframe src="https://evil.test"></iframe></div>',
    });
    const mail = (await listCapturedMails(deps, LOCAL_OPERATOR, account.id, { limit: 10 })).items.find((m) => m.subject === 'Raccoon City')!;
    expect(mail.excerpt).toMatch(/^Status:? evacuation complete\.$/i);
    expect(mail.bodyHtml).toContain('<b>Status:</b>');
    expect(mail.bodyHtml).not.toMatch(/script|steal|iframe|style/);
  });
});
