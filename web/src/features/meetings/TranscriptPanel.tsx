import { useEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { ApiError, type Contact, type User } from '../../lib/api-client';
import { formatInstant, label } from '../../lib/format';
import type { Meeting } from '../../lib/meeting-types';
import { SuggestionEditor } from './SuggestionEditor';
import { SuggestionsIntoNotes } from './live/SuggestionsIntoNotes';
import { contentTypeFor, formatAt, useTranscript, type ExtractedBy, type SpeakerMatching, type Suggestion } from './use-transcript';

const KIND_LABEL: Record<Suggestion['kind'], string> = {
  action_item: 'action item',
  decision: 'decision',
  question: 'open question',
  risk: 'risk',
  request: 'request',
  sentiment: 'sentiment',
};

const errorText = (e: unknown) => (e instanceof ApiError ? e.message : 'Cadence could not be reached');

/**
 * A call's recording transcript: upload it, map the speakers Cadence could not match, and go
 * through the suggestions one by one with the keyboard (↑/↓ to move, A accept, E edit, R reject).
 */
export function TranscriptPanel({ meeting, users, contacts, editable }: { meeting: Meeting; users: User[]; contacts: Contact[]; editable: boolean }) {
  const t = useTranscript(meeting.id, meeting.accountId);
  const fileRef = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileError(null);
    const text = await file.text();
    t.upload.mutate({ text, contentType: contentTypeFor(file.name) }, { onError: (e) => setFileError(`${file.name}: ${errorText(e)}`) });
    event.target.value = '';
  }

  const view = t.suggestions.data;
  return (
    <section className="transcript" aria-labelledby="transcript-h">
      <div className="panel-head">
        <h2 id="transcript-h">Transcript and suggestions</h2>
        {view?.transcript && (
          <span className="hint">
            {view.transcript.format.toUpperCase()} imported {formatInstant(view.transcript.importedAt)}
          </span>
        )}
      </div>
      {editable && (
        <div className="form-row">
          <label htmlFor="transcript-file">{view?.transcript ? 'Replace the transcript' : 'Import a transcript'} (.vtt, .srt, .txt or Gong .json)</label>
          <input id="transcript-file" ref={fileRef} type="file" accept=".vtt,.srt,.txt,.json,text/vtt,text/plain,application/json" onChange={(e) => void onFile(e)} disabled={t.upload.isPending} />
        </div>
      )}
      {t.upload.isPending && <Loading what="the transcript and drafting suggestions" />}
      {fileError && (
        <p className="error" role="alert">
          {fileError}
        </p>
      )}
      {view?.transcript && <ExtractorNote by={t.lastImport?.extractedBy ?? view.transcript.extractedBy ?? null} fallbackReason={t.lastImport?.fallbackReason ?? null} />}
      {t.lastImport ? (
        <Speakers speakers={t.lastImport.speakers} read={`${t.lastImport.cues} lines read (${t.lastImport.format.toUpperCase()}).`} meeting={meeting} editable={editable} mapping={t.mapSpeakers} />
      ) : (
        view?.speakers && <Speakers speakers={view.speakers} meeting={meeting} editable={editable} mapping={t.mapSpeakers} />
      )}
      {!t.lastImport && view?.transcript && Object.keys(view.transcript.speakerMap).length > 0 && (
        <p className="hint">
          Speakers mapped by hand:{' '}
          {Object.entries(view.transcript.speakerMap)
            .map(([from, to]) => `${from} → ${to}`)
            .join(', ')}
        </p>
      )}
      {t.suggestions.isPending ? (
        <Loading what="suggestions" />
      ) : t.suggestions.isError ? (
        <ErrorState error={t.suggestions.error} />
      ) : view && view.items.length > 0 ? (
        <SuggestionList items={view.items} meeting={meeting} users={users} contacts={contacts} editable={editable} decide={t.decide} />
      ) : view?.transcript ? (
        <Empty>Nothing to suggest from this transcript.</Empty>
      ) : (
        <Empty>No transcript yet. Import the recording's transcript to get suggested action items, risks and requests.</Empty>
      )}
    </section>
  );
}

/** Which extractor drafted the suggestions, so the CSM knows how much to trust them. */
// A transcript stored before the extractor was recorded may name neither; anything but 'llm' is the local one.
function ExtractorNote({ by, fallbackReason }: { by: ExtractedBy | string | null; fallbackReason: string | null }) {
  if (!by) return null;
  return (
    <p className="hint extractor">
      {by === 'llm' ? 'Suggestions drafted by the language model.' : "Suggestions drafted by Cadence's local extractor."}
      {by === 'local' && fallbackReason ? ` The language model's answer was not used: ${fallbackReason}.` : ''}
    </p>
  );
}

