import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router';
import type { z } from 'zod';
import type { HandoffListSchema, HandoffSchema, IntroPreviewSchema } from '../../../../src/server/routes/handoffs.schema.ts';
import { ErrorState, Loading } from '../../app/states';
import { Button } from '../../components/Button';
import { api, ApiError } from '../../lib/api-client';

type Handoff = z.output<typeof HandoffSchema>;
type HandoffList = z.output<typeof HandoffListSchema>;
type IntroPreview = z.output<typeof IntroPreviewSchema>;

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Cadence could not be reached');

/** Handoffs given to you (/handoffs) and the review page of one (/handoffs/:id). */
export default function HandoffsPage() {
  return (
    <Routes>
      <Route index element={<HandoffList />} />
      <Route path=":id" element={<HandoffReview />} />
    </Routes>
  );
}

function HandoffList() {
  const list = useQuery({ queryKey: ['handoffs', 'me'], queryFn: () => api<HandoffList>('GET', '/api/handoffs?for=me') });
  if (list.isPending) return <Loading what="your handoffs" />;
  if (list.isError) return <ErrorState error={list.error} />;
  const pending = list.data.items.filter((h) => h.status === 'pending_review');
  const reviewed = list.data.items.filter((h) => h.status === 'reviewed');
  return (
    <section className="settings" aria-labelledby="handoffs-h">
      <div className="toolbar">
        <h1 id="handoffs-h">Handoffs</h1>
      </div>
      <p className="hint">Accounts handed to you. Read each handoff note, correct it, and mark it reviewed.</p>
      <h2>To review ({pending.length})</h2>
      {pending.length === 0 ? <p>Nothing to review.</p> : <HandoffRows items={pending} />}
      {reviewed.length > 0 && (
        <>
          <h2>Reviewed</h2>
          <HandoffRows items={reviewed} />
        </>
      )}
    </section>
  );
}

function HandoffRows({ items }: { items: Handoff[] }) {
  return (
    <ul className="handoff-list">
      {items.map((h) => (
        <li key={h.id}>
          <Link to={`/handoffs/${h.id}`}>{h.accountName}</Link> from {h.fromUserName ?? 'no owner'}, {h.createdAt.slice(0, 10)}
          {h.reason ? `: ${h.reason}` : ''}
        </li>
      ))}
    </ul>
  );
}

function HandoffReview() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const handoff = useQuery({ queryKey: ['handoff', id], queryFn: () => api<Handoff>('GET', `/api/handoffs/${encodeURIComponent(id)}`) });
  const [note, setNote] = useState('');
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    if (handoff.data && !editing) setNote(handoff.data.note);
  }, [handoff.data, editing]);
  const refresh = (h: Handoff) => {
    client.setQueryData(['handoff', id], h);
    void client.invalidateQueries({ queryKey: ['handoffs'] });
  };
  const save = useMutation({
    mutationFn: () => api<Handoff>('PATCH', `/api/handoffs/${encodeURIComponent(id)}`, { note }),
    onSuccess: (h) => {
      refresh(h);
      setEditing(false);
      setStatus('Note saved.');
    },
    onError: (e) => setStatus(errorText(e)),
  });
  const review = useMutation({
    mutationFn: () => api<Handoff>('POST', `/api/handoffs/${encodeURIComponent(id)}/review`),
    onSuccess: (h) => {
      refresh(h);
      setStatus('Marked reviewed: the task is closed.');
    },
    onError: (e) => setStatus(errorText(e)),
  });
  if (handoff.isPending) return <Loading what="the handoff" />;
  if (handoff.isError) return <ErrorState error={handoff.error} />;
  const h = handoff.data;
  return (
    <section className="settings" aria-labelledby="handoff-h">
      <div className="toolbar">
        <h1 id="handoff-h">Handoff of {h.accountName}</h1>
        <Link to={`/accounts/${h.accountId}`}>Open the account</Link>
      </div>
      <p className="hint">
        From {h.fromUserName ?? 'no owner'} to {h.toUserName}, {h.createdAt.slice(0, 10)}. {h.status === 'reviewed' ? `Reviewed ${h.reviewedAt?.slice(0, 10) ?? ''}.` : 'Waiting for your review.'}
      </p>
      {editing ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label htmlFor="handoff-note">Handoff note (Markdown)</label>
          <textarea id="handoff-note" rows={20} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: '100%' }} />
          <div className="toolbar">
            <Button type="submit" variant="primary" disabled={save.isPending}>
              Save the note
            </Button>
            <Button onClick={() => setEditing(false)}>Cancel</Button>
          </div>
        </form>
      ) : (
        <>
          {/* The note is sanitised by the server (no script, no javascript: link). */}
          <article className="card handoff-note" aria-label="Handoff note" dangerouslySetInnerHTML={{ __html: h.noteHtml }} />
          <div className="toolbar">
            <Button onClick={() => setEditing(true)}>Edit the note</Button>
            {h.status === 'pending_review' && (
              <Button variant="primary" onClick={() => review.mutate()} disabled={review.isPending}>
                Mark reviewed
              </Button>
            )}
          </div>
        </>
      )}
      <p role="status">{status}</p>
      <IntroMail handoff={h} onSent={refresh} />
    </section>
  );
}

/** The introduction mail to the customer: previewed exactly, then sent once with the preview's fingerprint. */
function IntroMail({ handoff, onSent }: { handoff: Handoff; onSent: (h: Handoff) => void }) {
  const [preview, setPreview] = useState<IntroPreview | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useMutation({
    mutationFn: () => api<IntroPreview>('POST', `/api/handoffs/${encodeURIComponent(handoff.id)}/intro/preview`),
    onSuccess: setPreview,
    onError: (e) => setStatus(errorText(e)),
  });
  const send = useMutation({
    mutationFn: () => api<Handoff>('POST', `/api/handoffs/${encodeURIComponent(handoff.id)}/intro/send`, { fingerprint: preview?.fingerprint ?? '' }),
    onSuccess: (h) => {
      onSent(h);
      setPreview(null);
      setStatus('Introduction sent.');
    },
    onError: (e) => setStatus(errorText(e)),
  });
  return (
    <section className="card" aria-labelledby="intro-h">
      <h2 id="intro-h">Introduce yourself to the customer</h2>
      {handoff.introSentAt ? (
        <p>Sent {handoff.introSentAt.slice(0, 10)}.</p>
      ) : (
        <>
          <Button onClick={() => load.mutate()} disabled={load.isPending}>
            Preview the introduction mail
          </Button>
          {preview && (
            <>
              {preview.messages.map((m) => (
                <details key={m.to.join(',')} open>
                  <summary>
                    To {m.to.join(', ')}: {m.subject}
                  </summary>
                  <pre style={{ whiteSpace: 'pre-wrap' }}>{m.text}</pre>
                </details>
              ))}
              <Button variant="primary" onClick={() => send.mutate()} disabled={send.isPending}>
                Send {preview.messages.length === 1 ? 'it' : `all ${preview.messages.length}`}
              </Button>
            </>
          )}
        </>
      )}
      <p role="status">{status}</p>
    </section>
  );
}
