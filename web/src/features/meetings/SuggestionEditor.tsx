import { RiskTypeOptions, SeverityOptions } from '../../lib/risk-options';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Contact, User } from '../../lib/api-client';
import type { Meeting, Side } from '../../lib/meeting-types';
import type { AcceptEdits, Suggestion } from './use-transcript';

type RiskType = NonNullable<AcceptEdits['type']>;
type Severity = NonNullable<AcceptEdits['severity']>;

/** Change a suggestion before accepting it: the words, the owner, the side, the due date, the risk's type. */
export function SuggestionEditor({
  suggestion: s,
  meeting,
  users,
  contacts,
  busy,
  onAccept,
  onCancel,
}: {
  suggestion: Suggestion;
  meeting: Meeting;
  users: User[];
  contacts: Contact[];
  busy: boolean;
  onAccept(edits: AcceptEdits): void;
  onCancel(): void;
}) {
  const p = s.payload;
  // Pending, the owner is the name the extractor heard (an accepted one may carry the CSM's pick instead).
  const suggestedOwner = typeof p.owner === 'string' ? p.owner : null;
  const attendee = suggestedOwner ? meeting.attendees.find((a) => a.name.toLowerCase() === suggestedOwner.toLowerCase()) : undefined;
  const [text, setText] = useState(p.text ?? '');
  const [owner, setOwner] = useState(attendee ? `${attendee.kind}:${attendee.id}` : suggestedOwner ? 'name:' : '');
  const [side, setSide] = useState<Side>(p.side ?? attendee?.side ?? 'vendor');
  const [due, setDue] = useState(p.due ?? '');
  const [type, setType] = useState<RiskType>(p.type ?? 'other');
  const [severity, setSeverity] = useState<Severity>(p.severity ?? 'medium');
  const [kind, setKind] = useState<'ticket' | 'feature_request'>(p.kind === 'support_problem' ? 'ticket' : 'feature_request');
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const id = `edit-${s.id}`;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return setError('Say what it is.');
    const edits: AcceptEdits = { text: text.trim() };
    if (s.kind === 'action_item') {
      const [k, ownerId = ''] = owner.split(':');
      if (k === 'user') edits.owner = { userId: ownerId };
      else if (k === 'contact') edits.owner = { contactId: ownerId };
      else if (k === 'name' && suggestedOwner) edits.owner = { name: suggestedOwner };
      edits.side = side;
      edits.dueDate = due || null;
    }
    if (s.kind === 'risk') {
      edits.type = type;
      edits.severity = severity;
    }
    if (s.kind === 'request') edits.kind = kind;
    onAccept(edits);
  }

  return (
    <form className="suggestion-edit" onSubmit={submit} aria-label="Edit the suggestion, then accept it" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <label htmlFor={`${id}-text`}>Text</label>
      <input id={`${id}-text`} ref={first} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} aria-invalid={!!error} />
      {s.kind === 'action_item' && (
        <div className="form-row">
          <label>
            Owner{' '}
            <select value={owner} onChange={(e) => setOwner(e.target.value)}>
              {suggestedOwner && !attendee && <option value="name:">{suggestedOwner} (as heard)</option>}
              {!suggestedOwner && <option value="">to assign</option>}
              <optgroup label="Our team">
                {users.map((u) => (
                  <option key={u.id} value={`user:${u.id}`}>
                    {u.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Customer">
                {contacts
                  .filter((c) => c.status !== 'left')
                  .map((c) => (
                    <option key={c.id} value={`contact:${c.id}`}>
                      {c.name}
                    </option>
                  ))}
              </optgroup>
            </select>
          </label>
          <label>
            Side{' '}
            <select value={side} onChange={(e) => setSide(e.target.value as Side)}>
              <option value="vendor">ours</option>
              <option value="customer">customer's</option>
            </select>
          </label>
          <label>
            Due <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </label>
        </div>
      )}
      {s.kind === 'risk' && (
        <div className="form-row">
          <label>
            Type{' '}
            <select value={type} onChange={(e) => setType(e.target.value as RiskType)}>
              <RiskTypeOptions />
            </select>
          </label>
          <label>
            Severity{' '}
            <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity)}>
              <SeverityOptions />
            </select>
          </label>
        </div>
      )}
      {s.kind === 'request' && (
        <div className="form-row">
          <label>
            Open as{' '}
            <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="feature_request">feature request</option>
              <option value="ticket">support ticket</option>
            </select>
          </label>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" disabled={busy}>
          Accept with changes
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
