import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError, type Page } from '../../lib/api-client';
import { formatInstant, getDisplayZone, label, wallClockIn, zonedToUtc } from '../../lib/format';
import type { Meeting } from '../../lib/meeting-types';
import { clockIn } from '../../../../src/domain/calendar/call-time.ts';

const TYPES = ['cadence', 'kickoff', 'cbr', 'training', 'troubleshooting', 'internal_review'];

/** Upcoming and past calls of an account, and scheduling the next one. */
export function AccountMeetings({ accountId, canEdit, accountZone }: { accountId: string; canEdit: boolean; accountZone?: string }) {
  const meetings = useQuery({ queryKey: ['meetings', { accountId }], queryFn: () => api<Page<Meeting>>('GET', `/api/meetings?accountId=${accountId}&limit=200`) });
  const all = meetings.data?.items ?? [];
  // By state, not by the clock: a call is upcoming until it is wrapped up (or cancelled).
  const upcoming = all.filter((m) => m.state === 'planned' || m.state === 'agenda_sent').sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const past = all.filter((m) => !upcoming.includes(m)).sort((a, b) => Date.parse(b.startsAt) - Date.parse(a.startsAt));

  return (
    <section aria-labelledby="meetings-h">
      <h2 id="meetings-h">Meetings</h2>
      {canEdit && <ScheduleCall accountId={accountId} />}
      {meetings.isPending ? (
        <Loading what="meetings" />
      ) : meetings.isError ? (
        <ErrorState error={meetings.error} />
      ) : (
        <>
          <h3>Upcoming</h3>
          {upcoming.length === 0 ? <Empty>No call scheduled.</Empty> : <MeetingList meetings={upcoming} upcoming canEdit={canEdit} accountId={accountId} accountZone={accountZone} />}
          <h3>Past</h3>
          {past.length === 0 ? <Empty>No call held yet.</Empty> : <MeetingList meetings={past.slice(0, 10)} accountZone={accountZone} />}
        </>
      )}
    </section>
  );
}

