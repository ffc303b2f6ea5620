import { useId, useMemo, useState } from 'react';
import { markdownToSafeHtml } from '../../lib/markdown';

interface Props {
  label: string;
  value: string;
  onChange(value: string): void;
  rows?: number;
  placeholder?: string;
  readOnly?: boolean;
  textareaRef?: React.Ref<HTMLTextAreaElement>;
}

/** A Markdown textarea with a Write / Preview switch; the preview is sanitised. */
export function MarkdownField({ label, value, onChange, rows = 6, placeholder, readOnly, textareaRef }: Props) {
  const id = useId();
  const [preview, setPreview] = useState(false);
  const html = useMemo(() => (preview ? markdownToSafeHtml(value) : ''), [preview, value]);
  return (
    <div className="md-field">
      <div className="md-head">
        <label htmlFor={id}>{label}</label>
        <div className="md-tabs">
          <button type="button" aria-pressed={!preview} onClick={() => setPreview(false)}>
            Write
          </button>
          <button type="button" aria-pressed={preview} onClick={() => setPreview(true)}>
            Preview
          </button>
        </div>
      </div>
      {preview ? (
        <div className="md-preview" aria-label={`${label} preview`} role="region" dangerouslySetInnerHTML={{ __html: html || '<p class="muted">Nothing written yet.</p>' }} />
      ) : (
        <textarea id={id} ref={textareaRef} value={value} rows={rows} placeholder={placeholder} readOnly={readOnly} onChange={(e) => onChange(e.target.value)} spellCheck />
      )}
    </div>
  );
}
