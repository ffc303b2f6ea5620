import { syncDueImapMailbox } from '../services/mail-capture/imap-capture.ts';
import type { JobDefinition } from './runner.ts';

/**
 * The capture mailbox polled over IMAP when one is connected (`cadence mail imap connect`): new
 * messages by UID, each logged or skipped like mail the SMTP receiver takes. Safe on several
 * nodes (a lease on the mailbox: one polls at a time); a refused login stops the polling until an
 * admin connects the mailbox again. A failure is recorded on the mailbox; the job does not fail.
 */
export const mailImapJob: JobDefinition = {
  name: 'mail-imap',
  cron: '* * * * *',
  everyMs: 60_000,
  async run(deps) {
    const r = await syncDueImapMailbox(deps);
    if (!r) return 'mail-imap: nothing due';
    return `mail-imap: ${r.status}, ${r.counts.seen} seen, ${r.counts.logged} logged, ${r.counts.skipped} skipped${r.error ? ` (${r.error})` : ''}`;
  },
};
