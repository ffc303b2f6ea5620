/**
 * The capture mailbox polled over IMAP, against a real Dovecot (Debian's dovecot-imapd, started
 * here unprivileged on a free loopback port) on SQLite and PostgreSQL: messages built by
 * nodemailer are delivered into the mailbox as a mail server would, and a poll logs them on their
 * account with the same rules as the SMTP receiver (auto-replies and bounces dropped, a Message-ID
 * already logged skipped), reading each message once by UID and starting again when the folder's
 * UIDVALIDITY changes. A login refused later marks the mailbox needs_reauth, in words, and it is
 * not tried again until connected again.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectImapMailbox, getImapMailboxStatus, ImapConnectSchema, syncDueImapMailbox, syncImapMailbox } from '../../src/services/mail-capture/imap-capture.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { availableDialects, createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { makeAccount, makeContact, makeUser } from '../helpers/factories.ts';

const missing = dovecotMissing();
if (missing) console.warn(`IMAP capture tests skipped: ${missing}`);
const dialects = missing ? [] : await availableDialects();
const CAPTURE = 'log@cadence.example.com';
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

async function message(mail: Parameters<typeof composer.sendMail>[0]): Promise<Buffer> {
  const info = (await composer.sendMail(mail)) as unknown as { message: Buffer };
  return info.message;
}

describe.skipIf(missing !== null)('IMAP mail capture with Dovecot', () => {
  let server: Dovecot;
  beforeAll(async () => {
    server = await startDovecot();
  });
  afterAll(async () => server?.stop());

  describe.each(dialects)('on %s', (dialect) => {
    let deps: TestDeps;
    let csmEmail: string;
    let account: { id: string };
    beforeAll(async () => {
      deps = await createTestDeps(dialect, { mailCapture: { address: CAPTURE, smtp: null, maxBytes: 5 * 1024 * 1024 } });
      const csm = await makeUser(deps, 'csm');
      csmEmail = csm.user.email;
      account = await makeAccount(deps, { name: 'Umbrella', ownerId: csm.user.id });
      await makeContact(deps, account.id, { name: 'Alice', role: 'champion', email: `alice@umbrella-${dialect}.test` });
    });
    afterAll(async () => deps?.close());

    const logged = async () => (await deps.store.db.selectFrom('captured_mails').select(['subject', 'message_id']).where('account_id', '=', account.id).orderBy('sent_at').execute()).map((m) => m.subject);
    const settings = () => ImapConnectSchema.parse({ host: server.host, port: server.port, tls: false, username: server.user, password: server.password, mailbox: `Capture-${dialect}` });

    it('new mail is logged on its account once, auto-replies, bounces and a second copy are skipped with their reasons; a recreated folder is read again without doubling', async () => {
      const folder = `Capture-${dialect}`;
      await server.recreate(folder);
      const alice = `Alice <alice@umbrella-${dialect}.test>`;
      await server.deliver(
        await message({ from: alice, to: csmEmail, subject: 'Renewal questions', messageId: `<renewal-${dialect}@umbrella.test>`, text: 'Can we talk about seats?', attachments: [{ filename: 'seats.csv', content: 'a,b\n1,2\n' }] }),
        folder,
      );
      await server.deliver(await message({ from: alice, to: csmEmail, subject: 'Out of office: Renewal questions', messageId: `<ooo-${dialect}@umbrella.test>`, headers: { 'Auto-Submitted': 'auto-replied' }, text: 'Back Monday.' }), folder);
      await server.deliver(
        await message({ from: 'Mail Delivery System <mailer-daemon@umbrella.test>', to: csmEmail, subject: 'Undelivered Mail Returned to Sender', messageId: `<bounce-${dialect}@umbrella.test>`, text: 'The mail could not be delivered.' }),
        folder,
      );

      const view = await connectImapMailbox(deps, LOCAL_OPERATOR, settings());
      expect(view).toMatchObject({ status: 'new', lastUid: 0, mailbox: folder });
      expect(JSON.stringify(view)).not.toContain(server.password);

      const first = await syncImapMailbox(deps);
      expect(first).toMatchObject({ status: 'ok', counts: { seen: 3, logged: 1, skipped: 2, reasons: { auto_reply: 1, bounce: 1 } } });
      expect(await logged()).toEqual(['Renewal questions']);

      // Nothing new: nothing read.
      expect(await syncImapMailbox(deps)).toMatchObject({ status: 'ok', counts: { seen: 0 } });

      // The same mail again (a second copy delivered) and one new mail: only the new one is logged.
      await server.deliver(await message({ from: alice, to: csmEmail, subject: 'Renewal questions', messageId: `<renewal-${dialect}@umbrella.test>`, text: 'Can we talk about seats?' }), folder);
      await server.deliver(await message({ from: alice, to: csmEmail, cc: 'ops@umbrella-' + dialect + '.test', subject: 'Seats for the EU team', messageId: `<eu-${dialect}@umbrella.test>`, text: 'Ten more.' }), folder);
      expect(await syncImapMailbox(deps)).toMatchObject({ status: 'ok', counts: { seen: 2, logged: 1, skipped: 1, reasons: { duplicate: 1 } } });
      expect(await logged()).toEqual(['Renewal questions', 'Seats for the EU team']);
      const status = await getImapMailboxStatus(deps);
      expect(status).toMatchObject({ status: 'ok', lastUid: 5, lastError: null });
      const before = status!.uidValidity;

      // The folder recreated (new UIDVALIDITY), the two customer mails put back: read from the start, nothing doubled.
      await server.recreate(folder);
      await server.deliver(await message({ from: alice, to: csmEmail, subject: 'Renewal questions', messageId: `<renewal-${dialect}@umbrella.test>`, text: 'Can we talk about seats?' }), folder);
      await server.deliver(await message({ from: alice, to: csmEmail, subject: 'Seats for the EU team', messageId: `<eu-${dialect}@umbrella.test>`, text: 'Ten more.' }), folder);
      expect(await syncImapMailbox(deps)).toMatchObject({ status: 'ok', counts: { seen: 2, logged: 0, skipped: 2, reasons: { duplicate: 2 } } });
      const after = await getImapMailboxStatus(deps);
      expect(after!.uidValidity).not.toBe(before);
      expect(after!.lastUid).toBe(2);
      expect(await logged()).toHaveLength(2);
    });

    it('a wrong password or folder is refused at connect naming the field; a login refused later marks the mailbox needs_reauth in words and the job stops trying', async () => {
      await expect(connectImapMailbox(deps, LOCAL_OPERATOR, { ...settings(), mailbox: 'No-such-folder' })).rejects.toMatchObject({ code: 'invalid', field: 'mailbox' });
      await server.recreate(`Capture-${dialect}`);
      await expect(connectImapMailbox(deps, LOCAL_OPERATOR, { ...settings(), password: 'wrong' })).rejects.toMatchObject({ code: 'invalid', field: 'password' });
      await connectImapMailbox(deps, LOCAL_OPERATOR, settings());
      // The login refused later (the mailbox's password rotated): here the stored login no longer names an account on the server.
      await deps.store.db.updateTable('mail_imap_mailboxes').set({ username: 'rotated-away' }).execute();
      const r = await syncImapMailbox(deps);
      expect(r.status).toBe('needs_reauth');
      expect(r.error).toMatch(/refused the login.*Connect the mailbox again/);
      expect(await getImapMailboxStatus(deps)).toMatchObject({ status: 'needs_reauth', nextSyncAt: null });
      expect(await syncDueImapMailbox(deps)).toBeNull();
      expect(await syncImapMailbox(deps)).toMatchObject({ status: 'needs_reauth' });
      // Connected again with the right password: polling resumes.
      await connectImapMailbox(deps, LOCAL_OPERATOR, settings());
      expect((await syncImapMailbox(deps)).status).toBe('ok');
    });

    it('only an admin connects the mailbox', async () => {
      const { actor } = await makeUser(deps, 'manager');
      await expect(connectImapMailbox(deps, actor, settings())).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
});
