import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useSession } from '../../app/session';
import { api, ApiError } from '../../lib/api-client';
import type { CalendarFeed } from '../../../../src/server/routes/calendar.schema.ts';

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Cadence could not be reached');

/** The signed-in user's own page: their profile and their calendar feed. */
export default function MePage() {
  const { user } = useSession();
  return (
    <section className="settings">
      <div className="toolbar">
        <h1>Your calendar feed</h1>
      </div>
      <p className="hint">
        Signed in as {user.name} ({user.email}). Times are shown in {user.timezone.replace(/_/g, ' ')}.
      </p>
      <CalendarFeed />
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