function Speakers({ speakers, read, meeting, editable, mapping }: { speakers: SpeakerMatching; read?: string; meeting: Meeting; editable: boolean; mapping: ReturnType<typeof useTranscript>['mapSpeakers'] }) {
  const [map, setMap] = useState<Record<string, string>>({});
  const chosen = Object.fromEntries(Object.entries(map).filter(([, v]) => v));
  return (
    <div className="speakers">
      <p className="hint">
        {read ? `${read} ` : ''}
        {speakers.matched.length > 0 ? `Matched: ${speakers.matched.map((m) => (m.speaker === m.attendee ? m.attendee : `${m.speaker} → ${m.attendee}`)).join(', ')}.` : 'No speaker matched an attendee.'}
      </p>
      {speakers.unmatched.length > 0 && (
        <form
          className="speaker-map"
          aria-label="Map unmatched speakers"
          onSubmit={(e) => {
            e.preventDefault();
            if (Object.keys(chosen).length > 0) mapping.mutate(chosen, { onSuccess: () => setMap({}) });
          }}
        >
          <p>
            <strong>
              {speakers.unmatched.length} speaker{speakers.unmatched.length === 1 ? '' : 's'} not matched
            </strong>
            : who are they?
          </p>
          {speakers.unmatched.map((speaker) => (
            <label key={speaker} className="form-row">
              <span className="speaker-name">{speaker}</span>
              <select value={map[speaker] ?? ''} onChange={(e) => setMap((m) => ({ ...m, [speaker]: e.target.value }))} disabled={!editable}>
                <option value="">leave as is</option>
                {meeting.attendees.map((a) => (
                  <option key={`${a.kind}-${a.id}`} value={a.name}>
                    {a.name} ({a.side === 'customer' ? 'customer' : 'us'})
                  </option>
                ))}
              </select>
            </label>
          ))}
          {editable && (
            <div className="buttons">
              <button type="submit" disabled={mapping.isPending || Object.keys(chosen).length === 0}>
                {mapping.isPending ? 'Mapping…' : 'Map speakers and suggest again'}
              </button>
            </div>
          )}
          {mapping.isError && (
            <p className="error" role="alert">
              {errorText(mapping.error)}
            </p>
          )}
        </form>
      )}
    </div>
  );
}

