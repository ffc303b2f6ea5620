import { useEffect, useRef, useState } from 'react';
import type { FollowUpPreview } from '../../../../src/server/routes/wrap-up.schema.ts';

/**
 * The follow-up exactly as each recipient gets it (To, Cc, Bcc, subject, the mail or its plain
 * text), and the action items it does not address. Sending confirms with the preview's
 * fingerprint; with items not addressed, the CSM must tick that they send anyway.
 */
export function FollowUpPreviewDialog({
  preview,
  sending,
  error,
  onSend,
  onClose,
}: {
  preview: FollowUpPreview;
  sending: boolean;
  error: string | null;
  onSend: (fingerprint: string, sendWithUnaddressed: boolean) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [asText, setAsText] = useState(false);
  const [anyway, setAnyway] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const blocked = preview.unaddressed.length > 0 && !anyway;
  return (
    <dialog ref={ref} className="mail-preview" aria-labelledby="fu-preview-title" onClose={onClose}>
      <h2 id="fu-preview-title">Preview: the follow-up as each recipient gets it</h2>
      {preview.messages.map((m, i) => (
        <section key={i} aria-label={`Mail ${i + 1} of ${preview.messages.length}`}>
          <dl className="mail-headers">
            <dt>To</dt>
            <dd>{m.to.join(', ') || 'nobody yet: add the customer emails'}</dd>
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
            <dd>{m.attachments.length ? m.attachments.map((a) => a.filename).join(', ') : 'none'}</dd>
          </dl>
          {asText ? <pre className="mail-text">{m.text}</pre> : <iframe title={`Follow-up to ${m.to.join(', ')}`} sandbox="" srcDoc={m.html} className="mail-html" />}
        </section>
      ))}
      {preview.unaddressed.length > 0 && (
        <div className="warn-box" role="status">
          <p>
            <strong>{preview.unaddressed.length === 1 ? '1 action item is' : `${preview.unaddressed.length} action items are`} not addressed</strong> (no next step with a date ahead). Give each a date in the action items, or send anyway:
          </p>
          <ul>
            {preview.unaddressed.map((r) => (
              <li key={r.id}>
                {r.text}: {r.reason}
              </li>
            ))}
          </ul>
          <label>
            <input type="checkbox" checked={anyway} onChange={(e) => setAnyway(e.target.checked)} /> Send anyway
          </label>
        </div>
      )}
      {[...preview.notices, ...preview.warnings].map((n) => (
        <p key={n} className="hint">
          {n}
        </p>
      ))}
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
        <button type="button" className="primary" disabled={sending || blocked} onClick={() => onSend(preview.fingerprint, anyway)}>
          {sending ? 'Sending…' : 'Send the follow-up'}
        </button>
      </div>
    </dialog>
  );
}
