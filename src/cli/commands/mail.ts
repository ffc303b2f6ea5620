import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors.ts';
import { getMailCaptureStatus } from '../../services/mail-capture/mail-capture-status.ts';
import { LOCAL_OPERATOR } from '../../services/users/users.ts';
import { withDeps } from '../context.ts';
import { formatTable, printJson } from '../output.ts';
import type { CliIo } from '../io.ts';

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
}
