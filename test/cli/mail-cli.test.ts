import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';
import { dovecotMissing, startDovecot } from '../helpers/dovecot.ts';

const CAPTURE = 'log@cadence.example.com';
const dirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-mail-cli-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function mailFrom(from: string, n: number): string {
  return [`From: ${from}`, `To: ${CAPTURE}`, `Subject: Question ${n}`, `Message-ID: <q-${n}@cli.example>`, 'Date: Thu, 03 Dec 2026 09:00:00 +0000', '', `Question number ${n}.`, ''].join('\r\n');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('cadence mail', () => {
  it('capture-address prints the address alone, or says in one line how to turn capture on', async () => {
    const dir = dataDir();
    expect(await cadence(dir, ['mail', 'capture-address'], { CADENCE_CAPTURE_ADDRESS: 'Log@Cadence.Example.com' })).toEqual({ code: 0, stdout: `${CAPTURE}\n`, stderr: '' });
    const off = await cadence(dir, ['mail', 'capture-address']);
    expect(off.code).toBe(1);
    expect(off.stderr).toBe('cadence: mail capture is off: set CADENCE_CAPTURE_ADDRESS (and CADENCE_CAPTURE_SMTP_PORT for the receiver)\n');
    const noAddress = await cadence(dir, ['mail', 'status'], { CADENCE_CAPTURE_SMTP_PORT: '2525' });
    expect(noAddress.code).toBe(1);
    expect(noAddress.stderr).toContain('CADENCE_CAPTURE_ADDRESS: is required with CADENCE_CAPTURE_SMTP_PORT');
  });

  it('serve starts the receiver when configured and stops it on SIGTERM; status counts what it saw', async () => {
    const dir = dataDir();
    const [httpPort, smtpPort] = [await freePort(), await freePort()];
    const env = { PATH: process.env.PATH ?? '', CADENCE_DATA_DIR: dir, LOG_LEVEL: 'silent', CADENCE_JOBS: 'off', CADENCE_BACKUP_SCHEDULE: 'off', CADENCE_CAPTURE_ADDRESS: CAPTURE, CADENCE_CAPTURE_SMTP_PORT: String(smtpPort) };
    const child = spawn(process.execPath, [path.resolve('bin/cadence.js'), 'serve', '--port', String(httpPort)], { env });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 45_000;
      while (!out.includes('Mail capture:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain(`Mail capture: SMTP on 127.0.0.1:${smtpPort} takes mail to ${CAPTURE}.`);
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
      await transport.sendMail({ from: 'stranger@nowhere.test', to: CAPTURE, subject: 'Hello', text: 'Nobody knows me.' });
      await expect(transport.sendMail({ from: 'stranger@nowhere.test', to: 'other@cadence.example.com', subject: 'Hello', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
      transport.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    // Stopped: the port takes no more connections.
    await expect(nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, connectionTimeout: 2000 }).verify()).rejects.toThrow();

    const status = await cadence(dir, ['mail', 'status', '--json'], { CADENCE_CAPTURE_ADDRESS: CAPTURE });
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ address: CAPTURE, receiver: null, seen: 1, logged: 0, skipped: 1, failed: 0, reasons: [{ reason: 'no_account', count: 1 }], lastError: null });
    const text = await cadence(dir, ['mail', 'status'], { CADENCE_CAPTURE_ADDRESS: CAPTURE });
    expect(text.stdout).toContain('Seen 1: 0 logged, 1 skipped, 0 failed');
    expect(text.stdout).toMatch(/no_account\s+1/);
  }, 90_000);

  const withDovecot = dovecotMissing() === null || process.env.CI === 'true' ? it : it.skip;
  withDovecot(
    'imap sync names each account the mail was filed to, with its count',
    async () => {
      const dir = dataDir();
      const env = { CADENCE_CAPTURE_ADDRESS: CAPTURE };
      const accounts = path.join(dir, 'accounts.csv');
      writeFileSync(accounts, 'external_id,name,segment,stage,timezone\nG-1,Globex,enterprise,steady,Europe/London\nI-1,Initech,enterprise,steady,Europe/London\n');
      expect((await cadence(dir, ['import', 'accounts', accounts])).code).toBe(0);
      const contacts = path.join(dir, 'contacts.csv');
      writeFileSync(contacts, 'external_id,account_external_id,name,email,role\nC-1,G-1,Hank Scorpio,hank@globex.example,champion\nC-2,I-1,Peter Gibbons,peter@initech.example,champion\n');
      const imported = await cadence(dir, ['import', 'contacts', contacts]);
      expect(imported.code, imported.stderr).toBe(0);

      const dovecot = await startDovecot();
      try {
        const passwordFile = path.join(dir, 'imap-password');
        writeFileSync(passwordFile, `${dovecot.password}\n`);
        const connected = await cadence(dir, ['mail', 'imap', 'connect', '--host', dovecot.host, '--port', String(dovecot.port), '--no-tls', '--username', dovecot.user, '--password-file', passwordFile], env);
        expect(connected.code, connected.stderr).toBe(0);
        const nothing = await cadence(dir, ['mail', 'imap', 'sync'], env);
        expect(nothing).toEqual({ code: 0, stdout: 'ok: 0 seen, 0 logged, 0 skipped\n', stderr: '' });

        await dovecot.deliver(mailFrom('Peter Gibbons <peter@initech.example>', 1));
        await dovecot.deliver(mailFrom('Hank Scorpio <hank@globex.example>', 2));
        await dovecot.deliver(mailFrom('Hank Scorpio <hank@globex.example>', 3));
        await dovecot.deliver(mailFrom('A Stranger <stranger@nowhere.test>', 4));
        const synced = await cadence(dir, ['mail', 'imap', 'sync'], env);
        expect(synced.code, synced.stderr).toBe(0);
        // Most mails first, as in Settings after "Sync now".
        expect(synced.stdout).toBe('ok: 4 seen, 3 logged, 1 skipped (no_account 1)\nFiled to:\n  Globex (2 mails)\n  Initech (1 mail)\n');
      } finally {
        await dovecot.stop();
      }
    },
    90_000,
  );
});
