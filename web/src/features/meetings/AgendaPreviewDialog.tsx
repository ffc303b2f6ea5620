import { useEffect, useRef, useState } from 'react';
import type { AgendaPreview } from '../../../../src/server/routes/share.schema.ts';

/**
 * What each recipient of the agenda mail gets, before anything is sent: To, Cc, subject, the
 * mail as it looks (HTML in a sandboxed frame) or its plain-text part, and the attachments.
 * Send confirms with the preview's fingerprint, so a changed agenda is never sent unseen.
 */
export function AgendaPreviewDialog({
  preview,
  htmlUrl,
  sending,
  error,
  onSend,
  onClose,
}: {
  preview: AgendaPreview;
  /** The HTML part served as its own page: the app's CSP would strip the mail's inline styles in a srcdoc frame. */
  htmlUrl: string;
  sending: boolean;
  error: string | null;
  onSend: (fingerprint: string) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [asText, setAsText] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="mail-preview" aria-labelledby="mail-preview-title" onClose={onClose}>
      <h2 id="mail-preview-title">Preview: what each recipient gets</h2>
      {preview.messages.map((m, i) => (
        <section key={i} aria-label={`Mail ${i + 1} of ${preview.messages.length}`}>
          <dl className="mail-headers">
            <dt>To</dt>
            <dd>{m.to.join(', ')}</dd>
            {m.cc.length > 0 && (
              <>
                <dt>Cc</dt>
                <dd>{m.cc.join(', ')}</dd>
              </>
            )}
            {m.bcc.length > 0 && (
              <>
                <dt>Bcc</dt>
                <dd>{m.bcc.join(', ')}</dd>
              </>
            )}
            <dt>Subject</dt>
            <dd>{m.subject}</dd>
            <dt>Attachments</dt>
            <dd>{m.attachments.length ? m.attachments.map((a) => `${a.filename} (${a.contentType.split(';')[0]})`).join(', ') : 'none'}</dd>
          </dl>
          {asText ? <pre className="mail-text">{m.text}</pre> : <iframe title={`Mail to ${m.to.join(', ')}`} sandbox="" src={htmlUrl} className="mail-html" />}
        </section>
      ))}
      <p className="hint">The share link in the mail is created when you send.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="button" onClick={() => setAsText((t) => !t)}>
          {asText ? 'Show the mail' : 'Show the plain text'}
        </button>
        <button type="button" onClick={() => ref.current?.close()}>
          Keep editing
        </button>
        <button type="button" className="primary" disabled={sending} onClick={() => onSend(preview.fingerprint)}>
          {sending ? 'Sending…' : `Send to ${preview.messages.flatMap((m) => [...m.to, ...m.cc]).length} recipients`}
        </button>
      </div>
    </dialog>
  );
}
