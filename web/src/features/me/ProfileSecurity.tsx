import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, type Page } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import type { SessionItem } from '../../../../src/server/routes/users.schema.ts';
import '../accounts/csm-forms.css';

/** A browser's user-agent in words a person recognises ("Chrome on Linux"), the raw string kept in the title. */
export function deviceName(userAgent: string | null): string {
  if (!userAgent) return 'An unknown browser';
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /Firefox\//.test(userAgent)
      ? 'Firefox'
      : /Chrome\/|Chromium\//.test(userAgent)
        ? 'Chrome'
        : /Safari\//.test(userAgent)
          ? 'Safari'
          : /curl|node|undici|python|Go-http/i.test(userAgent)
            ? 'A script'
            : 'A browser';
  const os = /Windows/.test(userAgent) ? 'Windows' : /Mac OS X|Macintosh/.test(userAgent) ? 'macOS' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  return os ? `${browser} on ${os}` : browser;
}

/** Where you are signed in: each browser with when it signed in and was last seen; sign out any but this one. */
export function SignedInDevices() {
  const client = useQueryClient();
  const sessions = useQuery({ queryKey: ['my-sessions'], queryFn: () => api<Page<SessionItem>>('GET', '/api/sessions') });
  const [notice, setNotice] = useState<string | null>(null);
  const end = useMutation({
    mutationFn: (s: SessionItem) => api('DELETE', `/api/sessions/${s.id}`),
    onSuccess: (_, s) => {
      setNotice(`${deviceName(s.userAgent)} is signed out.`);
      void client.invalidateQueries({ queryKey: ['my-sessions'] });
    },
  });
  return (
    <section className="settings-form" aria-labelledby="devices-h">
      <h2 id="devices-h">Signed-in devices</h2>
      <p className="hint">Each browser signed in as you. A session ends after 12 hours without use, and 14 days after sign-in at the latest.</p>
      {sessions.isPending ? (
        <Loading what="your devices" />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} />
      ) : sessions.data.items.length === 0 ? (
        <Empty>No browser is signed in as you (you are using an API token).</Empty>
      ) : (
        <ul className="session-list" aria-label="Your sessions">
          {sessions.data.items.map((s) => (
            <li key={s.id} data-testid="session">
              <strong title={s.userAgent ?? undefined}>{deviceName(s.userAgent)}</strong>
              {s.current && <span className="badge">this browser</span>}
              <small className="muted">
                signed in {formatInstant(s.createdAt)} · last seen {formatInstant(s.lastSeenAt)}
              </small>
              {!s.current && (
                <button type="button" className="link" onClick={() => end.mutate(s)} disabled={end.isPending} aria-label={`Sign out ${deviceName(s.userAgent)}, signed in ${formatInstant(s.createdAt)}`}>
                  Sign out
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <p role="status" className="hint">
        {notice}
      </p>
      {end.isError && (
        <p className="error" role="alert">
          {problemOf(end.error).message}
        </p>
      )}
    </section>
  );
}

/** Change your password: the current one proves it is you; every other device is signed out. */
export function ChangePassword() {
  const client = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: () => api<{ sessionsEnded: number }>('POST', '/api/session/password', { currentPassword: current, newPassword: next }),
    onSuccess: (r) => {
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(`Password changed. ${r.sessionsEnded === 0 ? 'No other device was signed in.' : `${r.sessionsEnded} other device${r.sessionsEnded === 1 ? ' was' : 's were'} signed out.`}`);
      void client.invalidateQueries({ queryKey: ['my-sessions'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setDone(null);
    if (!current) return setProblem({ field: 'currentPassword', message: 'Type your current password.' });
    if (next !== again) return setProblem({ field: 'again', message: 'The two new passwords differ.' });
    change.mutate();
  }
  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="password-h">
      <h2 id="password-h">Change your password</h2>
      <div className="field-grid">
        <label htmlFor="pw-current">Current password</label>
        <span>
          <input id="pw-current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} {...invalidProps(problem, 'currentPassword', 'pw-current')} />
          <FieldError problem={problem} field="currentPassword" id="pw-current" />
        </span>
        <label htmlFor="pw-new">New password</label>
        <span>
          <input id="pw-new" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} {...invalidProps(problem, 'newPassword', 'pw-new')} />
          <FieldError problem={problem} field="newPassword" id="pw-new" />
        </span>
        <label htmlFor="pw-again">New password again</label>
        <span>
          <input id="pw-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} {...invalidProps(problem, 'again', 'pw-again')} />
          <FieldError problem={problem} field="again" id="pw-again" />
        </span>
      </div>
      <FormError problem={problem} fields={['currentPassword', 'newPassword', 'again']} />
      <p className="hint">Your other devices are signed out when it changes; this one stays signed in.</p>
      <div className="buttons">
        <button type="submit" className="primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
      <p role="status" className={done ? 'notice' : 'visually-hidden'}>
        {done}
      </p>
    </form>
  );
}
