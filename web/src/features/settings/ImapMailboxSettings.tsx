import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatInstant, label } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from './form-errors';
import { MAIL_SKIP_REASON_WORDS } from './calendar-mail-status';
import type { ImapMailboxView, ImapSyncResult } from '../../../../src/services/mail-capture/imap-capture.ts';

const MAILBOX_KEY = ['settings', 'mail-capture', 'imap'] as const;
const FIELDS = ['host', 'port', 'tls', 'username', 'password', 'mailbox'];

const STATUS_WORDS: Record<ImapMailboxView['status'], string> = { new: 'not polled yet', ok: 'polling', failing: 'failing', needs_reauth: 'connect again' };

/** The server prefixes a refusal with the field it names; next to that field the prefix only repeats the label. */
const withoutFieldPrefix = (p: FieldProblem | null): FieldProblem | null => (p?.field ? { ...p, message: p.message.replace(new RegExp(`^${p.field}: `), '') } : p);

function skippedInWords(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${MAIL_SKIP_REASON_WORDS[reason] ?? label(reason)} (${n})`)
    .join(', ');
}

/** Admins only: the workspace's own mailbox that Cadence reads over IMAP, for mail that reaches it without the capture address. */
export function ImapMailboxSettings() {
  const mailbox = useQuery({ queryKey: MAILBOX_KEY, queryFn: () => api<{ mailbox: ImapMailboxView | null }>('GET', '/api/settings/mail-capture/imap') });
  const [reconnecting, setReconnecting] = useState(false);
  const current = mailbox.data?.mailbox ?? null;
  return (
    <section className="settings-form imap-mailbox" aria-labelledby="imap-h">
      <h2 id="imap-h">Capture mailbox (IMAP)</h2>
      <p className="hint">Cadence can also read a mailbox of yours (e.g. a shared customer-success inbox) every few minutes: each customer mail in it is logged on its account, as if it had been sent to the capture address.</p>
      {mailbox.isPending ? (
        <Loading what="the capture mailbox" />
      ) : mailbox.isError ? (
        <ErrorState error={mailbox.error} />
      ) : (
        <>
          {current ? <MailboxCard mailbox={current} onReconnect={() => setReconnecting(true)} /> : <p className="empty">No mailbox connected.</p>}
          {(!current || reconnecting) && <ImapForm key={current ? 'again' : 'new'} initial={reconnecting ? current : null} onDone={() => setReconnecting(false)} />}
        </>
      )}
    </section>
  );
}

function MailboxCard({ mailbox: m, onReconnect }: { mailbox: ImapMailboxView; onReconnect: () => void }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ImapSyncResult | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const title = `${m.username} on ${m.host}`;
  const sync = useMutation({
    mutationFn: () => api<ImapSyncResult>('POST', '/api/settings/mail-capture/imap/sync'),
    onMutate: () => {
      setProblem(null);
      setResult(null);
    },
    onSuccess: (r) => {
      setResult(r);
      void client.invalidateQueries({ queryKey: MAILBOX_KEY });
      void client.invalidateQueries({ queryKey: ['settings', 'mail-capture'], exact: true });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const remove = useMutation({
    mutationFn: () => api<void>('DELETE', '/api/settings/mail-capture/imap'),
    onSuccess: () => void client.invalidateQueries({ queryKey: MAILBOX_KEY }),
    onError: (e) => setProblem(problemOf(e)),
  });
  return (
    <div className="connection" aria-labelledby="imap-card-h">
      <h3 id="imap-card-h">
        {title} <span className={`badge ${m.status === 'ok' ? 'ok' : m.status === 'new' ? '' : 'warn'}`}>{STATUS_WORDS[m.status]}</span>
      </h3>
      {m.status === 'needs_reauth' && (
        <div className="reauth-banner" role="alert">
          <p>The mail server no longer accepts the password for {m.username}: no mail is read until you connect again.</p>
          <button type="button" className="primary" onClick={onReconnect}>
            Connect again
          </button>
        </div>
      )}
      <dl className="connection-facts">
        <div>
          <dt>Server</dt>
          <dd className="wrap">
            {m.host}:{m.port} {m.tls ? '(TLS)' : '(no TLS)'}
          </dd>
        </div>
        <div>
          <dt>Folder</dt>
          <dd className="wrap">{m.mailbox}</dd>
        </div>
        <div>
          <dt>Last successful poll</dt>
          <dd>{m.lastSuccessAt ? formatInstant(m.lastSuccessAt) : 'never'}</dd>
        </div>
        <div>
          <dt>Next poll</dt>
          <dd>{m.status === 'needs_reauth' ? 'after you connect again' : m.nextSyncAt ? formatInstant(m.nextSyncAt) : 'within a few minutes'}</dd>
        </div>
        <div>
          <dt>Every</dt>
          <dd>{m.intervalMinutes} minutes</dd>
        </div>
      </dl>
      {m.lastCounts ? (
        <p className="hint">
          Last poll: {m.lastCounts.seen} read, {m.lastCounts.logged} logged, {m.lastCounts.skipped} skipped{m.lastCounts.skipped > 0 ? ` (${skippedInWords(m.lastCounts.reasons)})` : ''}.
        </p>
      ) : (
        <p className="hint">Not polled yet.</p>
      )}
      {m.lastError && (
        <p className="last-error">
          <strong>Last problem:</strong> {m.lastError}
        </p>
      )}
      <div className="buttons">
        <button type="button" disabled={sync.isPending || m.status === 'needs_reauth'} onClick={() => sync.mutate()} aria-label={`Sync now: ${title}`}>
          {sync.isPending ? 'Syncing…' : 'Sync now'}
        </button>
        <button type="button" onClick={onReconnect}>
          Change settings
        </button>
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Disconnect ${title}?`}>
            Disconnect? The mails it logged stay on their accounts.
            <button type="button" className="danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
              Yes, disconnect
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)} aria-label={`Disconnect ${title}`}>
            Disconnect
          </button>
        )}
      </div>
      {result && <SyncOutcome result={result} />}
      <FormError problem={problem} fields={[]} />
    </div>
  );
}

