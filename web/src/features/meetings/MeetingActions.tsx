import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import type { Meeting } from '../../lib/meeting-types';
import type { AgendaPreview } from '../../../../src/server/routes/share.schema.ts';
import { AgendaPreviewDialog } from './AgendaPreviewDialog';
import { MeetingIntegrations } from './MeetingIntegrations';

/** Send the agenda to the customer, or hand them a link to it. */
export function MeetingActions({ meeting }: { meeting: Meeting }) {
  const client = useQueryClient();
  const [shareUrl, setShareUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(e instanceof ApiError ? e.message : 'Cadence could not be reached');

  const [preview, setPreview] = useState<AgendaPreview | null>(null);
  // Nothing goes out unseen: the button opens the preview, and the preview's Send confirms it.
  const previewAgenda = useMutation({
    mutationFn: () => api<AgendaPreview>('POST', `/api/meetings/${meeting.id}/agenda/preview`),
    onSuccess: (p) => {
      setError(null);
      setPreview(p);
    },
    onError: fail,
  });
  const send = useMutation({
    mutationFn: (fingerprint: string) => api<{ recipients: string[]; shareUrl: string }>('POST', `/api/meetings/${meeting.id}/agenda/send`, { fingerprint }),
    onSuccess: (r) => {
      setPreview(null);
      setError(null);
      setNotice(`Agenda sent to ${r.recipients.join(', ')}`);
      void client.invalidateQueries({ queryKey: ['meeting', meeting.id] });
    },
    onError: fail,
  });
  const share = useMutation({
    mutationFn: () => api<{ url: string; expiresAt: string }>('POST', `/api/meetings/${meeting.id}/share-links`, {}),
    onSuccess: async (r) => {
      setError(null);
      setShareUrl(r.url);
      void client.invalidateQueries({ queryKey: ['share-links', meeting.id] });
      try {
        await navigator.clipboard.writeText(r.url);
        setNotice(`Share link copied (works until ${formatInstant(r.expiresAt)})`);
      } catch {
        setNotice(`Share link ready (works until ${formatInstant(r.expiresAt)}): copy it below`);
      }
    },
    onError: fail,
  });
  const refresh = useMutation({
    mutationFn: () => api('POST', `/api/meetings/${meeting.id}/agenda/refresh`),
    onSuccess: (agenda) => {
      setError(null);
      setNotice('Agenda rebuilt from the latest facts; your own items were kept');
      client.setQueryData(['agenda', meeting.id], agenda);
    },
    onError: fail,
  });
  const canSend = meeting.state === 'planned' || meeting.state === 'agenda_sent';

  return (
    <div className="ws-actions">
      <div className="buttons">
        {canSend && (
          <button type="button" onClick={() => previewAgenda.mutate()} disabled={previewAgenda.isPending || send.isPending}>
            {previewAgenda.isPending ? 'Preparing the preview…' : meeting.agendaSentAt ? 'Send the agenda again…' : 'Send agenda…'}
          </button>
        )}
        {canSend && (
          <button type="button" onClick={() => refresh.mutate()} disabled={refresh.isPending} title="Rebuild from the latest action items, tickets and findings">
            Refresh agenda
          </button>
        )}
        <button type="button" onClick={() => share.mutate()} disabled={share.isPending}>
          Copy share link
        </button>
      </div>
      {preview && (
        <AgendaPreviewDialog preview={preview} htmlUrl={`/api/meetings/${meeting.id}/agenda/preview.html`} sending={send.isPending} error={error} onSend={(fingerprint) => send.mutate(fingerprint)} onClose={() => setPreview(null)} />
      )}
      {meeting.agendaSentAt && <p className="hint">Agenda sent {formatInstant(meeting.agendaSentAt)}</p>}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {shareUrl && (
        <label className="share-url">
          Customer link <input readOnly value={shareUrl} onFocus={(e) => e.target.select()} />
        </label>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <MeetingIntegrations meeting={meeting} />
    </div>
  );
}
