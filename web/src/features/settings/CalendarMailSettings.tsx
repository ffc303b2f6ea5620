import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatInstant, label } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from './form-errors';
import { connectionNeedsAttention, MAIL_SKIP_REASON_WORDS, providerName, type CalendarConnection, type CalendarSyncResult } from './calendar-mail-status';
import { ImapMailboxSettings } from './ImapMailboxSettings';
import './calendar-mail.css';
import type { MailCaptureStatus } from '../../../../src/services/mail-capture/mail-capture-status.ts';

const CONNECTIONS_KEY = ['calendar', 'connections'] as const;

/** Where a CSM connects their calendar and finds the mail capture address: each connection's sync status in words. */
export function CalendarMailSettings() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const connected = params.get('connected');
  const oauthError = params.get('error');
  const connections = useQuery({ queryKey: CONNECTIONS_KEY, queryFn: () => api<{ items: CalendarConnection[] }>('GET', '/api/calendar/connections') });
  const [reconnect, setReconnect] = useState<{ url: string; username: string } | null>(null);
  const [connectedNow, setConnectedNow] = useState<string | null>(null);
  return (
    <div className="calendar-mail">
      {(connected || oauthError) && (
        <p className={connected ? 'notice' : 'error'} role={connected ? 'status' : 'alert'}>
          {connected ? `${providerName(connected)} is connected. Its first sync runs now; the status below fills in when it is done.` : `The calendar was not connected: ${oauthError}`}{' '}
          <button type="button" className="link-button" onClick={() => setParams({}, { replace: true })}>
            Dismiss
          </button>
        </p>
      )}
      <section className="settings-form" aria-labelledby="calendars-h">
        <h2 id="calendars-h">Calendars</h2>
        <p className="hint">Cadence reads your calendar to log the calls you have with customers on their accounts, and writes the meetings you schedule in Cadence into it. Each connection is synced on its own every few minutes.</p>
        {connections.isPending ? (
          <Loading what="your calendar connections" />
        ) : connections.isError ? (
          <ErrorState error={connections.error} />
        ) : connections.data.items.length === 0 ? (
          <p className="empty">No calendar connected yet.</p>
        ) : (
          <ul className="connection-list">
            {connections.data.items.map((c) => (
              <ConnectionCard key={c.id} connection={c} onReconnect={() => setReconnect({ url: c.url, username: c.username })} />
            ))}
          </ul>
        )}
        <OAuthButtons />
        <CalDavForm
          key={reconnect ? `${reconnect.url} ${reconnect.username}` : 'new'}
          initial={reconnect}
          onDone={(message) => {
            setConnectedNow(message);
            setReconnect(null);
          }}
        />
        {connectedNow && <p role="status">{connectedNow}</p>}
      </section>
      <MailCapture />
      {user.role === 'admin' && <ImapMailboxSettings />}
    </div>
  );
}

function Counts({ counts }: { counts: NonNullable<CalendarConnection['lastCounts']> }) {
  const reasons = Object.entries(counts.reasons).filter(([, n]) => n > 0);
  return (
    <>
      <dl className="sync-counts">
        <div>
          <dt>Seen</dt>
          <dd>{counts.seen}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{counts.created}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{counts.updated}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd>{counts.skipped}</dd>
        </div>
        <div>
          <dt>Not matched</dt>
          <dd>{counts.unmatched}</dd>
        </div>
        <div>
          <dt>Written to the calendar</dt>
          <dd>{counts.written}</dd>
        </div>
      </dl>
      {reasons.length > 0 && (
        <p className="hint">
          Skipped because:{' '}
          {reasons
            .sort((a, b) => b[1] - a[1])
            .map(([reason, n]) => `${label(reason)} (${n})`)
            .join(', ')}
        </p>
      )}
    </>
  );
}

