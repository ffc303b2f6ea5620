import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api-client';
import type { Engagement, Meeting } from '../../lib/meeting-types';
import { trackerItemLabel } from './tracker-item-label';
import './meeting-integrations.css';

type Purpose = 'slack' | 'recording' | 'tracker';

/** The integration last used for each purpose, so the CSM types its name once (admins name them in Settings → Integrations). */
function useRemembered(purpose: Purpose): [string, (v: string) => void] {
  const key = `cadence.integration.${purpose}`;
  const [value, setValue] = useState(() => {
    try {
      return window.localStorage.getItem(key) ?? '';
    } catch {
      return '';
    }
  });
  return [
    value,
    (v: string) => {
      setValue(v);
      try {
        window.localStorage.setItem(key, v);
      } catch {
        // Private windows may refuse storage: the name is then asked again next time.
      }
    },
  ];
}

const problemOf = (e: unknown) => (e instanceof ApiError ? { message: e.message, field: e.field } : { message: 'Cadence could not be reached', field: undefined });

/** A field's error, beside it; `integration` errors name the integration field. */
function Problem({ error, field, id }: { error: { message: string; field?: string } | null; field: string | null; id: string }) {
  if (!error) return null;
  if (field !== null && error.field !== field) return null;
  return (
    <span className="field-error" role="alert" id={id}>
      {error.message}
    </span>
  );
}

const HELD = new Set(['held', 'followed_up', 'complete']);

/** The meeting and the team's other tools: the recap to Slack, the recording's transcript, the call's requests to a tracker. */
export function MeetingIntegrations({ meeting }: { meeting: Meeting }) {
  const held = HELD.has(meeting.state);
  return (
    <details className="ws-tools">
      <summary>Slack, recording and tracker</summary>
      {held && <PostToSlack meeting={meeting} />}
      <FetchTranscript meeting={meeting} />
      {held && <OpenRequests meeting={meeting} />}
      {!held && <p className="hint">After the wrap-up: post the recap to Slack and open the call&apos;s tickets and feature requests in a tracker.</p>}
    </details>
  );
}

