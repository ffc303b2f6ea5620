import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, ApiError } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import { SharedFiles } from '../attachments/SharedFiles';
import { SharedSuccessPlan } from './SharedSuccessPlan';
import './share.css';

import type { CustomerViewAnswer as CustomerView } from '../../../../src/server/routes/share.schema.ts';

const inZone = (iso: string, zone: string, options: Intl.DateTimeFormatOptions) => new Date(iso).toLocaleString(undefined, { ...options, timeZone: zone });

/**
 * The customer's page, opened from the link in the agenda email: no sign-in, only what the
 * share endpoint returns (it leaves out notes, risks, health and internal items).
 */
export default function SharePage() {
  const { token = '' } = useParams();
  const view = useQuery({ queryKey: ['share', token], queryFn: () => api<CustomerView>('GET', `/api/share/${encodeURIComponent(token)}`), retry: false });
  if (view.isPending)
    return (
      <main className="share">
        <p role="status">Loading the agenda…</p>
      </main>
    );
  if (view.isError)
    return (
      <main className="share">
        <h1>This link does not work</h1>
        <p role="alert">{view.error instanceof ApiError ? view.error.message : 'The agenda could not be loaded. Check your connection and try again.'}</p>
      </main>
    );
  const v = view.data;
  // The customer reads times in their own browser's zone; the call's zone is named beside it.
  const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const sections: { title: string; items: CustomerView['agenda'] }[] = [];
  for (const item of v.agenda) {
    const last = sections[sections.length - 1];
    if (last && last.title === item.sectionTitle) last.items.push(item);
    else sections.push({ title: item.sectionTitle, items: [item] });
  }
  return (
    <main className="share">
      <p className="share-account">{v.account.name}</p>
      <h1>{v.meeting.title}</h1>
      <p className="meta">
        <time dateTime={v.meeting.startsAt}>{inZone(v.meeting.startsAt, viewerZone, { dateStyle: 'full', timeStyle: 'short' })}</time>
        {viewerZone !== v.timezone && (
          <span>
            {' '}
            ({inZone(v.meeting.startsAt, v.timezone, { timeStyle: 'short' })} in {v.timezone.replace(/_/g, ' ')})
          </span>
        )}
        {v.meeting.cancelled && <strong className="badge warn">cancelled</strong>}
      </p>
      <section aria-labelledby="share-agenda">
        <h2 id="share-agenda">Agenda</h2>
        {sections.length === 0 ? (
          <p className="empty">The agenda is not ready yet.</p>
        ) : (
          sections.map((s, i) => (
            <div key={`${s.title}-${i}`} className="share-section">
              <h3>{s.title}</h3>
              <ul>
                {s.items.map((item) => (
                  <li key={item.id} className={item.discussed ? 'discussed' : undefined}>
                    {item.text}
                    {item.addedByCustomer && <span className="badge customer">your topic</span>}
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>
      <section aria-labelledby="share-actions">
        <h2 id="share-actions">Your action items</h2>
        {v.actionItems.length === 0 ? (
          <p className="empty">No open action items on your side.</p>
        ) : (
          <ul className="share-actions">
            {v.actionItems.map((a) => (
              <li key={a.id}>
                {a.text}
                <small>
                  {a.ownerName}
                  {a.dueDate ? ` · due ${formatDate(a.dueDate)}` : ''}
                  {a.status === 'done' ? ' · done' : ''}
                </small>
                {a.status === 'open' && <MarkDone token={token} item={a} />}
              </li>
            ))}
          </ul>
        )}
      </section>
      <SharedSuccessPlan token={token} />
      <SharedFiles token={token} files={v.attachments} canSend={!v.meeting.cancelled} />
      {!v.meeting.cancelled && <ProposeTopic token={token} />}
      <p className="hint">This link works until {inZone(v.expiresAt, viewerZone, { dateStyle: 'medium' })}.</p>
    </main>
  );
}

function ProposeTopic({ token }: { token: string }) {
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const propose = useMutation({
    mutationFn: () => api('POST', `/api/share/${encodeURIComponent(token)}/topics`, { text: text.trim(), ...(name.trim() ? { name: name.trim() } : {}) }),
    onSuccess: () => {
      setText('');
      setError(null);
      void client.invalidateQueries({ queryKey: ['share', token] });
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Your topic could not be sent. Check your connection and try again.'),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const t = text.trim();
    if (t.length < 3) return setError('Please write at least 3 characters.');
    if (t.length > 500) return setError('Please keep it under 500 characters.');
    propose.mutate();
  }
  return (
    <section aria-labelledby="share-propose">
      <h2 id="share-propose">Propose a topic</h2>
      <form className="propose" onSubmit={submit} noValidate>
        <label htmlFor="topic-text">Your topic</label>
        <textarea id="topic-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={500} aria-invalid={!!error} aria-describedby={error ? 'topic-error' : 'topic-help'} />
        <p id="topic-help" className="hint">
          {text.trim().length}/500 characters
        </p>
        <label htmlFor="topic-name">Your name (optional)</label>
        <input id="topic-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoComplete="name" />
        {error && (
          <p id="topic-error" className="error" role="alert">
            {error}
          </p>
        )}
        {propose.isSuccess && !error && (
          <p className="notice" role="status">
            Thank you: your topic is on the agenda.
          </p>
        )}
        <button type="submit" className="primary" disabled={propose.isPending}>
          {propose.isPending ? 'Sending…' : 'Add to the agenda'}
        </button>
      </form>
    </section>
  );
}

/** The customer ticks off one of their items, with an optional comment; the CSM sees it on the timeline and in the next agenda. */
function MarkDone({ token, item }: { token: string; item: CustomerView['actionItems'][number] }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const done = useMutation({
    mutationFn: () => api('POST', `/api/share/${encodeURIComponent(token)}/action-items/${encodeURIComponent(item.id)}/done`, comment.trim() ? { comment: comment.trim() } : {}),
    onSuccess: () => {
      setOpen(false);
      setError(null);
      void client.invalidateQueries({ queryKey: ['share', token] });
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'This could not be saved. Check your connection and try again.'),
  });
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={`Mark done: ${item.text}`}>
        Mark done
      </button>
    );
  const id = `done-comment-${item.id}`;
  return (
    <form
      className="mark-done"
      aria-label={`Mark done: ${item.text}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (comment.trim().length > 1000) return setError('Please keep the comment under 1000 characters.');
        done.mutate();
      }}
    >
      <label htmlFor={id}>Comment (optional)</label>
      <input id={id} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={done.isPending}>
        {done.isPending ? 'Saving…' : 'Done'}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
