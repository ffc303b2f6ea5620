import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError, type Page } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import { formatSize, uploadFile } from './upload';

import type { AttachmentView } from '../../../../src/server/routes/attachments.schema.ts';

/**
 * The files of a meeting (advance materials) or an account: upload with progress, download, share
 * with the customer (listed on the share page) or take off, remove. Viewers only read.
 */
export function AttachmentsPanel({ meetingId, accountId, editable, title = 'Attachments' }: { meetingId?: string; accountId?: string; editable: boolean; title?: string }) {
  const client = useQueryClient();
  const headingId = useId();
  const inputId = useId();
  const query = meetingId ? `meetingId=${encodeURIComponent(meetingId)}` : `accountId=${encodeURIComponent(accountId ?? '')}`;
  const key = ['attachments', query];
  const files = useQuery({ queryKey: key, queryFn: () => api<Page<AttachmentView>>('GET', `/api/attachments?${query}`) });
  const [progress, setProgress] = useState<number | null>(null);
  const [forCustomer, setForCustomer] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  const share = useMutation({ mutationFn: (a: AttachmentView) => api('PATCH', `/api/attachments/${a.id}`, { forCustomer: !a.forCustomer }), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (a: AttachmentView) => api('DELETE', `/api/attachments/${a.id}`), onSuccess: refresh });

  async function upload(file: File) {
    setProblem(null);
    setProgress(0);
    try {
      await uploadFile(`/api/attachments?${query}&forCustomer=${forCustomer}`, file, setProgress);
      refresh();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'The file could not be uploaded');
    } finally {
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby={headingId} className="attachments">
      <h2 id={headingId}>{title}</h2>
      {editable && (
        <div className="attachments-upload">
          <label htmlFor={inputId}>Add a file</label>
          <input
            id={inputId}
            type="file"
            disabled={progress !== null}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void upload(file);
            }}
          />
          <label>
            <input type="checkbox" checked={forCustomer} onChange={(e) => setForCustomer(e.currentTarget.checked)} /> For the customer (listed on the share page)
          </label>
          {progress !== null && (
            <progress max={1} value={progress} aria-label="Upload progress">
              {Math.round(progress * 100)}%
            </progress>
          )}
        </div>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {(share.isError || remove.isError) && (
        <p className="error" role="alert">
          {((share.error ?? remove.error) as Error | null)?.message ?? 'That did not work'}
        </p>
      )}
      {files.isPending ? (
        <Loading what="attachments" />
      ) : files.isError ? (
        <ErrorState error={files.error} />
      ) : files.data.items.length === 0 ? (
        <Empty>No files yet.</Empty>
      ) : (
        <ul className="attachment-list">
          {files.data.items.map((a) => (
            <li key={a.id}>
              <a href={`/api/attachments/${a.id}`} download={a.fileName}>
                {a.fileName}
              </a>{' '}
              <span className="muted">
                {formatSize(a.sizeBytes)} · {a.fromCustomer ? `sent by ${a.uploadedBy.name}` : a.uploadedBy.name} · {formatInstant(a.createdAt)}
              </span>{' '}
              {a.forCustomer ? <span className="badge">shared with the customer</span> : <span className="badge">internal</span>}
              {editable && (
                <>
                  {' '}
                  <button type="button" onClick={() => share.mutate(a)} disabled={share.isPending} aria-label={a.forCustomer ? `Stop sharing ${a.fileName}` : `Share ${a.fileName} with the customer`}>
                    {a.forCustomer ? 'Make internal' : 'Share with customer'}
                  </button>{' '}
                  <button type="button" onClick={() => remove.mutate(a)} disabled={remove.isPending} aria-label={`Remove ${a.fileName}`}>
                    Remove
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