/** What "Sync now" did: how many mails were captured, and on which accounts, each a link to it. */
function SyncOutcome({ result: r }: { result: ImapSyncResult }) {
  if (r.status === 'busy') return <p role="status">Another poll of this mailbox is running; its result shows here when it is done.</p>;
  const failed = r.status !== 'ok';
  const mails = (n: number) => `${n} ${n === 1 ? 'mail' : 'mails'}`;
  return (
    <div role="status" className="sync-outcome">
      <p className={failed ? 'last-error' : undefined}>
        {failed ? `The poll stopped: ${r.error ?? 'no reason given'} ` : ''}
        {r.counts.seen === 0 ? 'No new mail.' : `${mails(r.counts.seen)} read: ${r.counts.logged} captured, ${r.counts.skipped} skipped${r.counts.skipped > 0 ? ` (${skippedInWords(r.counts.reasons)})` : ''}.`}
      </p>
      {r.accounts.length > 0 && (
        <p>
          Filed to:{' '}
          {r.accounts.map((a, i) => (
            <span key={a.id}>
              {i > 0 && ', '}
              <Link to={`/accounts/${encodeURIComponent(a.id)}/timeline`}>{a.name}</Link> ({mails(a.logged)})
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

/** Server, port, TLS, login and folder: Cadence logs in and opens the folder before saving, so a wrong password is refused here, in words. */
function ImapForm({ initial, onDone }: { initial: ImapMailboxView | null; onDone: () => void }) {
  const client = useQueryClient();
  const [host, setHost] = useState(initial?.host ?? '');
  const [port, setPort] = useState(String(initial?.port ?? 993));
  const [tls, setTls] = useState(initial?.tls ?? true);
  const [username, setUsername] = useState(initial?.username ?? '');
  const [password, setPassword] = useState('');
  const [folder, setFolder] = useState(initial?.mailbox ?? 'INBOX');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const connect = useMutation({
    mutationFn: () => api<ImapMailboxView>('PUT', '/api/settings/mail-capture/imap', { host: host.trim(), port: Number(port), tls, username: username.trim(), password, mailbox: folder.trim() }),
    onMutate: () => setProblem(null),
    onSuccess: (m) => {
      client.setQueryData(MAILBOX_KEY, { mailbox: m });
      onDone();
    },
    onError: (e) => setProblem(withoutFieldPrefix(problemOf(e))),
  });
  function toggleTls(on: boolean) {
    setTls(on);
    // The usual ports follow the choice, unless someone typed another.
    if (port === '993' || port === '143') setPort(on ? '993' : '143');
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const portNumber = Number(port);
    if (!host.trim()) return setProblem({ message: 'Enter the IMAP server, e.g. imap.fastmail.com', field: 'host' });
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65_535) return setProblem({ message: 'Enter a port between 1 and 65535 (993 with TLS, 143 without)', field: 'port' });
    if (!username.trim()) return setProblem({ message: 'Enter the user name the mailbox signs in with', field: 'username' });
    if (!password) return setProblem({ message: 'Enter the password (or app password) of the mailbox', field: 'password' });
    if (!folder.trim()) return setProblem({ message: 'Enter the folder to read, e.g. INBOX', field: 'mailbox' });
    connect.mutate();
  }
  const input = (field: string, id: string) => invalidProps(problem, field, id);
  return (
    <form className="caldav-form" aria-labelledby="imap-form-h" onSubmit={submit} noValidate>
      <h3 id="imap-form-h">{initial ? `Connect ${initial.username} again` : 'Connect a mailbox'}</h3>
      <div className="field-grid">
        <label htmlFor="imap-host">IMAP server</label>
        <span>
          <input id="imap-host" value={host} onChange={(e) => setHost(e.target.value)} maxLength={255} placeholder="imap.example.com" {...input('host', 'imap-host')} />
          <FieldError problem={problem} field="host" id="imap-host" />
        </span>
        <label htmlFor="imap-port">Port</label>
        <span>
          <input id="imap-port" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} maxLength={5} size={6} {...input('port', 'imap-port')} />
          <FieldError problem={problem} field="port" id="imap-port" />
        </span>
        <span />
        <label className="checkbox">
          <input type="checkbox" checked={tls} onChange={(e) => toggleTls(e.target.checked)} /> Use TLS (port 993); off for a plain connection (port 143)
        </label>
        <label htmlFor="imap-username">Mailbox user name</label>
        <span>
          <input id="imap-username" value={username} onChange={(e) => setUsername(e.target.value)} maxLength={320} autoComplete="off" {...input('username', 'imap-username')} />
          <FieldError problem={problem} field="username" id="imap-username" />
        </span>
        <label htmlFor="imap-password">Mailbox password</label>
        <span>
          <input id="imap-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} maxLength={1000} autoComplete="new-password" {...input('password', 'imap-password')} />
          <FieldError problem={problem} field="password" id="imap-password" />
        </span>
        <label htmlFor="imap-folder">Folder</label>
        <span>
          <input id="imap-folder" value={folder} onChange={(e) => setFolder(e.target.value)} maxLength={200} {...input('mailbox', 'imap-folder')} />
          <FieldError problem={problem} field="mailbox" id="imap-folder" />
        </span>
      </div>
      <p className="hint">Cadence signs in and opens the folder before saving. The password is stored encrypted and never shown again; use an app password where your provider offers one.</p>
      <div className="buttons">
        <button type="submit" className="primary" disabled={connect.isPending}>
          {connect.isPending ? 'Testing the connection…' : 'Test and connect'}
        </button>
        {initial && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
      <FormError problem={problem} fields={FIELDS} />
    </form>
  );
}
