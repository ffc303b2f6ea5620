import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CalendarPlus, CheckCircle2, Circle } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { useSession } from '../../app/session';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatDate, formatInstant } from '../../lib/format';
import type { Meeting } from '../../lib/meeting-types';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import { ACTIVITIES, activityLabel, type PairingWithProgress, type ShadowingActivity } from './shadowing-api';
import { statusTone, usePeople } from './use-people';
import { SessionCard } from './SessionCard';

/** One pairing: the checklist, the sessions with both sides' notes, and each call's debrief. */
export function PairingDetail() {
  const { id = '' } = useParams();
  const people = usePeople();
  const { user } = useSession();
  const pairing = useQuery({ queryKey: ['shadowing', id], queryFn: () => api<PairingWithProgress>('GET', `/api/shadowing/${encodeURIComponent(id)}`) });
  if (pairing.isPending) return <Loading what="the shadowing pairing" />;
  if (pairing.isError) return <ErrorState error={pairing.error} />;
  const p = pairing.data;
  const newName = people.name(p.newCsmId);
  const seniorName = people.name(p.seniorCsmId);
  const mayRecord = user.role !== 'viewer' && (user.role === 'admin' || user.role === 'manager' || user.id === p.newCsmId || user.id === p.seniorCsmId);
  const sessions = [...p.sessions].sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
  return (
    <section className="shadowing" aria-labelledby="pairing-h">
      <p className="crumbs">
        <Link to="..">All shadowing pairings</Link>
      </p>
      <h2 id="pairing-h">
        {newName} shadows {seniorName}
      </h2>
      <p>
        {formatDate(p.startsOn)} – {formatDate(p.endsOn)} <Badge tone={statusTone(p.progress.status)}>{p.progress.status === 'active' ? `${p.progress.daysLeft} days left` : p.progress.status}</Badge>{' '}
        {p.progress.complete ? <Badge tone="success">checklist complete</Badge> : <span>{p.progress.percent}% of the checklist done</span>}
      </p>
      <div className="meter" role="img" aria-label={`${p.progress.percent}% of the checklist done`}>
        <div className="meter-fill meter-green" style={{ width: `${p.progress.percent}%` }} />
      </div>
      <h3>Checklist</h3>
      <ul className="shadow-checklist" aria-label="Checklist">
        {p.progress.items.map((item) => (
          <li key={item.activity} className={item.complete ? 'done' : ''}>
            {item.complete ? <CheckCircle2 aria-hidden="true" size={16} /> : <Circle aria-hidden="true" size={16} />} {item.label}:{' '}
            <strong>
              {item.done} of {item.required}
            </strong>
            {item.complete && <span className="visually-hidden"> (complete)</span>}
          </li>
        ))}
      </ul>
      {mayRecord && <RecordSession pairing={p} />}
      <h3>Sessions</h3>
      {sessions.length === 0 ? (
        <Empty>No session yet. Record the first one above when {newName} joins a prep, a call or the work after it.</Empty>
      ) : (
        sessions.map((s) => <SessionCard key={s.id} pairing={p} session={s} newName={newName} seniorName={seniorName} />)
      )}
    </section>
  );
}

function RecordSession({ pairing }: { pairing: PairingWithProgress }) {
  const client = useQueryClient();
  const [activity, setActivity] = useState<ShadowingActivity>('cadence_call');
  const [on, setOn] = useState(() => {
    const t = new Date().toISOString().slice(0, 10);
    return t < pairing.startsOn ? pairing.startsOn : t > pairing.endsOn ? pairing.endsOn : t;
  });
  const [meetingId, setMeetingId] = useState('');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // The calls in the pairing's period that the signed-in user sees: a session on a call brings its agenda into the debrief.
  const from = `${pairing.startsOn}T00:00:00.000Z`;
  const to = `${pairing.endsOn}T23:59:59.999Z`;
  const meetings = useQuery({
    queryKey: ['meetings', 'shadowing', pairing.id],
    queryFn: () => api<{ items: Meeting[] }>('GET', `/api/meetings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=200`),
  });
  const record = useMutation({
    mutationFn: () => api<PairingWithProgress>('POST', `/api/shadowing/${encodeURIComponent(pairing.id)}/sessions`, { activity, ...(meetingId ? { meetingId } : { on }) }),
    onMutate: () => {
      setProblem(null);
      setSaved(null);
    },
    onSuccess: (p) => {
      client.setQueryData(['shadowing', pairing.id], p);
      void client.invalidateQueries({ queryKey: ['shadowing'] });
      setSaved(`${activityLabel(activity)} recorded.`);
      setMeetingId('');
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    record.mutate();
  }
  return (
    <form className="inline-form settings-form" onSubmit={submit} noValidate aria-labelledby="record-session-h">
      <h3 id="record-session-h">Record a session</h3>
      <div className="field-grid">
        <label htmlFor="ss-activity">What was shadowed</label>
        <span>
          <select id="ss-activity" value={activity} onChange={(e) => setActivity(e.target.value as ShadowingActivity)} {...invalidProps(problem, 'activity', 'ss-activity')}>
            {ACTIVITIES.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
          <FieldError problem={problem} field="activity" id="ss-activity" />
        </span>
        <label htmlFor="ss-meeting">The call (optional)</label>
        <span>
          <select id="ss-meeting" value={meetingId} onChange={(e) => setMeetingId(e.target.value)} {...invalidProps(problem, 'meetingId', 'ss-meeting')}>
            <option value="">no call: a day</option>
            {(meetings.data?.items ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.title} · {formatInstant(m.startsAt)}
              </option>
            ))}
          </select>
          <FieldError problem={problem} field="meetingId" id="ss-meeting" />
        </span>
        {!meetingId && (
          <>
            <label htmlFor="ss-on">On</label>
            <span>
              <input id="ss-on" type="date" value={on} min={pairing.startsOn} max={pairing.endsOn} onChange={(e) => setOn(e.target.value)} {...invalidProps(problem, 'on', 'ss-on')} />
              <FieldError problem={problem} field="on" id="ss-on" />
            </span>
          </>
        )}
      </div>
      <FormError problem={problem} fields={['activity', 'meetingId', ...(meetingId ? [] : ['on'])]} />
      <div className="form-actions">
        <Button type="submit" variant="primary" icon={CalendarPlus} disabled={record.isPending}>
          Record session
        </Button>
        {saved && (
          <span className="notice" role="status">
            {saved}
          </span>
        )}
      </div>
    </form>
  );
}
