import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { markdownToSafeHtml } from '../../../lib/markdown';

// CodeMirror is loaded only when a meeting's notes are opened, never with the first screen.
const LiveNotesEditor = lazy(() => import('./LiveNotesEditor'));

interface Props {
  ytext: Y.Text;
  awareness: Awareness | null;
  label: string;
  readOnly: boolean;
  placeholder?: string;
  onFocusChange?(focused: boolean): void;
  focusRef?: React.RefObject<HTMLElement | null>;
}

/** One notes field, typed in together: the live editor, with a Write / Preview switch (the preview is sanitised). */
export function LiveNotesField({ ytext, awareness, label, readOnly, placeholder, onFocusChange, focusRef }: Props) {
  const [preview, setPreview] = useState(false);
  const [value, setValue] = useState(() => ytext.toString());
  useEffect(() => {
    if (!preview) return;
    // The preview follows the others' typing too.
    const onChange = () => setValue(ytext.toString());
    onChange();
    ytext.observe(onChange);
    return () => ytext.unobserve(onChange);
  }, [preview, ytext]);
  const html = useMemo(() => (preview ? markdownToSafeHtml(value) : ''), [preview, value]);
  return (
    <div className="md-field live-field">
      <div className="md-head">
        <span className="live-label">{label}</span>
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
        <Suspense fallback={<p className="state">Opening the editor…</p>}>
          <LiveNotesEditor ytext={ytext} awareness={awareness} label={label} readOnly={readOnly} placeholder={placeholder} onFocusChange={onFocusChange} focusRef={focusRef} />
        </Suspense>
      )}
    </div>
  );
}