function MeetingList({ meetings, upcoming = false, canEdit = false, accountId, accountZone }: { meetings: Meeting[]; upcoming?: boolean; canEdit?: boolean; accountId?: string; accountZone?: string }) {
  return (
    <ul className="meeting-list">
      {meetings.map((m) => (
        <li key={m.id}>
          <Link to={`/meetings/${m.id}`}>{formatInstant(m.startsAt)}</Link>
          {accountZone && <span className="customer-time"> (customer: {clockIn(m.startsAt, accountZone)})</span>} <span>{label(m.type)}</span> <span className={`badge state-${m.state}`}>{label(m.state)}</span>
          {upcoming && (
            <span className="meeting-actions">
              <a href={`/api/meetings/${m.id}/invite.ics`} download={`cadence-${m.startsAt.slice(0, 10)}.ics`} aria-label={`Calendar invite for the call on ${formatInstant(m.startsAt)}`}>
                Calendar
              </a>
              {canEdit && (m.state === 'planned' || m.state === 'agenda_sent') && accountId && <MoveCall meeting={m} accountId={accountId} />}
              {canEdit && m.state === 'planned' && accountId && <CancelCall meeting={m} accountId={accountId} />}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Warnings the CSM may book past (out of hours, back to back): each answers 409 naming its flag. */
type Acknowledgement = 'acknowledgeOutOfHours' | 'acknowledgeBackToBack';
const ACKNOWLEDGEMENTS: readonly string[] = ['acknowledgeOutOfHours', 'acknowledgeBackToBack'];

function asWarning(e: unknown): { field: Acknowledgement; message: string } | null {
  if (!(e instanceof ApiError) || !e.field || !ACKNOWLEDGEMENTS.includes(e.field)) return null;
  return { field: e.field as Acknowledgement, message: e.message.replace(/\. Book it anyway with acknowledge\w+$/, '.') };
}

/** The flags of the warnings already seen and booked past, for the next try. */
const flags = (acknowledged: readonly Acknowledgement[]) => Object.fromEntries(acknowledged.map((f) => [f, true]));

/** Moving sends every attendee the updated invite; outside working hours on either side it shows both local times and asks. */
function MoveCall({ meeting, accountId }: { meeting: Meeting; accountId: string }) {
  const client = useQueryClient();
  const zone = getDisplayZone();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(() => wallClockIn(zone, new Date(meeting.startsAt)).date);
  const [time, setTime] = useState(() => wallClockIn(zone, new Date(meeting.startsAt)).time);
  const [error, setError] = useState<string | null>(null);
  const [outOfHours, setOutOfHours] = useState<string | null>(null);
  const [acks, setAcks] = useState<Acknowledgement[]>([]);
  const move = useMutation({
    mutationFn: (acknowledged: Acknowledgement[]) => api<Meeting>('PATCH', `/api/meetings/${meeting.id}`, { startsAt: zonedToUtc(date, time, zone), ...flags(acknowledged) }),
    onSuccess: () => {
      setOpen(false);
      setOutOfHours(null);
      void client.invalidateQueries({ queryKey: ['meetings'] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    },
    onError: (e) => {
      const warning = asWarning(e);
      if (warning) {
        setAcks((seen) => [...seen.filter((f) => f !== warning.field), warning.field]);
        return setOutOfHours(warning.message);
      }
      setError(e instanceof ApiError ? e.message : 'Cadence could not be reached');
    },
  });
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)} aria-label={`Move call on ${formatInstant(meeting.startsAt)}`}>
        Move
      </button>
    );
  return (
    <form
      className="confirm"
      aria-label={`Move the call on ${formatInstant(meeting.startsAt)}`}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        setOutOfHours(null);
        setAcks([]);
        move.mutate([]);
      }}
    >
      <label>
        New date <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
      </label>{' '}
      <label>
        New time <input type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
      </label>{' '}
      <button type="submit" className="primary" disabled={move.isPending}>
        Move and tell the attendees
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)} disabled={move.isPending}>
        Keep it
      </button>
      {outOfHours && (
        <span className="warning" role="alert">
          {' '}
          {outOfHours.charAt(0).toUpperCase() + outOfHours.slice(1)}{' '}
          <button type="button" onClick={() => move.mutate(acks)} disabled={move.isPending}>
            Move anyway
          </button>
        </span>
      )}
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </form>
  );
}

/** Cancelling tells the attendees (a METHOD:CANCEL invite), so it asks first. */
function CancelCall({ meeting, accountId }: { meeting: Meeting; accountId: string }) {
  const client = useQueryClient();
  const [asking, setAsking] = useState(false);
  const when = formatInstant(meeting.startsAt);
  const cancel = useMutation({
    mutationFn: () => api<{ meeting: Meeting; notified: string[] }>('POST', `/api/meetings/${meeting.id}/cancel`),
    onSuccess: () => {
      setAsking(false);
      void client.invalidateQueries({ queryKey: ['meetings'] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      void client.invalidateQueries({ queryKey: ['cadence', accountId] });
    },
  });
  if (!asking)
    return (
      <button type="button" className="link" onClick={() => setAsking(true)} aria-label={`Cancel call on ${when}`}>
        Cancel call
      </button>
    );
  return (
    <span role="group" aria-label={`Confirm cancelling the call on ${when}`} className="confirm">
      Cancel the call and tell the attendees?{' '}
      <button type="button" className="danger" onClick={() => cancel.mutate()} disabled={cancel.isPending}>
        {cancel.isPending ? 'Cancelling…' : 'Yes, cancel it'}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)} disabled={cancel.isPending}>
        Keep it
      </button>
      {cancel.isError && (
        <span className="error" role="alert">
          {' '}
          {cancel.error instanceof ApiError ? cancel.error.message : 'Cadence could not be reached'}
        </span>
      )}
    </span>
  );
}

function ScheduleCall({ accountId }: { accountId: string }) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const zone = getDisplayZone();
  const tomorrow = wallClockIn(zone, new Date(Date.now() + 86_400_000)).date;
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState(tomorrow);
  const [time, setTime] = useState('10:00');
  const [duration, setDuration] = useState(30);
  const [type, setType] = useState('cadence');
  const [error, setError] = useState<string | null>(null);
  // A call outside 08:00–18:00 on either side: the server names both local times; the CSM may book it anyway.
  const [outOfHours, setOutOfHours] = useState<string | null>(null);
  const [acks, setAcks] = useState<Acknowledgement[]>([]);
  const schedule = useMutation({
    mutationFn: (acknowledged: Acknowledgement[]) => api<Meeting>('POST', '/api/meetings', { accountId, startsAt: zonedToUtc(date, time, zone), durationMinutes: duration, type, timezone: zone, ...flags(acknowledged) }),
    onSuccess: (m) => {
      void client.invalidateQueries({ queryKey: ['meetings'] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      navigate(`/meetings/${m.id}`);
    },
    onError: (e) => {
      const warning = asWarning(e);
      if (warning) {
        setAcks((seen) => [...seen.filter((f) => f !== warning.field), warning.field]);
        return setOutOfHours(warning.message);
      }
      setError(e instanceof ApiError ? `${e.field ? `${e.field}: ` : ''}${e.message}` : 'Cadence could not be reached');
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!date || !time) return setError('Choose a date and a time.');
    setError(null);
    setOutOfHours(null);
    setAcks([]);
    schedule.mutate([]);
  }
  if (!open)
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)}>
        Schedule a call
      </button>
    );
  return (
    <form className="schedule" onSubmit={submit} aria-label="Schedule a call">
      <div className="form-row">
        <label>
          Date <input type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        </label>
        <label>
          Time <input type="time" value={time} onChange={(e) => setTime(e.target.value)} required />
        </label>
        <label>
          Minutes <input type="number" min={5} max={480} step={5} value={duration} onChange={(e) => setDuration(Number(e.target.value))} />
        </label>
        <label>
          Type{' '}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">Time in {zone.replace(/_/g, ' ')}.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {outOfHours && (
        <p className="warning" role="alert">
          {outOfHours.charAt(0).toUpperCase() + outOfHours.slice(1)}{' '}
          <button type="button" onClick={() => schedule.mutate(acks)} disabled={schedule.isPending}>
            Book anyway
          </button>
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" disabled={schedule.isPending}>
          {schedule.isPending ? 'Scheduling…' : 'Schedule'}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
