import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, type Account, type Page } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import { accountTabPath } from '../accounts/account-tabs';
import { connectionNeedsAttention, type CalendarConnection } from '../settings/calendar-mail-status';
import type { UnmatchedEventView } from '../../../../src/services/calendar-sync/connections.ts';

const UNMATCHED_KEY = ['calendar', 'unmatched'] as const;
const CONNECTIONS_KEY = ['calendar', 'connections'] as const;

/** A line for each calendar connection that needs connecting again or has been silent for more than three intervals. */
export function CalendarTrouble() {
  const connections = useQuery({ queryKey: CONNECTIONS_KEY, queryFn: () => api<{ items: CalendarConnection[] }>('GET', '/api/calendar/connections'), refetchInterval: 300_000 });
  const now = new Date();
  const troubles = (connections.data?.items ?? []).map((c) => ({ c, t: connectionNeedsAttention(c, now) })).filter((x) => x.t !== null);
  if (troubles.length === 0) return null;
  return (
    <ul className="calendar-trouble" aria-label="Calendar connections to fix">
      {troubles.map(({ c, t }) => (
        <li key={c.id} className="error">
          {t!.message} <Link to="/settings/calendar-mail">{t!.kind === 'reauth' ? 'Connect again' : 'See the calendar settings'}</Link>
        </li>
      ))}
    </ul>
  );
}

/** Calendar events with outside people that matched no account: assign each to one (remembered) or ignore it for good. */
export function UnmatchedEvents() {
  const events = useQuery({ queryKey: UNMATCHED_KEY, queryFn: () => api<{ items: UnmatchedEventView[] }>('GET', '/api/calendar/unmatched') });
  const [done, setDone] = useState<{ text: string; accountId?: string } | null>(null);
  if (!events.data || (events.data.items.length === 0 && !done)) return null;
  return (
    <section aria-labelledby="unmatched-h" className="card unmatched-events">
      <h2 id="unmatched-h">Calendar events with no account</h2>
      <p className="hint">These meetings have people from outside, but Cadence could not tell whose account they are. Assign one and every later sync keeps it there; ignore one and it is not asked again.</p>
      {done && (
        <p role="status" className="notice">
          {done.text} {done.accountId && <Link to={accountTabPath(done.accountId, 'meetings')}>Open its Meetings tab</Link>}
        </p>
      )}
      {events.data.items.length > 0 && (
        <ul className="unmatched-list">
          {events.data.items.map((e) => (
            <UnmatchedEvent key={e.id} event={e} onDone={setDone} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The decided event leaves the list in the same render as the line that says so, not a refetch later. */
function dropFromList(client: QueryClient, eventId: string) {
  client.setQueryData<{ items: UnmatchedEventView[] }>(UNMATCHED_KEY, (old) => (old ? { ...old, items: old.items.filter((x) => x.id !== eventId) } : old));
}

function UnmatchedEvent({ event: e, onDone }: { event: UnmatchedEventView; onDone: (d: { text: string; accountId?: string }) => void }) {
  const client = useQueryClient();
  const [picking, setPicking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Cadence could not be reached');
  const assign = useMutation({
    mutationFn: async (account: { id: string; name: string }) => {
      await api<UnmatchedEventView>('POST', `/api/calendar/unmatched/${encodeURIComponent(e.id)}/assign`, { accountId: account.id });
      // The call is made by the connection's next sync: run it now, so the meeting is on the account when the user looks.
      const sync = await api<{ status: string; error: string | null }>('POST', `/api/calendar/connections/${encodeURIComponent(e.connectionId)}/sync`).catch(() => null);
      return { account, synced: sync?.status === 'ok' };
    },
    onMutate: () => setProblem(null),
    onSuccess: ({ account, synced }) => {
      dropFromList(client, e.id);
      onDone({ text: `“${e.title}” is assigned to ${account.name}${synced ? '; its call is on the account now.' : '; its call comes with the next sync.'}`, accountId: account.id });
      void client.invalidateQueries({ queryKey: UNMATCHED_KEY });
      void client.invalidateQueries({ queryKey: CONNECTIONS_KEY });
      void client.invalidateQueries({ queryKey: ['my-day'] });
    },
    onError: (err) => setProblem(message(err)),
  });
  const ignore = useMutation({
    mutationFn: () => api<UnmatchedEventView>('POST', `/api/calendar/unmatched/${encodeURIComponent(e.id)}/ignore`),
    onMutate: () => setProblem(null),
    onSuccess: () => {
      dropFromList(client, e.id);
      onDone({ text: `“${e.title}” is ignored: later syncs skip it.` });
      void client.invalidateQueries({ queryKey: UNMATCHED_KEY });
    },
    onError: (err) => setProblem(message(err)),
  });
  const headingId = `unmatched-${e.id}`;
  return (
    <li className="unmatched-event" aria-labelledby={headingId}>
      <span className="unmatched-main">
        <strong id={headingId}>{e.title || '(no title)'}</strong>
        <span className="cockpit-meta">
          <time dateTime={e.startsAt}>{formatInstant(e.startsAt)}</time>
          <span>with {e.attendees.join(', ') || 'nobody outside'}</span>
        </span>
      </span>
      <span className="unmatched-actions">
        <button type="button" aria-expanded={picking} onClick={() => setPicking(!picking)} aria-label={`Assign ${e.title} to account…`}>
          Assign to account…
        </button>
        <button type="button" disabled={ignore.isPending} onClick={() => ignore.mutate()} aria-label={`Ignore ${e.title}`}>
          Ignore
        </button>
      </span>
      {picking && <AccountPicker event={e} busy={assign.isPending} onPick={(a) => assign.mutate(a)} />}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

/** Search the book of business by name or domain; the accounts that fit equally well (when several did) come first. */
function AccountPicker({ event: e, busy, onPick }: { event: UnmatchedEventView; busy: boolean; onPick: (a: { id: string; name: string }) => void }) {
  const inputId = useId();
  const [q, setQ] = useState('');
  const [term, setTerm] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setTerm(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  const candidates = useQuery({
    queryKey: ['calendar', 'unmatched', e.id, 'candidates'],
    queryFn: () => Promise.all(e.candidates.slice(0, 5).map((id) => api<Account>('GET', `/api/accounts/${encodeURIComponent(id)}`).catch(() => null))),
    enabled: e.candidates.length > 0,
  });
  const found = useQuery({ queryKey: ['accounts', 'pick', term], queryFn: () => api<Page<Account>>('GET', `/api/accounts?q=${encodeURIComponent(term)}&limit=8`), enabled: term.length > 0 });
  const options = [...(candidates.data ?? []).filter((a): a is Account => a !== null), ...(found.data?.items ?? [])].filter((a, i, all) => all.findIndex((b) => b.id === a.id) === i);
  return (
    <div className="account-picker">
      <label htmlFor={inputId}>Account for “{e.title}”</label>
      <input id={inputId} type="search" value={q} onChange={(ev) => setQ(ev.target.value)} placeholder="Search accounts by name" autoComplete="off" maxLength={200} autoFocus />
      {options.length > 0 ? (
        <ul aria-label={`Accounts to assign ${e.title} to`}>
          {options.map((a) => (
            <li key={a.id}>
              <button type="button" disabled={busy} onClick={() => onPick({ id: a.id, name: a.name })}>
                Assign to {a.name}
              </button>
            </li>
          ))}
        </ul>
      ) : term && found.data ? (
        <p className="hint">No account called “{term}”.</p>
      ) : null}
    </div>
  );
}
