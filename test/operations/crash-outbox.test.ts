/**
 * The crash test (issue #16, "Must show"): the real server (`cadence serve`, its own process) on
 * SQLite, mailing through a real SMTP server in the test process, is killed with SIGKILL at random
 * moments while clients schedule calls and send their agendas, and started again, 50 times. Then:
 * every write the server acknowledged (2xx) is in the database, every acknowledged agenda mail
 * arrived, and no Message-ID arrived twice beyond the attempts the outbox recorded for it (a
 * receiver drops a repeated Message-ID: after that, 0 duplicates and 0 lost).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';
import { buildQuickly } from '../helpers/quick-build.ts';
import { startSmtpServer, type ReceivedMail } from '../helpers/smtp.ts';
import { freePort, startNode, until, waitUntilReady, type Node } from '../helpers/two-nodes.ts';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 50);
const SECRET = 'crash-outbox-secret-crash-outbox-secret-01';
const EMAIL = 'ann@vendor.example';
const CUSTOMER = 'hana@globex.example';

/** The meeting id in a received agenda mail's invite (`UID:<meeting id>@host`). */
function meetingOf(mail: ReceivedMail): string | undefined {
  const ics = mail.parsed.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString('utf8') ?? '';
  return /^UID:([^@\r\n]+)@/m.exec(ics.replace(/\r?\n[ \t]/g, ''))?.[1];
}