function PostToSlack({ meeting }: { meeting: Meeting }) {
  const [integration, setIntegration] = useRemembered('slack');
  const [internal, setInternal] = useState(true);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const post = useMutation({
    mutationFn: () => api<{ posted: boolean; internal: boolean; status: string; error: string | null }>('POST', `/api/meetings/${meeting.id}/slack`, { integration: integration.trim(), internal }),
    onSuccess: (r) => {
      setError(null);
      setNotice(r.posted ? `Posted to Slack (${r.internal ? 'internal update' : 'the follow-up'}).` : `Not posted yet: ${r.error ?? 'Slack did not take it'}. Cadence retries it (Settings → Outbox).`);
    },
    onError: (e) => {
      setNotice(null);
      setError(problemOf(e));
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!integration.trim()) return setError({ message: 'Name the Slack integration (as your admin named it).', field: 'integration' });
    post.mutate();
  }
  return (
    <form className="tool-form" onSubmit={submit} noValidate aria-label="Post the recap to Slack">
      <h3>Post the recap to Slack</h3>
      <label htmlFor="slack-integration">Slack integration</label>
      <input id="slack-integration" value={integration} onChange={(e) => setIntegration(e.target.value)} maxLength={100} aria-invalid={error?.field === 'integration' || undefined} />
      <Problem error={error} field="integration" id="slack-integration-error" />
      <fieldset>
        <legend className="visually-hidden">What to post</legend>
        <label>
          <input type="radio" name="slack-what" checked={internal} onChange={() => setInternal(true)} /> Internal update (summary, open action items, live risks)
        </label>
        <label>
          <input type="radio" name="slack-what" checked={!internal} onChange={() => setInternal(false)} /> The follow-up as the customer got it
        </label>
      </fieldset>
      {error && error.field !== 'integration' && <Problem error={error} field={null} id="slack-error" />}
      <button type="submit" disabled={post.isPending}>
        {post.isPending ? 'Posting…' : 'Post to Slack'}
      </button>
      <p role="status" className="hint">
        {notice}
      </p>
    </form>
  );
}

function FetchTranscript({ meeting }: { meeting: Meeting }) {
  const client = useQueryClient();
  const [integration, setIntegration] = useRemembered('recording');
  const [ref, setRef] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const fetchIt = useMutation({
    mutationFn: () => api<{ suggestions?: unknown[] }>('POST', `/api/meetings/${meeting.id}/transcript/fetch`, { integration: integration.trim(), ref: ref.trim() }),
    onSuccess: (r) => {
      setError(null);
      setNotice(`Transcript imported${Array.isArray(r.suggestions) ? `: ${r.suggestions.length} suggestion${r.suggestions.length === 1 ? '' : 's'} to review` : ''}.`);
      void client.invalidateQueries({ queryKey: ['suggestions', meeting.id] });
      void client.invalidateQueries({ queryKey: ['timeline', meeting.accountId] });
    },
    onError: (e) => {
      setNotice(null);
      setError(problemOf(e));
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!integration.trim()) return setError({ message: 'Name the Gong or Zoom integration.', field: 'integration' });
    if (!ref.trim()) return setError({ message: 'Give the recording: the Gong call id or the Zoom meeting id.', field: 'ref' });
    fetchIt.mutate();
  }
  return (
    <form className="tool-form" onSubmit={submit} noValidate aria-label="Fetch the recording's transcript">
      <h3>Fetch the recording&apos;s transcript</h3>
      <label htmlFor="rec-integration">Gong or Zoom integration</label>
      <input id="rec-integration" value={integration} onChange={(e) => setIntegration(e.target.value)} maxLength={100} aria-invalid={error?.field === 'integration' || undefined} />
      <Problem error={error} field="integration" id="rec-integration-error" />
      <label htmlFor="rec-ref">Recording (Gong call id, Zoom meeting id)</label>
      <input id="rec-ref" value={ref} onChange={(e) => setRef(e.target.value)} maxLength={300} aria-invalid={error?.field === 'ref' || undefined} />
      <Problem error={error} field="ref" id="rec-ref-error" />
      {error && error.field !== 'integration' && error.field !== 'ref' && <Problem error={error} field={null} id="rec-error" />}
      <button type="submit" disabled={fetchIt.isPending}>
        {fetchIt.isPending ? 'Fetching…' : 'Fetch transcript'}
      </button>
      <p role="status" className="hint">
        {notice}
      </p>
    </form>
  );
}

function OpenRequests({ meeting }: { meeting: Meeting }) {
  const engagement = useQuery({ queryKey: ['engagement', meeting.id], queryFn: () => api<Engagement>('GET', `/api/meetings/${meeting.id}/engagement`) });
  const [integration, setIntegration] = useRemembered('tracker');
  // Opened ones stay listed with their tracker link, so the CSM sees where the click went.
  const shown = (engagement.data?.requests ?? []).filter((r) => !r.dismissedReason);
  if (shown.length === 0) return null;
  return (
    <div className="tool-form" role="group" aria-labelledby="open-requests-h">
      <h3 id="open-requests-h">Open the call&apos;s requests in a tracker</h3>
      <label htmlFor="tracker-integration">Tracker integration (Zendesk, Jira, GitLab…)</label>
      <input id="tracker-integration" value={integration} onChange={(e) => setIntegration(e.target.value)} maxLength={100} />
      <ul className="requests">
        {shown.map((r) => (
          <OpenRequest key={r.id} meeting={meeting} request={r} integration={integration.trim()} />
        ))}
      </ul>
    </div>
  );
}

function OpenRequest({ meeting, request, integration }: { meeting: Meeting; request: Engagement['requests'][number]; integration: string }) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const open = useMutation({
    mutationFn: () => api<{ request: { url: string | null; externalId: string | null; status: string; error: string | null } }>('POST', `/api/meetings/${meeting.id}/requests/${request.id}/open`, { integration }),
    onSuccess: (r) => {
      setError(null);
      setNotice(r.request.status === 'opened' ? `Opened as ${trackerItemLabel(r.request.url, r.request.externalId) || 'a new item'}.` : `Not open yet: ${r.request.error ?? 'the tracker did not take it'}. Cadence retries it.`);
      void client.invalidateQueries({ queryKey: ['engagement', meeting.id] });
      void client.invalidateQueries({ queryKey: ['meeting', meeting.id] });
    },
    onError: (e) => setError(problemOf(e).message),
  });
  const opened = Boolean(request.url || request.externalId);
  const link = useRef<HTMLAnchorElement>(null);
  // Focus follows the click onto the link that replaces the button, instead of dropping to the page.
  useEffect(() => {
    if (opened && open.isSuccess) link.current?.focus();
  }, [opened, open.isSuccess]);
  const kind = request.kind === 'ticket' ? 'Ticket' : 'Feature request';
  if (opened) {
    const label = trackerItemLabel(request.url, request.externalId);
    return (
      <li>
        {kind} “{request.title}”: opened as{' '}
        {request.url ? (
          <a href={request.url} target="_blank" rel="noopener noreferrer" ref={link}>
            {label}
          </a>
        ) : (
          label
        )}
      </li>
    );
  }
  return (
    <li>
      {kind} “{request.title}”{' '}
      <button type="button" onClick={() => (integration ? open.mutate() : setError('Name the tracker integration first.'))} disabled={open.isPending} aria-label={`Open in the tracker: ${request.title}`}>
        {open.isPending ? 'Opening…' : 'Open in the tracker'}
      </button>
      {notice && <span role="status"> {notice}</span>}
      {error && (
        <span className="field-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </li>
  );
}
