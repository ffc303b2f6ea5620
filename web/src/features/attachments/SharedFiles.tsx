import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiError } from '../../lib/api-client';
import { formatSize, uploadFile } from './upload';

import type { CustomerViewAnswer as CustomerView } from '../../../../src/server/routes/share.schema.ts';

/** The share page's files: what the team shared for the call, and a way to send one back (an architecture diagram). */
export function SharedFiles({ token, files, canSend }: { token: string; files: CustomerView['attachments']; canSend: boolean }) {
  const client = useQueryClient();
  const inputId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const base = `/api/share/${encodeURIComponent(token)}/attachments`;

  async function send(file: File) {
    setProblem(null);
    setSent(null);
    setProgress(0);
    try {
      await uploadFile(base, file, setProgress);
      setSent(file.name);
      void client.invalidateQueries({ queryKey: ['share', token] });
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : 'The file could not be sent');
    } finally {
      setProgress(null);
    }
  }

  return (
    <section aria-labelledby="share-files">
      <h2 id="share-files">Files for this call</h2>
      {files.length === 0 ? (
        <p className="muted">No files shared yet.</p>
      ) : (
        <ul className="attachment-list">
          {files.map((f) => (
            <li key={f.id}>
              <a href={`${base}/${encodeURIComponent(f.id)}`} download={f.fileName}>
                {f.fileName}
              </a>{' '}
              <span className="muted">
                {formatSize(f.sizeBytes)}
                {f.fromCustomer ? ' · sent by your side' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canSend && (
        <div className="attachments-upload">
          <label htmlFor={inputId}>Send a file (PDF, image, Office document or text)</label>
          <input
            id={inputId}
            type="file"
            disabled={progress !== null}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              if (file) void send(file);
            }}
          />
          {progress !== null && (
            <progress max={1} value={progress} aria-label="Upload progress">
              {Math.round(progress * 100)}%
            </progress>
          )}
          {sent && <p role="status">Sent: {sent}</p>}
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
