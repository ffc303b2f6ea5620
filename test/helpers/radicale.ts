/**
 * A real CalDAV server for the calendar-sync tests: Debian's Radicale (3.1), started on a free
 * loopback port with a temporary storage folder, and what "the other side" (the CSM in their
 * calendar app) does to it: create a calendar, put and delete events, delete a calendar.
 * Radicale's docs: https://radicale.org/v3.html (storage, auth types none and htpasswd).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PYTHON = '/usr/bin/python3';

/** Why Radicale cannot run here, or null when it can. */
export function radicaleMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import radicale'], { encoding: 'utf8' });
  return r.status === 0 ? null : `Radicale is not installed (${PYTHON} -m radicale fails; apt-get install radicale)`;
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

export interface Radicale {
  url: string;
  /** For htpasswd servers: change a user's password (the old one is refused from then on). */
  setPassword(user: string, password: string): void;
  stop(): Promise<void>;
}

/** Starts Radicale; `users` switches to htpasswd (plain) auth with these passwords, else any password passes. */
export async function startRadicale(options: { users?: Record<string, string> } = {}): Promise<Radicale> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cadence-radicale-'));
  const port = await freePort();
  const htpasswd = path.join(dir, 'htpasswd');
  const users = { ...(options.users ?? {}) };
  const writeUsers = () =>
    writeFileSync(
      htpasswd,
      Object.entries(users)
        .map(([u, p]) => `${u}:${p}\n`)
        .join(''),
    );
  // --auth-delay 0: Radicale sleeps 0.5–1.5 s before each 401 by default, and the tests refuse passwords on purpose.
  const auth = options.users ? ['--auth-type', 'htpasswd', '--auth-htpasswd-filename', htpasswd, '--auth-htpasswd-encryption', 'plain', '--auth-delay', '0'] : ['--auth-type', 'none'];
  if (options.users) writeUsers();
  const child: ChildProcess = spawn(PYTHON, ['-m', 'radicale', '--storage-filesystem-folder', path.join(dir, 'collections'), '--server-hosts', `127.0.0.1:${port}`, ...auth], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}/`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Radicale exited at start: ${stderr}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) });
      break;
    } catch {
      if (Date.now() - started > 15_000) throw new Error(`Radicale did not answer on ${url}: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    setPassword(user, password) {
      users[user] = password;
      writeUsers();
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The CSM's side: their calendar app talking to the same server with their credentials. */
export function calendarApp(server: Radicale, user: string, password = 'x') {
  const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const at = (p: string) => new URL(p, server.url).href;
  const call = async (method: string, p: string, body?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(at(p), { method, headers: { authorization: auth, ...headers }, body });
    return { status: res.status, text: await res.text(), etag: res.headers.get('etag') };
  };
  return {
    calendarUrl: (name: string) => at(`/${user}/${name}/`),
    async makeCalendar(name: string): Promise<string> {
      const r = await call('MKCALENDAR', `/${user}/${name}/`);
      if (r.status !== 201) throw new Error(`MKCALENDAR answered ${r.status}: ${r.text}`);
      return at(`/${user}/${name}/`);
    },
    async deleteCalendar(name: string): Promise<void> {
      await call('DELETE', `/${user}/${name}/`);
    },
    async put(calendar: string, file: string, ics: string): Promise<number> {
      return (await call('PUT', `/${user}/${calendar}/${file}`, ics, { 'content-type': 'text/calendar; charset=utf-8' })).status;
    },
    async get(href: string): Promise<{ status: number; text: string }> {
      return call('GET', href);
    },
    async delete(calendar: string, file: string): Promise<number> {
      return (await call('DELETE', `/${user}/${calendar}/${file}`)).status;
    },
    /** Every object of a calendar with its text (a Depth 1 calendar-query). */
    async list(calendar: string): Promise<{ href: string; ics: string }[]> {
      const r = await call(
        'REPORT',
        `/${user}/${calendar}/`,
        '<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"/></c:filter></c:calendar-query>',
        { depth: '1', 'content-type': 'application/xml' },
      );
      const out: { href: string; ics: string }[] = [];
      for (const m of r.text.matchAll(/<href>([^<]+)<\/href>[\s\S]*?<C:calendar-data>([\s\S]*?)<\/C:calendar-data>/g)) {
        out.push({
          href: m[1]!,
          ics: m[2]!
            .replace(/&#13;/g, '\r')
            .replace(/\r?\n[ \t]/g, '')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&amp;/g, '&'),
        });
      }
      return out;
    },
  };
}

/** An event as a calendar app writes it (CRLF lines, UTC times unless a TZID is given). */
export function eventIcs(e: {
  uid: string;
  start: string;
  end?: string;
  summary?: string;
  organiser?: string;
  attendees?: string[];
  location?: string;
  description?: string;
  status?: string;
  sequence?: number;
  rrule?: string;
  exdates?: string[];
  tzid?: string;
  allDay?: boolean;
  extra?: string[];
}): string {
  const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d+/, '');
  const time = (name: string, iso: string) => (e.allDay ? `${name};VALUE=DATE:${iso.replace(/-/g, '').slice(0, 8)}` : e.tzid ? `${name};TZID=${e.tzid}:${stamp(iso).replace('Z', '')}` : `${name}:${stamp(iso)}`);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Test//Calendar app//EN', 'BEGIN:VEVENT', `UID:${e.uid}`, 'DTSTAMP:20261101T000000Z', time('DTSTART', e.start)];
  if (e.end) lines.push(time('DTEND', e.end));
  lines.push(`SUMMARY:${e.summary ?? 'Call'}`);
  if (e.organiser) lines.push(`ORGANIZER:mailto:${e.organiser}`);
  for (const a of e.attendees ?? []) lines.push(`ATTENDEE;CN=${a.split('@')[0]};PARTSTAT=NEEDS-ACTION:mailto:${a}`);
  if (e.location) lines.push(`LOCATION:${e.location}`);
  if (e.description) lines.push(`DESCRIPTION:${e.description}`);
  if (e.status) lines.push(`STATUS:${e.status}`);
  if (e.sequence !== undefined) lines.push(`SEQUENCE:${e.sequence}`);
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  for (const x of e.exdates ?? []) lines.push(time('EXDATE', x));
  lines.push(...(e.extra ?? []), 'END:VEVENT', 'END:VCALENDAR', '');
  return lines.join('\r\n');
}
