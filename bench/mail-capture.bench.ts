import nodemailer from 'nodemailer';
import { startSmtpReceiver } from '../src/integrations/mail-capture/smtp-receiver.ts';
import { startMailCapture } from '../src/services/mail-capture/mail-capture-receiver.ts';
import { countMailCaptureOutcomes } from '../src/store/captured-mails.repo.ts';
import { createTestDeps, postgresAvailable, type DialectName } from '../test/helpers/dialects.ts';
import { makeAccount, makeContact, makeUser } from '../test/helpers/factories.ts';
import { round, withRatios, type BenchResult } from './harness.ts';

const MAILS = 1_000;
const ACCOUNTS = 2_000;
const CAPTURE = 'log@cadence.example.com';
const CONNECTIONS = 4;

/** 1,000 customer mails as a mail client writes them (nodemailer), built once before timing: text and HTML, every tenth with a 20 kB attachment. */
async function buildMails(csmEmail: string, set: string): Promise<{ from: string; raw: Buffer }[]> {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true });
  const mails: { from: string; raw: Buffer }[] = [];
  for (let i = 0; i < MAILS; i += 1) {
    const account = i % ACCOUNTS;
    const from = `champion${account}@account-${account}.test`;
    const text = `Hi,\n\nFollowing up on our call about rollout ${i}. ${'The pilot group is happy with the new pipelines and wants the rest of the org on it next quarter. '.repeat(12)}\n\nThanks`;
    const info = (await composer.sendMail({
      from: `Champion ${account} <${from}>`,
      to: csmEmail,
      cc: i % 3 === 0 ? `admin${account}@account-${account}.test` : undefined,
      bcc: CAPTURE,
      subject: `Rollout ${i}`,
      messageId: `<bench-${set}-${i}@account-${account}.test>`,
      text,
      html: `<p>${text.replace(/\n/g, '<br>')}</p>`,
      attachments: i % 10 === 0 ? [{ filename: `plan-${i}.pdf`, content: Buffer.alloc(20_000, i % 256) }] : [],
    })) as { message: Buffer };
    mails.push({ from, raw: info.message });
  }
  return mails;
}

/** Delivers every mail over one SMTP connection, one after another, as a mail server relays them. */
async function deliver(port: number, mails: { from: string; raw: Buffer }[]): Promise<{ total_ms: number; p50_ms: number; p95_ms: number }> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: 1, maxMessages: Infinity });
  const samples: number[] = [];
  const start = process.hrtime.bigint();
  for (const mail of mails) {
    const t = process.hrtime.bigint();
    await transport.sendMail({ envelope: { from: mail.from, to: [CAPTURE] }, raw: mail.raw });
    samples.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const total = Number(process.hrtime.bigint() - start) / 1e6;
  transport.close();
  samples.sort((a, b) => a - b);
  const at = (q: number) => round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0);
  return { total_ms: round(total, 1), p50_ms: at(0.5), p95_ms: at(0.95) };
}

/** As a mail server relays a queue: `connections` SMTP connections at once, the mails shared among them. Wall time for all, and CPU time of this process. */
async function deliverConcurrently(port: number, mails: { from: string; raw: Buffer }[], connections: number): Promise<{ total_ms: number; cpu_ms: number }> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: connections }, (_, c) =>
      deliver(
        port,
        mails.filter((_m, i) => i % connections === c),
      ),
    ),
  );
  const used = process.cpuUsage(cpu);
  return { total_ms: round(Number(process.hrtime.bigint() - start) / 1e6, 1), cpu_ms: round((used.user + used.system) / 1000, 1) };
}

