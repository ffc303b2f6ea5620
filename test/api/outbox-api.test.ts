/**
 * The outbox through the API, on both databases, with a real SMTP server in the test process that
 * is down at first: what a CSM sends is acknowledged, arrives once the server is back, and arrives
 * once; a mail that keeps failing becomes a dead letter an admin sees (API and CLI) and retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../src/deps.ts';
import { deliverDueOutbox, deliverOutboxRows, enqueueMail } from '../../src/services/outbox/outbox.ts';
import { cadence } from '../helpers/cli.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount, makeContact } from '../helpers/factories.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dialects = await availableDialects();
type Smtp = Awaited<ReturnType<typeof startSmtpServer>>;

describe.each(dialects)('the outbox on %s', (dialect) => {
  let server: TestServer;
  let smtp: Smtp | undefined;
  let port: number;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let admin: Awaited<ReturnType<TestServer['userWithToken']>>;
  const received = () => smtp?.received ?? [];

  beforeAll(async () => {
    // A port where an SMTP server listened a moment ago: the mail server is down.
    const first = await startSmtpServer();
    port = first.port;
    await first.close();
    server = await startTestServer(dialect, [], { smtpUrl: `smtp://127.0.0.1:${port}?tls=off`, vendorName: 'Acme', baseUrl: 'https://cadence.acme.example' });
    csm = await server.userWithToken('csm');
    admin = await server.userWithToken('admin');
  });
  afterAll(async () => {
    await server.close();
    await smtp?.close();
  });

  const smtpUp = async () => {
    smtp ??= await startSmtpServer({ port });
  };
  const smtpDown = async () => {
    await smtp?.close();
    smtp = undefined;
  };
  const later = (seconds: number) => server.deps.setNow(new Date(server.deps.now().getTime() + seconds * 1000));
  const outbox = async () => (await server.call('GET', '/api/settings/outbox', { token: admin.token })).body;

  async function heldCall(name: string) {
    server.deps.setNow('2026-11-16T10:00:00.000Z');
    const account = await makeAccount(server.deps, { name, ownerId: csm.user.id, timezone: 'Europe/London' });
    const hank = await makeContact(server.deps, account.id, { name: 'Hank Scorpio', email: `hank@${name.toLowerCase()}.example`, role: 'champion' });
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-30T15:00:00Z', attendeeContactIds: [hank.id], attendeeUserIds: [csm.user.id] } })).body;
    return { account, hank, meeting };
  }

  it('with the SMTP server down, the follow-up is acknowledged; it arrives once the server is up, and only once', async () => {
    await smtpDown();
    const { meeting, hank } = await heldCall('Globex');
    server.deps.setNow('2026-11-30T15:45:00.000Z');
    const wrap = await server.call('POST', `/api/meetings/${meeting.id}/wrap-up`, { token: csm.token, body: { summary: 'Good call.', recap: ['Runner timeouts are fixed since 18.2'] } });
    expect(wrap.status, JSON.stringify(wrap.body)).toBe(200);
    const sent = await server.call('POST', `/api/meetings/${meeting.id}/follow-up/send`, { token: csm.token, body: { confirm: true, sendWithUnaddressed: true } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    const messageId: string = sent.body.followUp.messageId;
    expect(messageId).toMatch(/^<[0-9a-f-]+@cadence\.acme\.example>$/);
    expect(sent.body.followUp.sentAt).toBeTruthy();
    expect((await outbox()).pending).toBeGreaterThanOrEqual(1);

    await smtpUp();
    // Not due yet: the first retry waits 30 s.
    await deliverDueOutbox(server.deps);
    expect(received()).toHaveLength(0);
    later(31);
    await deliverDueOutbox(server.deps);
    later(3600);
    await deliverDueOutbox(server.deps);
    const mails = received().filter((m) => m.envelopeTo.includes(hank.email!));
    expect(mails.map((m) => m.parsed.messageId)).toEqual([messageId]);
    expect((await outbox()).pending).toBe(0);
  });

  it('a mail that fails eight times is a dead letter an admin sees in the API and the CLI, with the error in words; the retry delivers it', async () => {
    await smtpDown();
    const { meeting, hank } = await heldCall('Initech');
    server.deps.setNow('2026-11-20T10:00:00.000Z');
    const sent = await server.call('POST', `/api/meetings/${meeting.id}/agenda/send`, { token: csm.token, body: { confirm: true } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    // The first attempt was inline; seven more by the worker, each once its wait is over.
    for (let i = 0; i < 7; i++) {
      later(2 * 3600);
      await deliverDueOutbox(server.deps);
    }
    const status = await outbox();
    const dead = status.deadLetters.find((d: { summary: string }) => d.summary.includes(hank.email!));
    expect(dead).toMatchObject({ kind: 'mail', status: 'dead', attempts: 8, maxAttempts: 8 });
    expect(dead.lastError).toMatch(/the mail could not be sent: .*ECONNREFUSED/);
    expect(dead.summary).toContain('Agenda');
    // Never the body: no share link, no agenda text.
    expect(JSON.stringify(status)).not.toMatch(/\/share\/|Room for/);

    const env = { DATABASE_URL: server.deps.testDb.url, CADENCE_SECRET: 'test-secret-test-secret-test-secret-123' };
    const cli = await cadence(server.deps.testDb.dataDir, ['outbox', 'status', '--json'], env);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout).deadLetters.map((d: { id: string }) => d.id)).toContain(dead.id);
    const table = await cadence(server.deps.testDb.dataDir, ['outbox', 'status'], env);
    expect(table.stdout).toContain('dead letter');
    expect(table.stdout).toContain(dead.id);

    // Still nothing at the receiver; the worker leaves a dead letter alone.
    await smtpUp();
    later(24 * 3600);
    await deliverDueOutbox(server.deps);
    expect(received().filter((m) => m.envelopeTo.includes(hank.email!))).toHaveLength(0);

    expect((await server.call('POST', `/api/settings/outbox/${dead.id}/retry`, { token: csm.token })).status).toBe(403);
    const retried = await server.call('POST', `/api/settings/outbox/${dead.id}/retry`, { token: admin.token });
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ status: 'delivered', attempts: 1 });
    expect((await server.call('POST', `/api/settings/outbox/${dead.id}/retry`, { token: admin.token })).status).toBe(409);
    expect(
      received()
        .filter((m) => m.envelopeTo.includes(hank.email!))
        .map((m) => m.parsed.messageId),
    ).toEqual([dead.idempotencyKey]);
    expect((await outbox()).deadLetters.map((d: { id: string }) => d.id)).not.toContain(dead.id);
  });

  it('two workers and the inline path, at once, never deliver one mail twice', async () => {
    await smtpUp();
    smtp!.received.length = 0;
    // A second node: its own connections to the same database, its own SMTP connection.
    const other = createDeps(server.deps.config, { now: () => server.deps.now(), logger: server.deps.logger });
    try {
      const queued = await server.deps.store.db.transaction().execute(async (tx) => {
        const ids: { id: string; messageId: string }[] = [];
        for (let i = 0; i < 30; i++) ids.push(await enqueueMail(tx, server.deps, { to: [`reader-${i}@race.example`], subject: `Race ${i}`, text: 'x' }));
        return ids;
      });
      await Promise.all([
        deliverDueOutbox(server.deps),
        deliverDueOutbox(other),
        deliverOutboxRows(
          server.deps,
          queued.map((q) => q.id),
        ),
        deliverDueOutbox(other),
      ]);
      const ids = smtp!.received.map((m) => m.parsed.messageId);
      expect(ids).toHaveLength(30);
      expect(new Set(ids)).toEqual(new Set(queued.map((q) => q.messageId)));
    } finally {
      await other.store.destroy();
    }
  });
});