function SuggestionList({ items, meeting, users, contacts, editable, decide }: { items: Suggestion[]; meeting: Meeting; users: User[]; contacts: Contact[]; editable: boolean; decide: ReturnType<typeof useTranscript>['decide'] }) {
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const [showAll, setShowAll] = useState(false);
  const allPending = items.filter((s) => s.status === 'pending');
  // The extractor shows at once only what it is confident of; the rest waits here until the CSM asks for it.
  const more = allPending.filter((s) => s.payload.shown === false);
  const pending = showAll ? allPending : allPending.filter((s) => s.payload.shown !== false);
  const decided = items.filter((s) => s.status !== 'pending');

  const focusAt = (index: number) => {
    const rows = listRef.current?.querySelectorAll<HTMLElement>('li.suggestion');
    rows?.[Math.max(0, Math.min(index, rows.length - 1))]?.focus();
  };
  // After a decision, focus goes to the next suggestion once the decided one has left the list (or to
  // the panel's heading when none is left), never to a button that is disabled or gone.
  const focusNext = useRef<{ id: string; index: number } | null>(null);
  useEffect(() => {
    const next = focusNext.current;
    if (!next || pending.some((p) => p.id === next.id)) return;
    focusNext.current = null;
    const heading = document.getElementById('transcript-h');
    if (pending.length > 0) focusAt(next.index);
    else if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  });
  const act = (s: Suggestion, verdict: 'accept' | 'reject', index: number, edits?: Parameters<typeof decide.mutate>[0]['edits']) => {
    setError(null);
    // Hold focus on the row while the buttons are disabled for the request.
    listRef.current?.querySelector<HTMLElement>(`li[data-suggestion-id="${s.id}"]`)?.focus();
    focusNext.current = { id: s.id, index };
    decide.mutate(
      { id: s.id, verdict, edits },
      {
        onSuccess: () => setEditing(null),
        onError: (e) => {
          focusNext.current = null;
          setError(errorText(e));
        },
      },
    );
  };
  function onKey(event: KeyboardEvent<HTMLLIElement>, s: Suggestion, index: number) {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    if (key === 'arrowdown' || key === 'j') focusAt(index + 1);
    else if (key === 'arrowup' || key === 'k') focusAt(index - 1);
    else if (!editable) return;
    else if (key === 'a') act(s, 'accept', index);
    else if (key === 'e') setEditing(s.id);
    else if (key === 'r') act(s, 'reject', index);
    else return;
    event.preventDefault();
  }

  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {pending.length > 0 ? (
        <>
          <p className="hint" id="suggestion-keys">
            {pending.length} to review. On a suggestion: ↑/↓ move, A accept, E edit then accept, R reject.
          </p>
          {editable && <SuggestionsIntoNotes meetingId={meeting.id} />}
          <ol className="suggestions" ref={listRef} aria-label="Suggestions to review" aria-describedby="suggestion-keys">
            {pending.map((s, index) => (
              <li key={s.id} data-suggestion-id={s.id} className="suggestion" tabIndex={0} onKeyDown={(e) => onKey(e, s, index)} aria-label={`${KIND_LABEL[s.kind]}: ${s.payload.text ?? s.payload.quote ?? ''}`}>
                <SuggestionBody s={s} />
                {editing === s.id ? (
                  <SuggestionEditor
                    suggestion={s}
                    meeting={meeting}
                    users={users}
                    contacts={contacts}
                    busy={decide.isPending}
                    onCancel={() => {
                      setEditing(null);
                      requestAnimationFrame(() => focusAt(index));
                    }}
                    onAccept={(edits) => act(s, 'accept', index, edits)}
                  />
                ) : (
                  editable && (
                    <div className="buttons">
                      <button type="button" className="primary" onClick={() => act(s, 'accept', index)} disabled={decide.isPending} aria-label={`Accept ${KIND_LABEL[s.kind]}: ${s.payload.text ?? s.payload.quote ?? ''}`}>
                        Accept
                      </button>
                      {s.kind !== 'sentiment' && (
                        <button type="button" onClick={() => setEditing(s.id)} aria-label={`Edit then accept: ${s.payload.text ?? ''}`}>
                          Edit…
                        </button>
                      )}
                      <button type="button" onClick={() => act(s, 'reject', index)} disabled={decide.isPending} aria-label={`Reject ${KIND_LABEL[s.kind]}: ${s.payload.text ?? s.payload.quote ?? ''}`}>
                        Reject
                      </button>
                    </div>
                  )
                )}
              </li>
            ))}
          </ol>
        </>
      ) : more.length === 0 || showAll ? (
        <p className="notice" role="status">
          Every suggestion has been decided.
        </p>
      ) : null}
      {more.length > 0 && !showAll && (
        <button type="button" className="link" onClick={() => setShowAll(true)}>
          Show {more.length} more (less likely)
        </button>
      )}
      {decided.length > 0 && (
        <details className="decided">
          <summary>
            {decided.length} decided ({decided.filter((s) => s.status === 'accepted').length} accepted)
          </summary>
          <ul>
            {decided.map((s) => (
              <li key={s.id}>
                <span className={`badge ${s.status === 'accepted' ? 'ok' : ''}`}>{s.status}</span> {KIND_LABEL[s.kind]}: {s.payload.text ?? s.payload.quote}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

function SuggestionBody({ s }: { s: Suggestion }) {
  const p = s.payload;
  const at = formatAt(p.at);
  const details: string[] = [];
  if (s.kind === 'action_item') {
    details.push(p.owner ? `owner ${p.owner}` : 'no owner named');
    if (p.side) details.push(p.side === 'customer' ? "customer's" : 'ours');
    if (p.due) details.push(`due ${p.due}`);
  }
  if (s.kind === 'risk') details.push(`${label(p.type ?? 'other')}, ${p.severity ?? 'medium'}`);
  if (s.kind === 'request') details.push(p.kind === 'support_problem' ? 'support problem' : 'feature request', ...(p.matchedTitle ? [`looks like “${p.matchedTitle}”`] : []));
  if (s.kind === 'question' && p.askedBy) details.push(`asked by ${p.askedBy}`);
  if (s.kind === 'sentiment') details.push(`${p.speaker ?? 'someone'} sounded ${p.tone ?? ''}`);
  return (
    <div className="suggestion-body">
      <p>
        <span className={`badge kind-${s.kind}`}>{KIND_LABEL[s.kind]}</span> <strong>{s.kind === 'sentiment' ? (p.speaker ?? '') : p.text}</strong>
      </p>
      {details.length > 0 && <p className="hint">{details.join(' · ')}</p>}
      {p.quote && (
        <blockquote>
          {at && <span className="at">{at}</span>} “{p.quote}”
        </blockquote>
      )}
    </div>
  );
}