async function runOn(dialect: DialectName): Promise<BenchResult> {
  const deps = await createTestDeps(dialect, { mailCapture: { address: CAPTURE, smtp: { host: '127.0.0.1', port: 0 }, maxBytes: 25 * 1024 * 1024 } });
  try {
    const csm = await makeUser(deps, 'csm');
    for (let i = 0; i < ACCOUNTS; i += 1) {
      const account = await makeAccount(deps, { name: `Account ${i}`, ownerId: csm.user.id, segment: i % 3 === 0 ? 'scale' : 'commercial' });
      await makeContact(deps, account.id, { name: `Champion ${i}`, role: 'champion', email: `champion${i}@account-${i}.test` });
      await makeContact(deps, account.id, { name: `Admin ${i}`, role: 'admin', email: `admin${i}@account-${i}.test` });
    }
    const [one, two] = [await buildMails(csm.user.email, 'a'), await buildMails(csm.user.email, 'b')];
    const bytes = one.reduce((n, m) => n + m.raw.length, 0);

    // Baseline: the same receiver and the same mails, accepted and thrown away.
    const bare = await startSmtpReceiver({ host: '127.0.0.1', port: 0, maxBytes: 25 * 1024 * 1024 }, { acceptsRecipient: (a) => a === CAPTURE, onMail: async () => undefined, onTooLarge: async () => undefined });
    const baseline = await deliver(bare.port, one);
    const baselineParallel = await deliverConcurrently(bare.port, two, CONNECTIONS);
    await bare.close();

    const receiver = (await startMailCapture(deps))!;
    const capture = await deliver(receiver.port, one);
    const captureParallel = await deliverConcurrently(receiver.port, two, CONNECTIONS);
    // The first set again: every mail a duplicate by Message-ID, nothing written but the count.
    const again = await deliver(receiver.port, one);
    await receiver.close();
    const counts = await countMailCaptureOutcomes(deps.store.db);
    const logged = counts.find((c) => c.outcome === 'logged')?.count ?? 0;
    const dupes = counts.find((c) => c.reason === 'duplicate')?.count ?? 0;
    if (logged !== 2 * MAILS || dupes !== MAILS) throw new Error(`expected ${2 * MAILS} logged and ${MAILS} duplicates, got ${JSON.stringify(counts)}`);

    const seq = `baseline: raw SMTP accept of the same ${MAILS} mails, nothing processed (per mail, one connection)`;
    const par = `baseline: raw SMTP accept of ${MAILS} mails over ${CONNECTIONS} connections (all)`;
    return {
      benchmark: 'mail-capture',
      db: dialect,
      rows: [
        { case: seq, p50_ms: baseline.p50_ms, p95_ms: baseline.p95_ms, total_ms: baseline.total_ms, mb: round(bytes / 1024 / 1024, 1) },
        {
          case: `capture: parsed, matched among ${ACCOUNTS} accounts, touch + mail + timeline + audit + cadence in one transaction (per mail, one connection)`,
          p50_ms: capture.p50_ms,
          p95_ms: capture.p95_ms,
          baseline_case: seq,
          total_ms: capture.total_ms,
        },
        { case: `the same ${MAILS} mails again: each a duplicate by Message-ID (per mail, one connection)`, p50_ms: again.p50_ms, p95_ms: again.p95_ms, baseline_case: seq, total_ms: again.total_ms },
        { case: par, p50_ms: baselineParallel.total_ms, p95_ms: baselineParallel.total_ms, cpu_ms: baselineParallel.cpu_ms },
        {
          case: `capture ${MAILS} mails over ${CONNECTIONS} connections, as a mail server relays (all; target < 10 s)`,
          p50_ms: captureParallel.total_ms,
          p95_ms: captureParallel.total_ms,
          baseline_case: par,
          cpu_ms: captureParallel.cpu_ms,
        },
      ],
    };
  } finally {
    await deps.close();
  }
}

/** `npm run bench -- mail-capture`: 1,000 mails through the real capture receiver on each database, against a bare SMTP accept. */
export default async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const dialect of ['sqlite', ...((await postgresAvailable()) ? ['postgres' as const] : [])] as DialectName[]) {
    const result = await runOn(dialect);
    results.push({ ...result, rows: withRatios(result.rows) });
  }
  return results;
}
