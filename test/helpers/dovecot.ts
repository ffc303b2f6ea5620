/**
 * A real IMAP server for the mail-capture tests: Debian's Dovecot (dovecot-imapd, 2.3), started
 * unprivileged on a free loopback port with a temporary config, passwd-file and Maildir, and what
 * "the other side" does to the mailbox (deliver a message: IMAP APPEND, RFC 9051 §6.3.12; recreate
 * the folder, which gives it a new UIDVALIDITY). Dovecot's docs: https://doc.dovecot.org/2.3/
 * (configuration_manual/authentication/passwd_file, mail_location/maildir).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';

const DOVECOT = '/usr/sbin/dovecot';

/** Why Dovecot cannot run here, or null when it can. */
export function dovecotMissing(): string | null {
  return existsSync(DOVECOT) ? null : `Dovecot is not installed (${DOVECOT}; apt-get install dovecot-imapd)`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Delivers a raw message into a folder, as the mail server would. */
  deliver(raw: string | Buffer, folder?: string): Promise<void>;
  /** Deletes (when there) and creates a folder: its UIDVALIDITY changes and its UIDs start again. */
  recreate(folder: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-dovecot-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'capture';
  const password = 'capture-secret';
  const passwd = path.join(dir, 'passwd');
  writeFileSync(passwd, `${user}:{PLAIN}${password}\n`);
  for (const d of ['run', 'state', 'mail']) mkdirSync(path.join(dir, d));
  // Mail processes never run as root: the mailbox belongs to nobody when the test runs as root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(path.join(dir, 'mail'), 65534, 65534);
  const who = asRoot ? { user: 'nobody', group: 'nogroup' } : { user: process.env.USER ?? 'nobody', group: process.env.USER ?? 'nogroup' };
  const config = path.join(dir, 'dovecot.conf');
  writeFileSync(
    config,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A refused login is answered at once: the tests refuse logins on purpose, and Dovecot's 2 s delay
# per failure was waited out each time.
auth_failure_delay = 0
default_login_user = ${who.user}
default_internal_user = ${who.user}
default_internal_group = ${who.group}
first_valid_uid = 0
mail_location = maildir:${dir}/mail/%u
# A throwaway mailbox: no fsync of each message delivered and each folder made.
mail_fsync = never
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${passwd}
}
userdb {
  driver = static
  args = ${asRoot ? 'uid=nobody gid=nogroup ' : ''}home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
  # No auth penalty: every login comes from 127.0.0.1, so after the tests' refused logins Dovecot
  # held each later login from there, good or bad, 2, 4, 8 then 15 s (mail-imap.test.ts: 12 s of
  # waiting in one test). The auth process cannot open this socket and runs without penalties.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`,
  );
  // The master daemonises and its child keeps inherited pipes open: no pipes, or spawnSync would wait for ever.
  const r = spawnSync(DOVECOT, ['-c', config], { stdio: 'ignore', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`Dovecot did not start (exit ${r.status}): ${existsSync(`${dir}/dovecot.log`) ? readFileSync(`${dir}/dovecot.log`, 'utf8') : ''}`);
  const client = () => new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
  const started = Date.now();
  for (;;) {
    const c = client();
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.logout();
      break;
    } catch {
      if (Date.now() - started > 15_000) throw new Error(`Dovecot did not answer on 127.0.0.1:${port}: ${readFileSync(`${dir}/dovecot.log`, 'utf8')}`);
      await new Promise((res) => setTimeout(res, 100));
    }
  }
  const withClient = async (use: (c: ImapFlow) => Promise<void>) => {
    const c = client();
    c.on('error', () => undefined);
    await c.connect();
    try {
      await use(c);
    } finally {
      await c.logout();
    }
  };
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    deliver: (raw, folder = 'INBOX') =>
      withClient(async (c) => {
        await c.append(folder, raw);
      }),
    recreate: (folder) =>
      withClient(async (c) => {
        if ((await c.list()).some((b) => b.path === folder)) await c.mailboxDelete(folder);
        await c.mailboxCreate(folder);
      }),
    async stop() {
      spawnSync(DOVECOT, ['-c', config, 'stop'], { stdio: 'ignore', timeout: 30_000 });
      const pidFile = path.join(dir, 'run', 'master.pid');
      for (let i = 0; i < 100 && existsSync(pidFile); i += 1) await new Promise((res) => setTimeout(res, 50));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