describe('kill -9 under write load and outbound mail (SQLite)', () => {
  let dir: string;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let token: string;
  let contactId: string;
  let accountId: string;
  let node: Node | undefined;
  let built: Awaited<ReturnType<typeof buildQuickly>> | undefined;
  const dbFile = () => path.join(dir, 'cadence.db');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'cadence-crash-'));
    // Compiled once: fifty starts through tsx would take minutes.
    built = await buildQuickly('crash');
    smtp = await startSmtpServer();
    const env = { DATABASE_URL: dbFile(), CADENCE_SECRET: SECRET };
    const run = async (args: string[]) => {
      const r = await cadence(dir, args, env);
      expect(r.stderr, args.join(' ')).toBe('');
      return r.stdout;
    };
    await run(['db', 'migrate']);
    await run(['user', 'add', '--email', EMAIL, '--name', 'Ann Admin', '--role', 'admin', '--password', 'a long crash-test passphrase 42']);
    token = (await run(['token', 'create', '--email', EMAIL])).trim();
    writeFileSync(path.join(dir, 'accounts.csv'), 'external_id,name,segment,stage,timezone\nSF-GLOBEX,Globex,enterprise,steady,Europe/London\n');
    await run(['import', 'accounts', path.join(dir, 'accounts.csv')]);
    writeFileSync(path.join(dir, 'contacts.csv'), `external_id,account_external_id,name,email,title,role,status,phone\nC-HANA,SF-GLOBEX,Hana Tanaka,${CUSTOMER},CTO,champion,active,\n`);
    await run(['import', 'contacts', path.join(dir, 'contacts.csv')]);
    const db = new Database(dbFile(), { readonly: true });
    accountId = (db.prepare("select id from accounts where name = 'Globex'").get() as { id: string }).id;
    contactId = (db.prepare('select id from contacts where email = ?').get(CUSTOMER) as { id: string }).id;
    db.close();
  }, 60_000);

  afterAll(async () => {
    await node?.kill('SIGKILL');
    await smtp?.close();
    built?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged write or mail, and sends no Message-ID twice beyond its recorded attempts, across 50 SIGKILLs', async () => {
    const port = await freePort();
    // A short lease (60 s by default): a row claimed by a killed process is taken again 5 s later.
    const env = { DATABASE_URL: dbFile(), CADENCE_SECRET: SECRET, SMTP_URL: smtp.url, CADENCE_BACKUP_SCHEDULE: 'off', CADENCE_OUTBOX_LEASE_S: '5', LOG_LEVEL: 'warn', CADENCE_DATA_DIR: dir };
    const created = new Set<string>();
    const sent = new Set<string>();
    let attempted = 0;
    /** How long each start took until /readyz answered 200. */
    const readyMs: number[] = [];
    /** Answers that were neither a success nor a dropped connection: none is expected. */
    const refusals: string[] = [];
    let seq = 0;
    const started = Date.now();

    const api = async (method: string, url: string, body: unknown): Promise<{ status: number; body: { id?: string } | null }> => {
      const res = await fetch(`${node!.url}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    /** One client: schedules a call, then sends its agenda, until the server goes away. */
    const client = async (stop: { now: boolean }) => {
      while (!stop.now) {
        try {
          const n = seq++;
          // One slot per write (300 days × 8 hours), so no call lands on another: the back-to-back rule is not what this measures.
          const startsAt = new Date(Date.UTC(2027, 0, 4 + (n % 300), 9 + (Math.floor(n / 300) % 8), 0)).toISOString();
          attempted++;
          const meeting = await api('POST', '/api/meetings', { accountId, startsAt, attendeeContactIds: [contactId], acknowledgeOutOfHours: true, acknowledgeBackToBack: true });
          if (meeting.status !== 201 || !meeting.body?.id) {
            refusals.push(`meeting ${meeting.status}: ${JSON.stringify(meeting.body).slice(0, 200)}`);
            continue;
          }
          created.add(meeting.body.id);
          const agenda = await api('POST', `/api/meetings/${meeting.body.id}/agenda/send`, { confirm: true });
          if (agenda.status === 200) sent.add(meeting.body.id);
          else refusals.push(`agenda ${agenda.status}: ${JSON.stringify(agenda.body).slice(0, 200)}`);
        } catch {
          return; // killed mid-request: that write was not acknowledged
        }
      }
    };

    for (let round = 0; round < ROUNDS; round++) {
      const starting = Date.now();
      node = startNode(`crash-${round}`, port, env, built!.bin);
      await waitUntilReady(node, 60_000);
      readyMs.push(Date.now() - starting);
      const stop = { now: false };
      const clients = [client(stop), client(stop), client(stop)];
      // A random moment while the writes and the sends are in flight: once this process has
      // answered a first agenda send (its first requests are slow, warming up), up to 400 ms later.
      const before = sent.size;
      await until(() => sent.size > before || refusals.length > 0, 'a first agenda send in this round', 20_000).catch(() => undefined);
      await new Promise((r) => setTimeout(r, Math.random() * 400));
      await node.kill('SIGKILL');
      stop.now = true;
      await Promise.all(clients);
    }

    // Once more, left running: its worker delivers whatever the killed ones left in the outbox.
    node = startNode('final', port, env, built!.bin);
    await waitUntilReady(node, 30_000);
    const db = new Database(dbFile(), { readonly: true });
    try {
      const pending = () => (db.prepare("select count(*) as n from outbox where status = 'pending'").get() as { n: number }).n;
      await until(
        () => pending() === 0,
        () => `the outbox to drain (${pending()} pending)`,
        30_000,
      );

      // 1. Every acknowledged write is in the database.
      const meetings = new Map((db.prepare('select id, state from meetings').all() as { id: string; state: string }[]).map((m) => [m.id, m.state]));
      const lostWrites = [...created].filter((id) => !meetings.has(id));
      const lostSends = [...sent].filter((id) => meetings.get(id) !== 'agenda_sent');

      // 2. Every acknowledged agenda mail arrived; each send is one Message-ID at the receiver.
      const rows = db.prepare("select idempotency_key as key, attempts, status from outbox where kind = 'mail'").all() as { key: string; attempts: number; status: string }[];
      const attemptsOf = new Map(rows.map((r) => [r.key, r.attempts]));
      const arrivals = new Map<string, number>();
      const idsOfMeeting = new Map<string, Set<string>>();
      for (const mail of smtp.received) {
        const id = mail.parsed.messageId ?? '';
        arrivals.set(id, (arrivals.get(id) ?? 0) + 1);
        const meeting = meetingOf(mail);
        if (meeting) idsOfMeeting.set(meeting, (idsOfMeeting.get(meeting) ?? new Set()).add(id));
      }
      const lostMails = [...sent].filter((id) => !idsOfMeeting.get(id)?.size);
      const twoMessageIds = [...idsOfMeeting].filter(([, ids]) => ids.size > 1).map(([m]) => m);
      const unknown = [...arrivals.keys()].filter((id) => !attemptsOf.has(id));
      const beyondAttempts = [...arrivals].filter(([id, n]) => n > (attemptsOf.get(id) ?? 0));
      const rawDuplicates = [...arrivals.values()].reduce((sum, n) => sum + n - 1, 0);
      const dead = rows.filter((r) => r.status === 'dead').length;

      const report = {
        rounds: ROUNDS,
        medianStartMs: [...readyMs].sort((a, b) => a - b)[Math.floor(readyMs.length / 2)],
        slowestStartMs: Math.max(...readyMs),
        seconds: Math.round((Date.now() - started) / 1000),
        writesTried: attempted,
        meetingsAcknowledged: created.size,
        agendasAcknowledged: sent.size,
        mailsReceived: smtp.received.length,
        distinctMessageIds: arrivals.size,
        rawDuplicates,
        lostWrites: lostWrites.length,
        lostSends: lostSends.length,
        lostMails: lostMails.length,
        deadLetters: dead,
      };
      console.log(`crash test: ${JSON.stringify(report)}`);
      expect(refusals.slice(0, 5), 'answers other than success').toEqual([]);
      expect(sent.size, 'some agendas were acknowledged').toBeGreaterThan(ROUNDS / 2);
      expect(lostWrites, 'acknowledged meetings missing after restart').toEqual([]);
      expect(lostSends, 'acknowledged agenda sends not recorded').toEqual([]);
      expect(lostMails, 'acknowledged agenda mails that never arrived').toEqual([]);
      expect(twoMessageIds, 'one agenda send mailed under two Message-IDs (a duplicate no receiver could drop)').toEqual([]);
      expect(unknown, 'mails sent that the outbox never held').toEqual([]);
      expect(beyondAttempts, 'a Message-ID arrived more often than the outbox tried it').toEqual([]);
      expect(dead).toBe(0);
    } finally {
      db.close();
    }
  }, 1_200_000);
});
