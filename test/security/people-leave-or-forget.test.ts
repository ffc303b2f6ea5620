import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableDialects } from '../helpers/dialects.ts';
import { cadence } from '../helpers/cli.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();

describe.each(dialects)('people who leave or forget, on %s', (dialect) => {
  let server: TestServer;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer(dialect, [], { loginRateLimit: 100 });
    admin = await server.userWithToken('admin');
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  async function signIn(email: string, password: string, userAgent = 'test-browser') {
    const res = await server.call('POST', '/api/session', { body: { email, password }, headers: { 'user-agent': userAgent } });
    return { res, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: res.body?.csrfToken as string };
  }
  const cli = (args: string[], env: Record<string, string> = {}) => cadence(server.deps.testDb.dataDir, args, { DATABASE_URL: server.deps.testDb.url, CADENCE_SECRET: 'test-secret-test-secret-test-secret-123', ...env });

  it('a deactivated user cannot sign in, and their open session and API token stop working at once', async () => {
    const leaver = await server.userWithToken('csm');
    const { cookie } = await signIn(leaver.user.email, leaver.password);
    expect((await server.call('GET', '/api/session', { headers: { cookie } })).status).toBe(200);
    expect((await server.call('GET', '/api/accounts', { token: leaver.token })).status).toBe(200);

    const done = await server.call('POST', `/api/users/${leaver.user.id}/deactivate`, { token: admin.token });
    expect(done.status).toBe(200);
    expect(done.body.active).toBe(false);

    expect((await server.call('GET', '/api/session', { headers: { cookie } })).status).toBe(401);
    expect((await server.call('GET', '/api/accounts', { token: leaver.token })).status).toBe(401);
    const again = await signIn(leaver.user.email, leaver.password);
    expect(again.res.status).toBe(401);
    expect(again.res.body.error.message).toBe('email or password is wrong');

    // Reactivated, they sign in again; the token revoked at deactivation stays revoked.
    expect((await server.call('POST', `/api/users/${leaver.user.id}/reactivate`, { token: admin.token })).body.active).toBe(true);
    expect((await signIn(leaver.user.email, leaver.password)).res.status).toBe(200);
    expect((await server.call('GET', '/api/accounts', { token: leaver.token })).status).toBe(401);
  });

  it('only an admin deactivates, and not themselves', async () => {
    const csm = await server.userWithToken('csm');
    const other = await server.userWithToken('csm');
    expect((await server.call('POST', `/api/users/${other.user.id}/deactivate`, { token: csm.token })).status).toBe(403);
    expect((await server.call('POST', `/api/users/${admin.user.id}/deactivate`, { token: admin.token })).status).toBe(409);
    expect((await server.call('POST', '/api/users/nobody/deactivate', { token: admin.token })).status).toBe(404);
  });

  it("a leaver's accounts appear in the needs-a-new-owner list, for admins and the leaver's manager only", async () => {
    const manager = await server.userWithToken('manager');
    const leaver = await server.userWithToken('csm', { managerId: manager.user.id });
    const stayer = await server.userWithToken('csm');
    const orphan = await makeAccount(server.deps, { name: `Orphan ${dialect}`, ownerId: leaver.user.id });
    await makeAccount(server.deps, { name: `Kept ${dialect}`, ownerId: stayer.user.id });
    await server.call('POST', `/api/users/${leaver.user.id}/deactivate`, { token: admin.token });

    const list = await server.call('GET', '/api/users/needs-new-owner', { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual({ accountId: orphan.id, accountName: orphan.name, owner: { id: leaver.user.id, email: leaver.user.email, name: leaver.user.name } });
    expect(list.body.items.map((i: { accountName: string }) => i.accountName)).not.toContain(`Kept ${dialect}`);
    const managers = await server.call('GET', '/api/users/needs-new-owner', { token: manager.token });
    expect(managers.body.items.map((i: { accountId: string }) => i.accountId)).toEqual([orphan.id]);
    expect((await server.call('GET', '/api/users/needs-new-owner', { token: stayer.token })).status).toBe(403);
  });

  it('the CLI deactivates and reactivates by email, and names an unknown email in one line', async () => {
    const leaver = await server.userWithToken('csm');
    const off = await cli(['user', 'deactivate', '--email', leaver.user.email]);
    expect(off.stderr).toBe('');
    expect(off.code).toBe(0);
    expect(off.stdout).toContain(`${leaver.user.email} is deactivated`);
    expect((await signIn(leaver.user.email, leaver.password)).res.status).toBe(401);
    const on = await cli(['user', 'reactivate', '--email', leaver.user.email]);
    expect(on.code).toBe(0);
    expect((await signIn(leaver.user.email, leaver.password)).res.status).toBe(200);
    const unknown = await cli(['user', 'deactivate', '--email', 'ghost@example.com']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain('ghost@example.com');
  });

  it('a reset link from the CLI sets a new password once, within the hour, and ends every session', async () => {
    const forgetful = await server.userWithToken('csm');
    const { cookie } = await signIn(forgetful.user.email, forgetful.password);
    const printed = await cli(['user', 'reset-password', '--email', forgetful.user.email]);
    expect(printed.code).toBe(0);
    const link = printed.stdout.trim();
    expect(link).toMatch(/\/set-password#token=[\w-]{40,}$/);
    const token = link.split('#token=')[1];

    const tooShort = await server.call('POST', '/api/password-reset', { body: { token, password: 'short' } });
    expect(tooShort.status).toBe(400);
    expect(tooShort.body.error.field).toBe('password');
    const set = await server.call('POST', '/api/password-reset', { body: { token, password: 'a brand new passphrase' } });
    expect(set.status).toBe(204);
    expect((await server.call('GET', '/api/session', { headers: { cookie } })).status).toBe(401);
    expect((await signIn(forgetful.user.email, forgetful.password)).res.status).toBe(401);
    expect((await signIn(forgetful.user.email, 'a brand new passphrase')).res.status).toBe(200);

    const twice = await server.call('POST', '/api/password-reset', { body: { token, password: 'yet another passphrase' } });
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatchObject({ field: 'token', message: expect.stringContaining('used already') });
  });

  it('a reset link expires after an hour', async () => {
    const forgetful = await server.userWithToken('csm');
    const made = await server.call('POST', `/api/users/${forgetful.user.id}/password-reset`, { token: admin.token });
    expect(made.status).toBe(200);
    expect(made.body.mailed).toBe(false);
    const token = String(made.body.link).split('#token=')[1];
    const start = server.deps.now();
    server.deps.setNow(new Date(start.getTime() + 61 * 60_000));
    try {
      const late = await server.call('POST', '/api/password-reset', { body: { token, password: 'a brand new passphrase' } });
      expect(late.status).toBe(400);
      expect(late.body.error.message).toContain('expired');
    } finally {
      server.deps.setNow(start);
    }
    expect((await server.call('POST', `/api/users/${forgetful.user.id}/password-reset`, { token: forgetful.token })).status).toBe(403);
  });

  it('with SMTP configured the reset link goes by mail to the user, and the admin does not see it', async () => {
    const mailing = await startTestServer(dialect, [], { smtpUrl: smtp.url, baseUrl: 'https://cadence.example.com' });
    try {
      const boss = await mailing.userWithToken('admin');
      const forgetful = await mailing.userWithToken('csm');
      const made = await mailing.call('POST', `/api/users/${forgetful.user.id}/password-reset`, { token: boss.token });
      expect(made.body).toMatchObject({ link: null, mailed: true });
      const mail = smtp.received.find((m) => m.envelopeTo.includes(forgetful.user.email));
      expect(mail?.parsed.subject).toBe('Set a new Cadence password');
      const link = /https:\/\/cadence\.example\.com\/set-password#token=[\w-]+/.exec(mail?.parsed.text ?? '')?.[0];
      expect(link).toBeDefined();
      const token = String(link).split('#token=')[1];
      expect((await mailing.call('POST', '/api/password-reset', { body: { token, password: 'mailed new passphrase' } })).status).toBe(204);
    } finally {
      await mailing.close();
    }
  });

  it('users list and end their own sessions; an admin ends anyone’s', async () => {
    const csm = await server.userWithToken('csm');
    const laptop = await signIn(csm.user.email, csm.password, 'Laptop Firefox');
    const phone = await signIn(csm.user.email, csm.password, 'Phone Safari');
    const list = await server.call('GET', '/api/sessions', { headers: { cookie: laptop.cookie } });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { userAgent: string; current: boolean }) => [s.userAgent, s.current]).sort()).toEqual([
      ['Laptop Firefox', true],
      ['Phone Safari', false],
    ]);
    const phoneId = list.body.items.find((s: { current: boolean }) => !s.current).id;

    // Another CSM cannot end it, not even knowing its id.
    const other = await server.userWithToken('csm');
    expect((await server.call('DELETE', `/api/sessions/${phoneId}`, { token: other.token })).status).toBe(404);
    expect((await server.call('GET', `/api/users/${csm.user.id}/sessions`, { token: other.token })).status).toBe(403);

    expect((await server.call('DELETE', `/api/sessions/${phoneId}`, { headers: { cookie: laptop.cookie, 'x-csrf-token': laptop.csrf } })).status).toBe(204);
    expect((await server.call('GET', '/api/session', { headers: { cookie: phone.cookie } })).status).toBe(401);
    expect((await server.call('GET', '/api/session', { headers: { cookie: laptop.cookie } })).status).toBe(200);

    const seen = await server.call('GET', `/api/users/${csm.user.id}/sessions`, { token: admin.token });
    expect(seen.body.items).toHaveLength(1);
    expect((await server.call('DELETE', `/api/users/${csm.user.id}/sessions`, { token: admin.token })).body).toEqual({ sessionsEnded: 1 });
    expect((await server.call('GET', '/api/session', { headers: { cookie: laptop.cookie } })).status).toBe(401);
  });

  it('changing your password ends your other sessions and keeps this one', async () => {
    const csm = await server.userWithToken('csm');
    const here = await signIn(csm.user.email, csm.password);
    const elsewhere = await signIn(csm.user.email, csm.password);
    const wrong = await server.call('POST', '/api/session/password', { headers: { cookie: here.cookie, 'x-csrf-token': here.csrf }, body: { currentPassword: 'not it at all', newPassword: 'a changed passphrase' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('currentPassword');
    const changed = await server.call('POST', '/api/session/password', { headers: { cookie: here.cookie, 'x-csrf-token': here.csrf }, body: { currentPassword: csm.password, newPassword: 'a changed passphrase' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ sessionsEnded: 1 });
    expect((await server.call('GET', '/api/session', { headers: { cookie: here.cookie } })).status).toBe(200);
    expect((await server.call('GET', '/api/session', { headers: { cookie: elsewhere.cookie } })).status).toBe(401);
    expect((await signIn(csm.user.email, 'a changed passphrase')).res.status).toBe(200);
  });

  it('a session ends after 12 hours without a request, and lives 14 days at most', async () => {
    const csm = await server.userWithToken('csm');
    const start = server.deps.now();
    try {
      const idle = await signIn(csm.user.email, csm.password);
      server.deps.setNow(new Date(start.getTime() + 11 * 3_600_000));
      expect((await server.call('GET', '/api/session', { headers: { cookie: idle.cookie } })).status).toBe(200);
      // Used 11 hours in, it lives another 12 hours from then.
      server.deps.setNow(new Date(start.getTime() + 22 * 3_600_000));
      expect((await server.call('GET', '/api/session', { headers: { cookie: idle.cookie } })).status).toBe(200);
      server.deps.setNow(new Date(start.getTime() + 34.5 * 3_600_000));
      expect((await server.call('GET', '/api/session', { headers: { cookie: idle.cookie } })).status).toBe(401);

      server.deps.setNow(start);
      const busy = await signIn(csm.user.email, csm.password);
      for (let hour = 10; hour < 14 * 24; hour += 10) {
        server.deps.setNow(new Date(start.getTime() + hour * 3_600_000));
        expect((await server.call('GET', '/api/session', { headers: { cookie: busy.cookie } })).status).toBe(200);
      }
      server.deps.setNow(new Date(start.getTime() + 14 * 86_400_000 + 60_000));
      expect((await server.call('GET', '/api/session', { headers: { cookie: busy.cookie } })).status).toBe(401);
    } finally {
      server.deps.setNow(start);
    }
  });
});
