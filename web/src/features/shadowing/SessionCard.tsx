import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MessagesSquare, Save } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import type { Agenda } from '../../lib/meeting-types';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import { activityLabel, type DebriefAnswer, type PairingWithProgress, type ShadowSession } from './shadowing-api';

type Side = 'senior' | 'new';
type Notes = NonNullable<ShadowSession['seniorNotes']>;

/** A shadowed session: each side's notes (written apart, shown together once both wrote) and the debrief. */
export function SessionCard({ pairing, session, newName, seniorName }: { pairing: PairingWithProgress; session: ShadowSession; newName: string; seniorName: string }) {
  const { user } = useSession();
  const [showDebrief, setShowDebrief] = useState(false);
  const agenda = useQuery({
    queryKey: ['agenda', session.meetingId],
    queryFn: () => api<Agenda>('GET', `/api/meetings/${session.meetingId}/agenda`),
    enabled: session.meetingId !== null,
    retry: false,
  });
  const items = agenda.data?.items ?? [];
  const mine: Side | null = user.id === pairing.seniorCsmId ? 'senior' : user.id === pairing.newCsmId ? 'new' : null;
  const bothWrote = session.seniorNotes !== null && session.newCsmNotes !== null;
  const lead = user.role === 'manager' || user.role === 'admin';
  const headingId = `session-${session.id}`;
  return (
    <article className="ui-card shadow-session" aria-labelledby={headingId}>
      <header className="ui-card-head">
        <h4 id={headingId}>
          {activityLabel(session.activity)} · {formatDate(session.on)}
        </h4>
        {session.meetingId && (
          <Link to={`/meetings/${session.meetingId}`} className="muted">
            Open the call
          </Link>
        )}
      </header>
      <div className="two-sides">
        {(['senior', 'new'] as const).map((side) => {
          const who = side === 'senior' ? seniorName : newName;
          const notes = side === 'senior' ? session.seniorNotes : session.newCsmNotes;
          const mayWrite = user.role !== 'viewer' && (mine === side || lead);
          // The other side's notes stay hidden from a CSM of the pair until they wrote their own: the debrief compares what each noticed alone.
          const hidden = mine !== null && mine !== side && !bothWrote;
          return (
            <section key={side} aria-label={`${who}'s notes`} className="shadow-side">
              <h5>
                {who}&apos;s notes <small>({side === 'senior' ? 'senior CSM' : 'new CSM'})</small> {notes ? <Badge tone="success">written</Badge> : <Badge>not yet</Badge>}
              </h5>
              {hidden ? (
                <p className="hint">{notes ? `${who} has written their notes: you see them once you wrote yours.` : `${who} has not written their notes yet.`}</p>
              ) : mayWrite ? (
                <NotesForm pairingId={pairing.id} sessionId={session.id} side={side} who={who} saved={notes} items={items} onDebrief={() => setShowDebrief(true)} />
              ) : notes ? (
                <NotesView notes={notes} items={items} />
              ) : (
                <p className="hint">Not written yet.</p>
              )}
            </section>
          );
        })}
      </div>
      <div className="form-actions">
        <Button icon={MessagesSquare} onClick={() => setShowDebrief(!showDebrief)} aria-expanded={showDebrief}>
          {showDebrief ? 'Hide the debrief' : 'Open the debrief'}
        </Button>
      </div>
      {showDebrief && <Debrief pairingId={pairing.id} sessionId={session.id} newName={newName} seniorName={seniorName} />}
      {agenda.isError && session.meetingId && <p className="hint">The call&apos;s agenda is not yours to see: notes are by action item only.</p>}
    </article>
  );
}

