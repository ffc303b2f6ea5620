import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError, type Account, type Contact, type Page } from '../../lib/api-client';
import { formatInstant, getDisplayZone, label, wallClockIn, zonedToUtc } from '../../lib/format';
import type { Meeting } from '../../lib/meeting-types';
import { clockIn } from '../../../../src/domain/calendar/call-time.ts';
import { SERIES_FREQUENCIES } from '../../../../src/domain/calendar/recurrence.ts';
import { useUsers } from './use-users';
import './csm-forms.css';

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
          {m.seriesId && <span className="badge">series</span>}
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
  // A call of a series moves alone unless the CSM says every call moves (by the same local shift).
  const [scope, setScope] = useState<'occurrence' | 'series'>('occurrence');
  const move = useMutation({
    mutationFn: (acknowledged: Acknowledgement[]) => api<Meeting>('PATCH', `/api/meetings/${meeting.id}`, { startsAt: zonedToUtc(date, time, zone), ...(meeting.seriesId ? { scope } : {}), ...flags(acknowledged) }),
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
      {meeting.seriesId && (
        <span role="radiogroup" aria-label="Which calls move" className="inline-check">
          <label className="inline-check">
            <input type="radio" name={`scope-${meeting.id}`} checked={scope === 'occurrence'} onChange={() => setScope('occurrence')} /> only this call
          </label>
          <label className="inline-check">
            <input type="radio" name={`scope-${meeting.id}`} checked={scope === 'series'} onChange={() => setScope('series')} /> every call of the series
          </label>
        </span>
      )}{' '}
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
  const [repeat, setRepeat] = useState<'' | (typeof SERIES_FREQUENCIES)[number]>('');
  const [ends, setEnds] = useState<'count' | 'until'>('count');
  const [count, setCount] = useState(6);
  const [until, setUntil] = useState('');
  const people = useAttendeeChoices(accountId);
  // Unset: the server's own default (the account team; champion, buyer and admins with an email).
  const [pickedUsers, setPickedUsers] = useState<string[] | null>(null);
  const [pickedContacts, setPickedContacts] = useState<string[] | null>(null);
  const userIds = pickedUsers ?? people.defaultUsers;
  const contactIds = pickedContacts ?? people.defaultContacts;
  const [error, setError] = useState<string | null>(null);
  // A call outside 08:00–18:00 on either side: the server names both local times; the CSM may book it anyway.
  const [outOfHours, setOutOfHours] = useState<string | null>(null);
  const [acks, setAcks] = useState<Acknowledgement[]>([]);
  const schedule = useMutation({
    mutationFn: (acknowledged: Acknowledgement[]) =>
      api<Meeting>('POST', '/api/meetings', {
        accountId,
        startsAt: zonedToUtc(date, time, zone),
        durationMinutes: duration,
        type,
        timezone: zone,
        ...(people.ready ? { attendeeUserIds: userIds, attendeeContactIds: contactIds } : {}),
        ...(repeat ? { recurrence: ends === 'count' ? { frequency: repeat, count } : { frequency: repeat, until } } : {}),
        ...flags(acknowledged),
      }),
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
    if (repeat && ends === 'until' && !until) return setError('Say when the series ends: a last date, or a number of calls.');
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
      <div className="form-row">
        <label>
          Repeats{' '}
          <select value={repeat} onChange={(e) => setRepeat(e.target.value as typeof repeat)}>
            <option value="">does not repeat</option>
            {SERIES_FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {f === 'biweekly' ? 'every two weeks' : f}
              </option>
            ))}
          </select>
        </label>
        {repeat && (
          <>
            <label className="inline-check">
              <input type="radio" name="series-ends" checked={ends === 'count'} onChange={() => setEnds('count')} /> ends after
            </label>
            <label>
              <span className="visually-hidden">Number of calls</span>
              <input type="number" min={1} max={52} value={count} onChange={(e) => setCount(Number(e.target.value))} disabled={ends !== 'count'} aria-label="Number of calls" /> calls
            </label>
            <label className="inline-check">
              <input type="radio" name="series-ends" checked={ends === 'until'} onChange={() => setEnds('until')} /> ends on
            </label>
            <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} disabled={ends !== 'until'} aria-label="Last date of the series" />
          </>
        )}
      </div>
      {people.ready && (
        <fieldset className="attendee-picker">
          <legend>Attendees</legend>
          {people.users.length > 0 && (
            <ul aria-label="Your side" data-side="Our side">
              {people.users.map((u) => (
                <li key={u.id}>
                  <label className="inline-check">
                    <input type="checkbox" checked={userIds.includes(u.id)} onChange={(e) => setPickedUsers(e.target.checked ? [...userIds, u.id] : userIds.filter((x) => x !== u.id))} /> {u.name} <small className="muted">{u.role}</small>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {people.contacts.length === 0 ? (
            <p className="hint">No contacts on this account yet: add them on the Contacts tab to invite them.</p>
          ) : (
            <ul aria-label="The customer's side" data-side="Customer">
              {people.contacts.map((c) => (
                <li key={c.id}>
                  <label className="inline-check">
                    <input type="checkbox" checked={contactIds.includes(c.id)} onChange={(e) => setPickedContacts(e.target.checked ? [...contactIds, c.id] : contactIds.filter((x) => x !== c.id))} /> {c.name}{' '}
                    <small className="muted">
                      {label(c.role)}
                      {c.email ? '' : ', no email: cannot get the agenda'}
                    </small>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
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

/**
 * Who may be invited: the account's owner and team on our side, its active contacts on theirs, and
 * who the server would invite by default (ticked to begin with).
 */
function useAttendeeChoices(accountId: string) {
  const account = useQuery({ queryKey: ['account', accountId], queryFn: () => api<Account>('GET', `/api/accounts/${accountId}`) });
  const contacts = useQuery({ queryKey: ['contacts', accountId], queryFn: () => api<Page<Contact>>('GET', `/api/contacts?accountId=${accountId}&limit=200`) });
  const users = useUsers();
  const a = account.data;
  const team = a ? [...new Set([a.ownerId, ...a.team.filter((m) => m.role !== 'shadow').map((m) => m.userId)].filter((id): id is string => !!id))] : [];
  const active = (contacts.data?.items ?? []).filter((c) => c.status === 'active');
  return {
    ready: account.isSuccess && contacts.isSuccess && users.isSuccess,
    users: team.map((id) => ({ id, name: users.byId.get(id)?.name ?? 'someone', role: id === a?.ownerId ? 'CSM' : (a?.team.find((m) => m.userId === id)?.role.toUpperCase() ?? '') })),
    contacts: active,
    defaultUsers: team,
    defaultContacts: active.filter((c) => c.email && c.role !== 'user').map((c) => c.id),
  };
}
