import type { AgendaItem } from '../../lib/meeting-types';
import { Authorship } from './live/Authorship';
import { LiveNotesField } from './live/LiveNotesField';
import { Presence } from './live/Presence';
import { freeNotesField, itemField, type LiveNotes, type LiveStatus } from './live/use-live-notes';
import './live/live-notes.css';

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline – kept on this device',
  ended: 'Not live',
};

interface Props {
  meetingId: string;
  live: LiveNotes;
  selected: AgendaItem | null;
  items: AgendaItem[];
  notesRef: React.RefObject<HTMLElement | null>;
  readOnly: boolean;
}

/**
 * Notes on the selected agenda item and the free notes, written together by everyone in the
 * call: each keystroke shows on every screen as it is typed, and stays on this device until the
 * server has it.
 */
export function NotesPanel({ meetingId, live, selected, items, notesRef, readOnly }: Props) {
  const { status, reason, ready } = live;
  const fieldName = (field: string) => (field === freeNotesField ? 'Call notes' : (items.find((i) => itemField(i.id) === field)?.text ?? null));
  const freeNotes = ready ? live.text(freeNotesField) : null;
  const itemNotes = ready && selected ? live.text(itemField(selected.id)) : null;
  return (
    <section className="notes" aria-labelledby="notes-h">
      <div className="panel-head">
        <h2 id="notes-h">Notes</h2>
        <span className={`live-status ${status}`} role="status" aria-live="polite" data-testid="live-status">
          {STATUS_TEXT[status]}
          {status === 'ended' && reason ? `: ${reason}; what you typed is kept on this device` : ''}
          {readOnly && status === 'live' ? ' (read-only)' : ''}
        </span>
      </div>
      <Presence people={live.people} fieldName={fieldName} />
      <Authorship meetingId={meetingId} />
      {!freeNotes ? (
        <p className="state">Loading notes…</p>
      ) : (
        <>
          {selected && itemNotes ? (
            <LiveNotesField
              key={selected.id}
              ytext={itemNotes}
              awareness={live.awareness}
              label={`Notes for ${selected.text}`}
              readOnly={readOnly}
              placeholder="Internal notes on this item (never shared)"
              onFocusChange={(focused) => live.setEditing(focused ? itemField(selected.id) : null)}
            />
          ) : (
            <p className="hint">Select an agenda item to take notes against it.</p>
          )}
          <LiveNotesField
            ytext={freeNotes}
            awareness={live.awareness}
            label="Call notes"
            readOnly={readOnly}
            placeholder="Free notes, in Markdown (internal)"
            focusRef={notesRef}
            onFocusChange={(focused) => live.setEditing(focused ? freeNotesField : null)}
          />
        </>
      )}
    </section>
  );
}