function NotesView({ notes, items }: { notes: Notes; items: Agenda['items'] }) {
  const noted = items.filter((i) => (notes.notesByItem[i.id] ?? '').trim() !== '');
  return (
    <>
      {noted.length > 0 && (
        <dl className="shadow-item-notes">
          {noted.map((i) => (
            <div key={i.id}>
              <dt>{i.text}</dt>
              <dd className="pre-line">{notes.notesByItem[i.id]}</dd>
            </div>
          ))}
        </dl>
      )}
      {notes.actionItems.length ? (
        <ul aria-label="Action items noted">
          {notes.actionItems.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      ) : (
        <p className="hint">No action item noted.</p>
      )}
    </>
  );
}

function NotesForm({ pairingId, sessionId, side, who, saved, items, onDebrief }: { pairingId: string; sessionId: string; side: Side; who: string; saved: Notes | null; items: Agenda['items']; onDebrief: () => void }) {
  const client = useQueryClient();
  const [byItem, setByItem] = useState<Record<string, string>>(() => ({ ...(saved?.notesByItem ?? {}) }));
  const [actions, setActions] = useState(() => (saved?.actionItems ?? []).join('\n'));
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const prefix = `sn-${sessionId}-${side}`;
  const save = useMutation({
    mutationFn: () =>
      api<DebriefAnswer>('PUT', `/api/shadowing/${encodeURIComponent(pairingId)}/sessions/${encodeURIComponent(sessionId)}/notes`, {
        side,
        notesByItem: Object.fromEntries(Object.entries(byItem).filter(([, v]) => v.trim() !== '')),
        actionItems: actions
          .split('\n')
          .map((a) => a.trim())
          .filter(Boolean),
      }),
    onMutate: () => {
      setProblem(null);
      setDone(null);
    },
    onSuccess: (answer) => {
      client.setQueryData(['shadowing', pairingId, sessionId, 'debrief'], answer);
      void client.invalidateQueries({ queryKey: ['shadowing', pairingId] });
      setDone(answer.debrief ? 'Notes saved. Both sides have written theirs: the debrief is ready.' : 'Notes saved. The debrief opens once the other side has written theirs too.');
      if (answer.debrief) onDebrief();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate className="shadow-notes">
      {items.map((item) => (
        <label key={item.id} className="shadow-item-field">
          <span>{item.text}</span>
          <textarea rows={2} value={byItem[item.id] ?? ''} onChange={(e) => setByItem({ ...byItem, [item.id]: e.target.value })} aria-label={`${who}'s note on ${item.text}`} />
        </label>
      ))}
      <label htmlFor={`${prefix}-actions`}>{who}&apos;s action items (one a line)</label>
      <textarea id={`${prefix}-actions`} rows={4} value={actions} onChange={(e) => setActions(e.target.value)} {...invalidProps(problem, 'actionItems', `${prefix}-actions`)} />
      <FieldError problem={problem} field="actionItems" id={`${prefix}-actions`} />
      <FormError problem={problem} fields={['actionItems']} />
      <div className="form-actions">
        <Button type="submit" variant="primary" size="sm" icon={Save} disabled={save.isPending}>
          Save {who}&apos;s notes
        </Button>
        {done && (
          <span className="notice" role="status">
            {done}
          </span>
        )}
      </div>
    </form>
  );
}

const NOTED: Record<string, string> = { both: 'both noted it', senior_only: 'only the senior CSM', new_only: 'only the new CSM', neither: 'neither noted it' };

function Debrief({ pairingId, sessionId, newName, seniorName }: { pairingId: string; sessionId: string; newName: string; seniorName: string }) {
  const debrief = useQuery({
    queryKey: ['shadowing', pairingId, sessionId, 'debrief'],
    queryFn: () => api<DebriefAnswer>('GET', `/api/shadowing/${encodeURIComponent(pairingId)}/sessions/${encodeURIComponent(sessionId)}/debrief`),
  });
  if (debrief.isPending) return <Loading what="the debrief" />;
  if (debrief.isError) return <ErrorState error={debrief.error} />;
  const d = debrief.data.debrief;
  if (!d)
    return (
      <p className="hint">
        The debrief opens once both {seniorName} and {newName} have written their notes.
      </p>
    );
  return (
    <section className="shadow-debrief" aria-labelledby={`debrief-${sessionId}`}>
      <h5 id={`debrief-${sessionId}`}>Debrief</h5>
      <p>
        <strong>{d.agreement}%</strong> of what either noted, both noted.
      </p>
      {d.from === 'live_notes' && (
        <p className="hint">
          With what each typed in the call&apos;s live notes
          {d.liveCharacters ? ` (${seniorName} ${d.liveCharacters.senior} characters, ${newName} ${d.liveCharacters.new})` : ''}.
        </p>
      )}
      {d.agendaItems.length > 0 && (
        <ul aria-label="Agenda items noted">
          {d.agendaItems.map((i) => (
            <li key={i.id}>
              {i.text}: <Badge tone={i.noted === 'both' ? 'success' : i.noted === 'neither' ? 'neutral' : 'warning'}>{NOTED[i.noted] ?? i.noted}</Badge>
            </li>
          ))}
        </ul>
      )}
      <h6>Action items both wrote down</h6>
      {d.actionItems.both.length ? (
        <ul aria-label="Action items both wrote down">
          {d.actionItems.both.map((b, i) => (
            <li key={i}>
              {b.senior}
              {b.new !== b.senior && (
                <small>
                  {' '}
                  ({newName}: {b.new})
                </small>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">None in common.</p>
      )}
      <h6>Only {seniorName} noted</h6>
      {d.actionItems.seniorOnly.length ? (
        <ul aria-label={`Only ${seniorName} noted`}>
          {d.actionItems.seniorOnly.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      ) : (
        <p className="hint">Nothing.</p>
      )}
      <h6>Only {newName} noted</h6>
      {d.actionItems.newOnly.length ? (
        <ul aria-label={`Only ${newName} noted`}>
          {d.actionItems.newOnly.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      ) : (
        <p className="hint">Nothing.</p>
      )}
    </section>
  );
}