/** One connection: who and what, when it last worked and runs next, what it did, what went wrong; sync now, connect again, disconnect. */
function ConnectionCard({ connection: c, onReconnect }: { connection: CalendarConnection; onReconnect: () => void }) {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const title = `${providerName(c.provider)} · ${c.username}`;
  const sync = useMutation({
    mutationFn: () => api<CalendarSyncResult>('POST', `/api/calendar/connections/${encodeURIComponent(c.id)}/sync`),
    onMutate: () => {
      setProblem(null);
      setOutcome(null);
    },
    onSuccess: (r) => {
      setOutcome(
        r.status === 'ok'
          ? `Synced: ${r.counts.seen} seen, ${r.counts.created} created, ${r.counts.updated} updated, ${r.counts.skipped} skipped.`
          : r.status === 'busy'
            ? 'A sync of this calendar is already running; its status shows here when it is done.'
            : `The sync did not work: ${r.error ?? 'no reason given'}`,
      );
      void client.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      void client.invalidateQueries({ queryKey: ['calendar', 'unmatched'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const remove = useMutation({
    mutationFn: () => api<void>('DELETE', `/api/calendar/connections/${encodeURIComponent(c.id)}`),
    onSuccess: () => void client.invalidateQueries({ queryKey: CONNECTIONS_KEY }),
    onError: (e) => setProblem(problemOf(e)),
  });
  const attention = connectionNeedsAttention(c, new Date());
  const headingId = `conn-${c.id}-h`;
  return (
    <li className="connection" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {title} <span className={`badge ${c.status === 'ok' ? 'ok' : c.status === 'new' ? '' : 'warn'}`}>{STATUS_WORDS[c.status]}</span>
      </h3>
      {c.status === 'needs_reauth' && (
        <div className="reauth-banner" role="alert">
          <p>
            {providerName(c.provider)} no longer accepts Cadence’s sign-in for {c.username}: nothing is synced until you connect again.
          </p>
          {c.provider === 'caldav' ? (
            <button type="button" className="primary" onClick={onReconnect}>
              Connect again
            </button>
          ) : (
            <OAuthStart provider={c.provider} text="Connect again" />
          )}
        </div>
      )}
      {attention?.kind === 'silent' && <p className="error">{attention.message}</p>}
      <dl className="connection-facts">
        <div>
          <dt>Account</dt>
          <dd>
            {c.username}
            {c.userEmail && c.userEmail !== c.username ? ` (Cadence user ${c.userEmail})` : ''}
          </dd>
        </div>
        <div>
          <dt>Server</dt>
          <dd className="wrap">{c.url}</dd>
        </div>
        <div>
          <dt>Calendars</dt>
          <dd>{c.calendars.length ? c.calendars.map((k) => `${k.name}${k.url === c.writeCalendarUrl ? ' (Cadence writes here)' : ''}`).join(', ') : 'none found yet'}</dd>
        </div>
        <div>
          <dt>Last successful sync</dt>
          <dd>{c.lastSuccessAt ? formatInstant(c.lastSuccessAt) : 'never'}</dd>
        </div>
        <div>
          <dt>Next run</dt>
          <dd>{c.status === 'needs_reauth' ? 'after you connect again' : c.nextSyncAt ? formatInstant(c.nextSyncAt) : 'not planned'}</dd>
        </div>
        <div>
          <dt>Every</dt>
          <dd>{c.intervalMinutes} minutes</dd>
        </div>
      </dl>
      {c.lastCounts ? <Counts counts={c.lastCounts} /> : <p className="hint">Not synced yet.</p>}
      {c.lastError && (
        <p className="last-error">
          <strong>Last problem:</strong> {c.lastError}
        </p>
      )}
      <div className="buttons">
        <button type="button" disabled={sync.isPending || c.status === 'needs_reauth'} onClick={() => sync.mutate()} aria-label={`Sync now: ${title}`}>
          {sync.isPending ? 'Syncing…' : 'Sync now'}
        </button>
        {confirming ? (
          <span className="confirm" role="group" aria-label={`Disconnect ${title}?`}>
            Disconnect? The calls it brought in stay.
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
      {outcome && <p role="status">{outcome}</p>}
      <FormError problem={problem} fields={[]} />
    </li>
  );
}

const STATUS_WORDS: Record<CalendarConnection['status'], string> = { new: 'not synced yet', ok: 'syncing', failing: 'failing', needs_reauth: 'connect again' };

/** Goes to Google's or Microsoft's consent page; a server without that app set up says so in words. */
function OAuthStart({ provider, text }: { provider: string; text: string }) {
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const start = useMutation({
    mutationFn: () => api<{ url: string }>('POST', `/api/calendar/oauth/${encodeURIComponent(provider)}/start`, {}),
    onMutate: () => setProblem(null),
    onSuccess: ({ url }) => window.location.assign(url),
    onError: (e) => setProblem(problemOf(e)),
  });
  return (
    <span className="oauth-start">
      <button type="button" disabled={start.isPending} onClick={() => start.mutate()}>
        {text}
      </button>
      {problem && (
        <span className="field-error" role="alert">
          {/* Until the server has the Google/Microsoft connector, the route is missing: say what that means. */}
          {problem.message.startsWith('request failed (404)') || /route .* not found/i.test(problem.message) ? `${providerName(provider)} calendars cannot be connected on this server yet.` : problem.message.replace(/^provider: /, '')}
        </span>
      )}
    </span>
  );
}

function OAuthButtons() {
  return (
    <div className="oauth-buttons" role="group" aria-label="Connect a Google or Microsoft calendar">
      <OAuthStart provider="google" text="Connect Google" />
      <OAuthStart provider="microsoft" text="Connect Microsoft" />
    </div>
  );
}

/** Any CalDAV server (Fastmail, iCloud with an app password, Nextcloud, Radicale…): the server is asked first, so a wrong URL or password is refused in words. */
function CalDavForm({ initial, onDone }: { initial: { url: string; username: string } | null; onDone: (message: string | null) => void }) {
  const client = useQueryClient();
  const [url, setUrl] = useState(initial?.url ?? '');
  const [username, setUsername] = useState(initial?.username ?? '');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const connect = useMutation({
    mutationFn: () => api<CalendarConnection>('POST', '/api/calendar/connections', { url: url.trim(), username: username.trim(), password }),
    onMutate: () => {
      setProblem(null);
      onDone(null);
    },
    onSuccess: (c) => {
      setUrl('');
      setUsername('');
      setPassword('');
      void client.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      onDone(`Connected ${c.username}: ${c.calendars.length} ${c.calendars.length === 1 ? 'calendar' : 'calendars'} found. Press “Sync now” to bring the events in, or wait for the next run.`);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!url.trim()) return setProblem({ message: 'Enter the address of your CalDAV server, e.g. https://caldav.fastmail.com/', field: 'url' });
    if (!username.trim()) return setProblem({ message: 'Enter the user name you sign in to the calendar with', field: 'username' });
    if (!password) return setProblem({ message: 'Enter the password (or app password) of the calendar', field: 'password' });
    connect.mutate();
  }
  return (
    <form className="caldav-form" aria-labelledby="caldav-h" onSubmit={submit} noValidate>
      <h3 id="caldav-h">{initial ? `Connect ${initial.username} again` : 'Connect a CalDAV calendar'}</h3>
      <div className="field-grid">
        <label htmlFor="caldav-url">Server URL</label>
        <span>
          <input id="caldav-url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} maxLength={2000} placeholder="https://caldav.example.com/" autoComplete="url" {...invalidProps(problem, 'url', 'caldav-url')} />
          <FieldError problem={problem} field="url" id="caldav-url" />
        </span>
        <label htmlFor="caldav-username">User name</label>
        <span>
          <input id="caldav-username" value={username} onChange={(e) => setUsername(e.target.value)} maxLength={320} autoComplete="username" {...invalidProps(problem, 'username', 'caldav-username')} />
          <FieldError problem={problem} field="username" id="caldav-username" />
        </span>
        <label htmlFor="caldav-password">Password</label>
        <span>
          <input id="caldav-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} maxLength={1000} autoComplete="current-password" {...invalidProps(problem, 'password', 'caldav-password')} />
          <FieldError problem={problem} field="password" id="caldav-password" />
        </span>
      </div>
      <p className="hint">The password is checked against the server, stored encrypted and never shown again. Use an app password where your provider offers one.</p>
      <div className="buttons">
        <button type="submit" className="primary" disabled={connect.isPending}>
          {connect.isPending ? 'Connecting…' : initial ? 'Connect again' : 'Connect calendar'}
        </button>
        {initial && (
          <button type="button" onClick={() => onDone(null)}>
            Cancel
          </button>
        )}
      </div>
      <FormError problem={problem} fields={['url', 'username', 'password']} />
    </form>
  );
}

/** The capture address to BCC or forward customer mail to, and what the receiver did with what it got. */
function MailCapture() {
  const status = useQuery({ queryKey: ['settings', 'mail-capture'], queryFn: () => api<MailCaptureStatus>('GET', '/api/settings/mail-capture') });
  const [copied, setCopied] = useState<string | null>(null);
  async function copy(address: string) {
    try {
      await navigator.clipboard.writeText(address);
      setCopied('Copied. Paste it into BCC, or forward a customer mail to it.');
    } catch {
      setCopied('Your browser did not let Cadence copy: select the address and copy it yourself.');
    }
  }
  return (
    <section className="settings-form" aria-labelledby="mail-capture-h">
      <h2 id="mail-capture-h">Mail capture</h2>
      {status.isPending ? (
        <Loading what="mail capture" />
      ) : status.isError ? (
        <ErrorState error={status.error} />
      ) : status.data.address === null ? (
        <p className="empty">Mail capture is off on this server (an admin turns it on with CADENCE_CAPTURE_ADDRESS).</p>
      ) : (
        <>
          <p className="hint">BCC this address on mail with customers, or forward a thread to it: it is logged on the customer’s account (matched by the contact’s address or the company’s domain).</p>
          <p className="capture-address">
            <code id="capture-address">{status.data.address}</code>
            <button type="button" onClick={() => void copy(status.data.address!)} aria-describedby="capture-address">
              Copy address
            </button>
            {copied && <span role="status">{copied}</span>}
          </p>
          {!status.data.receiver && <p className="hint">This server does not receive mail itself (CADENCE_CAPTURE_SMTP_PORT is unset): another node does.</p>}
          <dl className="sync-counts">
            <div>
              <dt>Received</dt>
              <dd>{status.data.seen}</dd>
            </div>
            <div>
              <dt>Logged</dt>
              <dd>{status.data.logged}</dd>
            </div>
            <div>
              <dt>Skipped</dt>
              <dd>{status.data.skipped}</dd>
            </div>
            <div>
              <dt>Failed</dt>
              <dd>{status.data.failed}</dd>
            </div>
          </dl>
          <p>Last mail logged: {status.data.lastLoggedAt ? formatInstant(status.data.lastLoggedAt) : 'none yet'}</p>
          {status.data.reasons.length > 0 && (
            <table className="data">
              <caption>Skipped mails</caption>
              <thead>
                <tr>
                  <th scope="col">Why</th>
                  <th scope="col" className="num">
                    Mails
                  </th>
                  <th scope="col">Last one</th>
                </tr>
              </thead>
              <tbody>
                {status.data.reasons.map((r) => (
                  <tr key={r.reason}>
                    <th scope="row">{MAIL_SKIP_REASON_WORDS[r.reason] ?? label(r.reason)}</th>
                    <td className="num">{r.count}</td>
                    <td>{formatInstant(r.lastAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {status.data.lastError && (
            <p className="last-error">
              <strong>Last problem ({formatInstant(status.data.lastError.at)}):</strong> {status.data.lastError.message}
            </p>
          )}
        </>
      )}
    </section>
  );
}
