import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { connectImapMailbox, getImapMailboxStatus, ImapConnectSchema, syncImapMailbox, type ImapMailboxView } from '../../services/mail-capture/imap-capture.ts';
import { getMailCaptureStatus } from '../../services/mail-capture/mail-capture-status.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { formatTable, printJson } from '../output.ts';
import type { CliIo } from '../io.ts';
import { parseInput } from '../parse-input.ts';

const IMAP_OPTION: Record<string, string> = { host: '--host', port: '--port', username: '--username', password: '--password-file', mailbox: '--mailbox', intervalMinutes: '--interval' };

async function readPasswordFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new AppError('invalid', `--password-file ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'error'})`}`);
  }
  const password = text.replace(/\r?\n$/, '');
  if (!password) throw new AppError('invalid', `--password-file ${file}: the file is empty`);
  return password;
}

/** "IMAP imap.example.com:993 (TLS) as capture@…, folder INBOX: ok, last poll …". */
function describeMailbox(m: ImapMailboxView): string {
  const c = m.lastCounts;
  const reasons =
    c && Object.keys(c.reasons).length
      ? ` (${Object.entries(c.reasons)
          .map(([r, n]) => `${r} ${n}`)
          .join(', ')})`
      : '';
  return [
    `IMAP ${m.host}:${m.port} (${m.tls ? 'TLS' : 'plain'}) as ${m.username}, folder ${m.mailbox}: ${m.status}`,
    `Last successful poll: ${m.lastSuccessAt ?? 'never'}; next: ${m.nextSyncAt ?? 'not scheduled (connect again)'}; every ${m.intervalMinutes} min`,
    c ? `Last poll: ${c.seen} seen, ${c.logged} logged, ${c.skipped} skipped${reasons}` : 'Last poll: none yet',
    `Watermark: UIDVALIDITY ${m.uidValidity ?? '–'}, last UID ${m.lastUid}`,
    `Last error: ${m.lastError ?? 'none'}`,
  ].join('\n');
}

export function registerMailCommands(program: Command, io: CliIo): void {
  const mail = program.command('mail').description('customer mail captured on the accounts: the capture address and what was logged');
  mail
    .command('capture-address')
    .description('print the capture address to BCC or forward customer mail to (alone on stdout)')
    .action(() => {
      const address = loadConfig(io.env).mailCapture.address;
      if (!address) throw new AppError('invalid', 'mail capture is off: set CADENCE_CAPTURE_ADDRESS (and CADENCE_CAPTURE_SMTP_PORT for the receiver)');
      io.stdout.write(`${address}\n`);
    });
  mail
    .command('status')
    .description('what the capture receiver saw: logged, skipped by reason, failed, and the last error')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const s = await getMailCaptureStatus(deps, LOCAL_OPERATOR);
        if (o.json) return printJson(io.stdout, s);
        const lines = [
          `Capture address: ${s.address ?? 'not set (CADENCE_CAPTURE_ADDRESS)'}`,
          `Receiver: ${s.receiver ? `SMTP on ${s.receiver.host}:${s.receiver.port}, mails up to ${Math.round(s.receiver.maxBytes / 1024 / 1024)} MB` : 'not on this node (CADENCE_CAPTURE_SMTP_PORT)'}`,
          `Seen ${s.seen}: ${s.logged} logged, ${s.skipped} skipped, ${s.failed} failed${s.lastLoggedAt ? ` (last logged ${s.lastLoggedAt})` : ''}`,
          `Last error: ${s.lastError ? `${s.lastError.at} ${s.lastError.message}` : 'none'}`,
        ];
        io.stdout.write(`${lines.join('\n')}\n`);
        if (s.reasons.length) io.stdout.write(`\nSkipped:\n${formatTable(s.reasons.map((r) => ({ reason: r.reason, count: r.count, last: r.lastAt })))}\n`);
      });
    });

  const imap = mail.command('imap').description('the capture mailbox polled over IMAP: connect it, see its last poll, poll now');
  imap
    .command('connect')
    .description('connect the workspace mailbox (the login is tried first); mail in it is logged on the accounts like BCC’d mail')
    .requiredOption('--host <host>', 'the IMAP server')
    .option('--port <port>', 'the port (993 with TLS, 143 without)')
    .option('--no-tls', 'a plain connection (port 143; STARTTLS when the server offers it)')
    .requiredOption('--username <name>', 'the mailbox login')
    .requiredOption('--password-file <file>', 'a file holding the password or app password')
    .option('--mailbox <folder>', 'the folder to read (default INBOX)')
    .option('--interval <minutes>', 'minutes between polls (default 5)')
    .option('--json', 'print JSON')
    .action(async (o: { host: string; port?: string; tls: boolean; username: string; passwordFile: string; mailbox?: string; interval?: string; json?: boolean }) => {
      const password = await readPasswordFile(o.passwordFile);
      let input;
      try {
        input = parseInput(ImapConnectSchema, {
          host: o.host,
          port: o.port ? Number(o.port) : o.tls ? 993 : 143,
          tls: o.tls,
          username: o.username,
          password,
          ...(o.mailbox ? { mailbox: o.mailbox } : {}),
          ...(o.interval ? { intervalMinutes: Number(o.interval) } : {}),
        });
      } catch (err) {
        if (err instanceof AppError && err.field && IMAP_OPTION[err.field]) throw new AppError('invalid', `${IMAP_OPTION[err.field]}: ${err.message}`, { field: err.field });
        throw err;
      }
      await withDeps(io, async (deps) => {
        const view = await connectImapMailbox(deps, LOCAL_OPERATOR, input);
        if (o.json) return printJson(io.stdout, view);
        io.stdout.write(`connected ${view.username} on ${view.host}:${view.port}, folder ${view.mailbox}; polled every ${view.intervalMinutes} min (cadence mail imap sync polls now)\n`);
      });
    });
  imap
    .command('status')
    .description('the mailbox’s last poll: when, seen, logged, skipped by reason, the last error')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const view = await getImapMailboxStatus(deps);
        if (o.json) return printJson(io.stdout, view);
        io.stdout.write(`${view ? describeMailbox(view) : 'No IMAP mailbox is connected (cadence mail imap connect --host … --username … --password-file …)'}\n`);
      });
    });
  imap
    .command('sync')
    .description('poll the mailbox now')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withDeps(io, async (deps) => {
        const r = await syncImapMailbox(deps);
        if (o.json) return printJson(io.stdout, r);
        if (r.status === 'not_connected') throw new AppError('invalid', 'no IMAP mailbox is connected: cadence mail imap connect --host … --username … --password-file …');
        const reasons = Object.entries(r.counts.reasons)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ');
        // Which accounts got the mail, as Settings → IMAP mailbox shows after "Sync now": what an admin checks next.
        const filed = r.accounts.map((a) => `  ${a.name} (${a.logged} ${a.logged === 1 ? 'mail' : 'mails'})`);
        const lines = [`${r.status}: ${r.counts.seen} seen, ${r.counts.logged} logged, ${r.counts.skipped} skipped${reasons ? ` (${reasons})` : ''}`, ...(filed.length ? ['Filed to:', ...filed] : []), ...(r.error ? [r.error] : [])];
        io.stdout.write(`${lines.join('\n')}\n`);
        if (r.status === 'failed' || r.status === 'needs_reauth') process.exitCode = 1;
      });
    });
}
