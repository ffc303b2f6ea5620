/**
 * Settings → Calendar & mail's capture mailbox over HTTP, against a real Dovecot on SQLite and
 * PostgreSQL: an admin connects it (a wrong password or folder refused as a 400 naming the field,
 * the password never answered back), polls it now and the customer's mail is on the account's
 * timeline; the status shows the poll; disconnecting forgets it. Only admins may do any of it.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { dovecotMissing, startDovecot, type Dovecot } from '../helpers/dovecot.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const missing = dovecotMissing();
if (missing) console.warn(`IMAP settings API tests skipped: ${missing}`);
const dialects = missing ? [] : await availableDialects();
const CAPTURE = 'log@cadence.example.com';
const PATH = '/api/settings/mail-capture/imap';
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });

async function message(mail: Parameters<typeof composer.sendMail>[0]): Promise<Buffer> {
  return ((await composer.sendMail(mail)) as unknown as { message: Buffer }).message;
}

describe.skipIf(missing !== null)('the capture mailbox in Settings, over HTTP against Dovecot', () => {
  let dovecot: Dovecot;
  beforeAll(async () => {
    dovecot = await startDovecot();
  });
  afterAll(async () => dovecot?.stop());

  describe.each(dialects)('on %s', (dialect) => {
    let server: TestServer;
    let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
    let manager: Awaited<ReturnType<TestServer['userWithToken']>>;
    let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
    let account: { id: string };
    const folder = `Settings-${dialect}`;
    const body = (changes: Record<string, unknown> = {}) => ({ host: dovecot.host, port: dovecot.port, tls: false, username: dovecot.user, password: dovecot.password, mailbox: folder, ...changes });

    beforeAll(async () => {
      server = await startTestServer(dialect, [], { mailCapture: { address: CAPTURE, smtp: null, maxBytes: 5 * 1024 * 1024 } });
      admin = await server.userWithToken('admin');
      manager = await server.userWithToken('manager');
      csm = await server.userWithToken('csm');
      account = await makeAccount(server.deps, { name: 'Initech', ownerId: csm.user.id });
      await makeContact(server.deps, account.id, { name: 'Peter Gibbons', role: 'champion', email: `peter@initech-${dialect}.test` });
      await dovecot.recreate(folder);
    });
    afterAll(async () => server?.close());

    it('only an admin reads, connects, polls or disconnects the mailbox', async () => {
      for (const who of [manager, csm]) {
        expect((await server.call('GET', PATH, { token: who.token })).status).toBe(403);
        expect((await server.call('PUT', PATH, { token: who.token, body: body() })).status).toBe(403);
        expect((await server.call('POST', `${PATH}/sync`, { token: who.token })).status).toBe(403);
        expect((await server.call('DELETE', PATH, { token: who.token })).status).toBe(403);
      }
      expect((await server.call('GET', PATH)).status).toBe(401);
      expect((await server.call('GET', PATH, { token: admin.token })).body).toEqual({ mailbox: null });
    });

    it('nothing connected: a poll is refused in words', async () => {
      const r = await server.call('POST', `${PATH}/sync`, { token: admin.token });
      expect(r.status).toBe(409);
      expect(r.body.error.message).toMatch(/no IMAP mailbox is connected/);
    });

    it('bad input and a refused login are 400s naming the field, and nothing is saved', async () => {
      const noHost = await server.call('PUT', PATH, { token: admin.token, body: body({ host: '' }) });
      expect(noHost).toMatchObject({ status: 400, body: { error: { field: 'host' } } });
      const badPort = await server.call('PUT', PATH, { token: admin.token, body: body({ port: 70_000 }) });
      expect(badPort).toMatchObject({ status: 400, body: { error: { field: 'port' } } });
      const extra = await server.call('PUT', PATH, { token: admin.token, body: { ...body(), secretKey: 'x' } });
      expect(extra.status).toBe(400);
      const wrong = await server.call('PUT', PATH, { token: admin.token, body: body({ password: 'not-the-password' }) });
      expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'invalid', field: 'password' } } });
      expect(wrong.body.error.message).toMatch(/refused the login of capture.*Check the user name and the password/);
      expect(wrong.body.error.message).not.toContain('not-the-password');
      const noFolder = await server.call('PUT', PATH, { token: admin.token, body: body({ mailbox: 'No-such-folder' }) });
      expect(noFolder).toMatchObject({ status: 400, body: { error: { field: 'mailbox' } } });
      expect((await server.call('GET', PATH, { token: admin.token })).body).toEqual({ mailbox: null });
    });

    it('connected, a poll logs the customer’s mail on the account’s timeline; the status shows the poll; the password is never answered', async () => {
      await dovecot.deliver(await message({ from: `Peter Gibbons <peter@initech-${dialect}.test>`, to: csm.user.email, subject: 'TPS reports', messageId: `<tps-${dialect}@initech.test>`, text: 'Did you get the memo?' }), folder);
      await dovecot.deliver(
        await message({
          from: `Peter Gibbons <peter@initech-${dialect}.test>`,
          to: csm.user.email,
          subject: 'Automatic reply: TPS',
          messageId: `<ooo-${dialect}@initech.test>`,
          headers: { 'Auto-Submitted': 'auto-replied' },
          text: 'Gone fishing.',
        }),
        folder,
      );

      const connected = await server.call('PUT', PATH, { token: admin.token, body: body() });
      expect(connected.status).toBe(200);
      expect(connected.body).toMatchObject({ host: dovecot.host, port: dovecot.port, tls: false, username: dovecot.user, mailbox: folder, status: 'new', lastSuccessAt: null, lastCounts: null, intervalMinutes: 5 });
      expect(JSON.stringify(connected.body)).not.toContain(dovecot.password);

      const sync = await server.call('POST', `${PATH}/sync`, { token: admin.token });
      expect(sync).toMatchObject({ status: 200, body: { status: 'ok', counts: { seen: 2, logged: 1, skipped: 1, reasons: { auto_reply: 1 } }, error: null } });
      expect(sync.body.accounts).toEqual([{ id: account.id, name: 'Initech', logged: 1 }]);

      const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
      const entries = (timeline.body.items as { kind: string; summary: string }[]).filter((e) => e.kind === 'touch.email_captured');
      expect(entries.map((e) => e.summary)).toEqual(['Email "TPS reports" from Peter Gibbons']);

      const status = await server.call('GET', PATH, { token: admin.token });
      expect(status.body.mailbox).toMatchObject({ status: 'ok', lastError: null, lastCounts: { seen: 2, logged: 1, skipped: 1 }, lastUid: 2 });
      expect(status.body.mailbox.lastSuccessAt).not.toBeNull();
      expect(JSON.stringify(status.body)).not.toContain(dovecot.password);

      // Polled again: nothing new is read, nothing doubled.
      expect((await server.call('POST', `${PATH}/sync`, { token: admin.token })).body).toMatchObject({ status: 'ok', counts: { seen: 0, logged: 0 }, accounts: [] });
    });

    it('disconnecting forgets the mailbox; the mail it logged stays on the account', async () => {
      expect((await server.call('DELETE', PATH, { token: admin.token })).status).toBe(204);
      expect((await server.call('GET', PATH, { token: admin.token })).body).toEqual({ mailbox: null });
      expect((await server.call('POST', `${PATH}/sync`, { token: admin.token })).status).toBe(409);
      const timeline = await server.call('GET', `/api/accounts/${account.id}/timeline`, { token: csm.token });
      expect((timeline.body.items as { kind: string }[]).filter((e) => e.kind === 'touch.email_captured')).toHaveLength(1);
    });
  });
});
