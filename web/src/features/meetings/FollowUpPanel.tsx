import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError } from '../../lib/api-client';
import { formatInstant, formatHoursLeft } from '../../lib/format';
import type { Engagement, FollowUp } from '../../lib/meeting-types';
import type { FollowUpPreview } from '../../../../src/server/routes/wrap-up.schema.ts';
import { FollowUpPreviewDialog } from './FollowUpPreviewDialog';
import { MarkdownField } from './MarkdownField';
import { trackerItemLabel } from './tracker-item-label';

/** The follow-up drafted by the wrap-up: check it, edit it, preview exactly what goes out, send it. */
export function FollowUpPanel({ meetingId }: { meetingId: string }) {
  const client = useQueryClient();
  const followUp = useQuery({ queryKey: ['follow-up', meetingId], queryFn: () => api<FollowUp>('GET', `/api/meetings/${meetingId}/follow-up`) });
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [recipients, setRecipients] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<FollowUpPreview | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);

  useEffect(() => {
    if (!followUp.data) return;
    setSubject(followUp.data.subject);
    setText(followUp.data.text);
    setRecipients(followUp.data.recipients.join(', '));
  }, [followUp.data]);

  const dirty = !!followUp.data && (subject !== followUp.data.subject || text !== followUp.data.text || recipients !== followUp.data.recipients.join(', '));
  const saveDraft = async () => {
    const list = recipients.split(/[,;\s]+/).filter(Boolean);
    const saved = await api<FollowUp>('PUT', `/api/meetings/${meetingId}/follow-up`, { subject, text, recipients: list });
    client.setQueryData(['follow-up', meetingId], saved);
  };
  const save = useMutation({
    mutationFn: saveDraft,
    onSuccess: () => setNotice('Draft saved'),
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not save the draft'),
  });
  // Edits are saved first, so the preview is of what is stored and what would go out.
  const previewIt = useMutation({
    mutationFn: async () => {
      if (dirty) await saveDraft();
      return api<FollowUpPreview>('POST', `/api/meetings/${meetingId}/follow-up/preview`);
    },
    onSuccess: (p) => {
      setSendError(null);
      setPreview(p);
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not preview the follow-up'),
  });
  const redraft = useMutation({
    mutationFn: () => api<FollowUp>('POST', `/api/meetings/${meetingId}/follow-up/redraft`),
    onSuccess: (f) => {
      client.setQueryData(['follow-up', meetingId], f);
      setNotice('Drafted again from the call and its action items');
    },
    onError: (e) => setError(e instanceof ApiError ? e.message : 'Could not redraft'),
  });
  const send = useMutation({
    mutationFn: ({ fingerprint, sendWithUnaddressed }: { fingerprint: string; sendWithUnaddressed: boolean }) => api('POST', `/api/meetings/${meetingId}/follow-up/send`, { fingerprint, sendWithUnaddressed }),
    onSuccess: () => {
      setPreview(null);
      setNotice('Follow-up sent');
      setError(null);
      void client.invalidateQueries({ queryKey: ['follow-up', meetingId] });
      void client.invalidateQueries({ queryKey: ['meeting', meetingId] });
      void client.invalidateQueries({ queryKey: ['engagement', meetingId] });
    },
    onError: (e) => setSendError(e instanceof ApiError ? e.message : 'Could not send the follow-up'),
  });

  if (followUp.isPending) return <Loading what="the follow-up" />;
  if (followUp.isError) return followUp.error instanceof ApiError && followUp.error.status === 404 ? <Empty>Wrap the call up to draft the follow-up.</Empty> : <ErrorState error={followUp.error} />;
  const f = followUp.data;
  const hoursLeft = (Date.parse(f.dueAt) - Date.now()) / 3_600_000;

  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    previewIt.mutate();
  }

  return (
    <section className="follow-up" aria-labelledby="fu-h">
      <div className="panel-head">
        <h2 id="fu-h">Follow-up</h2>
        {f.sentAt ? (
          <span className="badge ok">sent {formatInstant(f.sentAt)}</span>
        ) : (
          <span className={`badge ${hoursLeft < 0 ? 'warn' : ''}`}>
            due {formatInstant(f.dueAt)} ({formatHoursLeft(hoursLeft)})
          </span>
        )}
      </div>
      {f.sentAt ? (
        <div className="md-preview" dangerouslySetInnerHTML={{ __html: f.html }} />
      ) : (
        <form onSubmit={submit} className="fu-form">
          <label htmlFor="fu-to">To</label>
          <input id="fu-to" value={recipients} onChange={(e) => setRecipients(e.target.value)} />
          <label htmlFor="fu-subject">Subject</label>
          <input id="fu-subject" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={300} />
          <MarkdownField label="Message" value={text} onChange={setText} rows={12} />
          <div className="buttons">
            <button type="button" disabled={!dirty || save.isPending} onClick={() => save.mutate()}>
              Save draft
            </button>
            {f.editedAt && (
              <button type="button" disabled={redraft.isPending} onClick={() => redraft.mutate()}>
                Redraft from the call
              </button>
            )}
            <button type="submit" className="primary" disabled={previewIt.isPending}>
              {previewIt.isPending ? 'Preparing the preview…' : 'Preview and send'}
            </button>
          </div>
        </form>
      )}
      {preview && <FollowUpPreviewDialog preview={preview} sending={send.isPending} error={sendError} onSend={(fingerprint, sendWithUnaddressed) => send.mutate({ fingerprint, sendWithUnaddressed })} onClose={() => setPreview(null)} />}
      {notice && !error && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** What stands between the call and a complete engagement, and the requests to open. */
export function EngagementPanel({ meetingId }: { meetingId: string }) {
  const engagement = useQuery({ queryKey: ['engagement', meetingId], queryFn: () => api<Engagement>('GET', `/api/meetings/${meetingId}/engagement`) });
  if (engagement.isPending) return <Loading what="the engagement status" />;
  if (engagement.isError) return <ErrorState error={engagement.error} />;
  const { engagement: e, requests } = engagement.data;
  return (
    <section className="engagement" aria-labelledby="eng-h">
      <div className="panel-head">
        <h2 id="eng-h">Engagement</h2>
        <span className={`badge ${e.complete ? 'ok' : 'warn'}`}>{e.complete ? 'complete' : `${e.gaps.length} to do`}</span>
      </div>
      {e.effective === false && <p className="hint">No action items came out of this call: the handbook counts it as not effective.</p>}
      <ul className="gaps">
        {e.gaps.map((g) => (
          <li key={g.kind === 'request_not_opened' ? g.requestId : g.kind}>
            {g.kind === 'not_held' ? 'The call has not been wrapped up yet.' : g.kind === 'follow_up_not_sent' ? 'Send the follow-up.' : `Open the ${g.requestKind === 'ticket' ? 'ticket' : 'feature request'} "${g.title}".`}
          </li>
        ))}
      </ul>
      {requests.length > 0 && (
        <ul className="requests">
          {requests.map((r) => (
            <RequestRow key={r.id} meetingId={meetingId} request={r} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RequestRow({ meetingId, request }: { meetingId: string; request: Engagement['requests'][number] }) {
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [reason, setReason] = useState('');
  const settle = useMutation({
    mutationFn: (body: { url: string } | { dismissedReason: string }) => api('POST', `/api/meetings/${meetingId}/requests/${request.id}`, body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['engagement', meetingId] });
      void client.invalidateQueries({ queryKey: ['meeting', meetingId] });
    },
  });
  const kind = request.kind === 'ticket' ? 'Ticket' : 'Feature request';
  if (request.url || request.externalId) {
    return (
      <li>
        {kind} "{request.title}": opened{' '}
        {request.url ? (
          <a href={request.url} target="_blank" rel="noopener noreferrer">
            {trackerItemLabel(request.url, request.externalId)}
          </a>
        ) : (
          request.externalId
        )}
      </li>
    );
  }
  if (request.dismissedReason) {
    return (
      <li>
        {kind} "{request.title}": dismissed ({request.dismissedReason})
      </li>
    );
  }
  return (
    <li className="request-open">
      <strong>
        {kind} "{request.title}"
      </strong>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) settle.mutate({ url: url.trim() });
        }}
      >
        <label>
          Opened at URL <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://tracker/…" />
        </label>
        <button type="submit" disabled={!url.trim()}>
          Mark opened
        </button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (reason.trim()) settle.mutate({ dismissedReason: reason.trim() });
        }}
      >
        <label>
          Or dismiss because <input value={reason} onChange={(e) => setReason(e.target.value)} />
        </label>
        <button type="submit" disabled={!reason.trim()}>
          Dismiss
        </button>
      </form>
      {settle.isError && (
        <p className="error" role="alert">
          {settle.error instanceof ApiError ? settle.error.message : 'Could not save'}
        </p>
      )}
    </li>
  );
}
