import type { AgendaItem } from '../../lib/meeting-types';
import { MarkdownField } from './MarkdownField';
import type { SaveStatus, useNotesAutosave } from './use-notes-autosave';

const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: 'All notes saved',
  unsaved: 'Unsaved changes…',
  saving: 'Saving…',
  offline: 'Offline: kept on this device, retrying',
  conflict: 'Conflict: changed elsewhere',
  error: 'Not saved',
};

interface Props {
  notes: ReturnType<typeof useNotesAutosave>;
  selected: AgendaItem | null;
  notesRef: React.Ref<HTMLTextAreaElement>;
  readOnly: boolean;
}

/** Notes on the selected agenda item and the free notes, saved as they are typed. */
export function NotesPanel({ notes, selected, notesRef, readOnly }: Props) {
  const { text, status, message, conflict, resolve } = notes;
  return (
    <section className="notes" aria-labelledby="notes-h">
      <div className="panel-head">
        <h2 id="notes-h">Notes</h2>
        <span className={`save-status ${status}`} role="status" aria-live="polite" data-testid="save-status">
          {STATUS_TEXT[status]}
          {message ? `: ${message}` : ''}
        </span>
      </div>
      {conflict && (
        <div className="notes-conflict" role="alert">
          <h3>These notes were changed in another tab or by a colleague</h3>
          <p>Nothing was overwritten. Compare the two versions and choose what to keep.</p>
          <div className="conflict-cols">
            <div>
              <h4>Saved elsewhere (version {conflict.theirs.version})</h4>
              <pre data-testid="conflict-theirs">{conflict.theirs.notes || '(empty)'}</pre>
            </div>
            <div>
              <h4>Yours, on this device</h4>
              <pre data-testid="conflict-mine">{text?.notes || '(empty)'}</pre>
            </div>
          </div>
          <div className="buttons">
            <button type="button" onClick={() => resolve('both')}>
              Keep both
            </button>
            <button type="button" onClick={() => resolve('mine')}>
              Keep mine
            </button>
            <button type="button" onClick={() => resolve('theirs')}>
              Take theirs
            </button>
          </div>
        </div>
      )}
      {!text ? (
        <p className="state">Loading notes…</p>
      ) : (
        <>
          {selected ? (
            <MarkdownField
              key={selected.id}
              label={`Notes on "${selected.text}"`}
              value={text.itemNotes[selected.id] ?? ''}
              onChange={(v) => notes.setItemNote(selected.id, v)}
              rows={4}
              readOnly={readOnly}
              placeholder="Internal notes on this item (never shared)"
            />
          ) : (
            <p className="hint">Select an agenda item to take notes against it.</p>
          )}
          <MarkdownField label="Call notes" value={text.notes} onChange={notes.setNotes} rows={9} placeholder="Free notes, in Markdown (internal)" textareaRef={notesRef} readOnly={readOnly} />
        </>
      )}
    </section>
  );
}
