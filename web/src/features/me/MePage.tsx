import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useSession } from '../../app/session';
import { api, ApiError } from '../../lib/api-client';
import type { CalendarFeed } from '../../../../src/server/routes/calendar.schema.ts';
import type { DigestSettings } from '../../../../src/domain/digests/digests.ts';
import { ChangePassword, SignedInDevices } from './ProfileSecurity';

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Cadence could not be reached');

/** The signed-in user's own page: their calendar feed, digests, password and signed-in devices. */
export default function MePage() {
  const { user } = useSession();
  return (
    <section className="settings">
      <div className="toolbar">
        <h1>Your profile and calendar feed</h1>
      </div>
      <p className="hint">
        Signed in as {user.name} ({user.email}). Times are shown in {user.timezone.replace(/_/g, ' ')}.
      </p>
      <CalendarFeed />
      <Digests />
      <ChangePassword />
      <SignedInDevices />
    </section>
  );
}

/** Your digests: the daily one at your morning, the weekly one on Monday (managers); each switched off here. */
function Digests() {
  const { user } = useSession();
  const client = useQueryClient();
  const settings = useQuery({ queryKey: ['digest-settings'], queryFn: () => api<DigestSettings>('GET', '/api/digest-settings') });
  const [status, setStatus] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (patch: Partial<DigestSettings>) => api<DigestSettings>('PATCH', '/api/digest-settings', patch),
    onSuccess: (s) => {
      client.setQueryData(['digest-settings'], s);
      setStatus('Saved.');
    },
    onError: (e) => setStatus(errorText(e)),
  });
  if (!settings.data) return null;
  const s = settings.data;
  return (
    <section className="card" aria-labelledby="digests-h">
      <h2 id="digests-h">Digests</h2>
      <label>
        <input type="checkbox" checked={s.daily} onChange={(e) => save.mutate({ daily: e.target.checked })} /> Daily digest at {s.localTime} ({(s.timezone ?? user.timezone).replace(/_/g, ' ')}): today&apos;s calls, follow-ups owed, agendas
        to send, overdue items
      </label>
      <br />
      <label>
        <input type="checkbox" checked={s.weekly} onChange={(e) => save.mutate({ weekly: e.target.checked })} /> Weekly digest on Monday morning: adherence, SLA misses, new risks, renewals in 90 days
      </label>
      <br />
      <label htmlFor="digest-time">Time</label> <input id="digest-time" type="time" defaultValue={s.localTime} onBlur={(e) => e.target.value && e.target.value !== s.localTime && save.mutate({ localTime: e.target.value })} />
      <p role="status">{status}</p>
    </section>
  );
}

/**
 * A secret URL calendar apps subscribe to. Cadence keeps only a hash of it, so it is shown once:
 * making a new one stops the old one working.
 */
function CalendarFeed() {
  const [url, setUrl] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const create = useMutation({
    mutationFn: () => api<CalendarFeed>('POST', '/api/calendar-feed'),
    onSuccess: (r) => {
      setUrl(r.url);
      setStatus('A new feed URL is ready. Any older one has stopped working.');
    },
  });
  const revoke = useMutation({
    mutationFn: () => api('DELETE', '/api/calendar-feed'),
    onSuccess: () => {
      setUrl(null);
      setStatus('Your calendar feed is revoked: calendar apps subscribed to it get nothing more.');
    },
  });

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setStatus('Copied to the clipboard.');
    } catch {
      // Without clipboard permission, leave the URL selected for Ctrl+C.
      inputRef.current?.select();
      setStatus('Select the URL and copy it (Ctrl+C).');
    }
  }

  const busy = create.isPending || revoke.isPending;
  return (
    <section className="settings-form" aria-labelledby="feed-h">
      <h2 id="feed-h">Calendar feed</h2>
      <p>Subscribe to your Cadence calls (30 days back, 90 days ahead) in Google Calendar, Outlook or Apple Calendar.</p>
      {url && (
        <div className="feed-url">
          <label htmlFor="feed-url" className="visually-hidden">
            Calendar feed URL
          </label>
          <input id="feed-url" ref={inputRef} type="text" readOnly value={url} onFocus={(e) => e.target.select()} />
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>
        </div>
      )}
      {url && <p className="hint">This URL is shown only once and works without signing in: keep it private.</p>}
      <div className="buttons">
        <button type="button" className="primary" onClick={() => create.mutate()} disabled={busy}>
          {create.isPending ? 'Making the URL…' : 'Create or rotate the feed URL'}
        </button>
        <button type="button" onClick={() => revoke.mutate()} disabled={busy}>
          {revoke.isPending ? 'Revoking…' : 'Revoke the feed'}
        </button>
      </div>
      <p role="status" aria-live="polite" className="hint">
        {status}
      </p>
      {(create.isError || revoke.isError) && (
        <p className="error" role="alert">
          {errorText(create.error ?? revoke.error)}
        </p>
      )}
    </section>
  );
}
