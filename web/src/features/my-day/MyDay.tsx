import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError } from '../../lib/api-client';
import { formatDate, formatHoursLeft, formatInstant, formatTime, label } from '../../lib/format';

import type { MyDay as MyDayData } from '../../../../src/server/routes/my-day.schema.ts';

/** A CSM's day: today's calls, tasks, agendas to send and follow-ups owed. */
export function MyDay() {
  const { user } = useSession();
  const day = useQuery({ queryKey: ['my-day'], queryFn: () => api<MyDayData>('GET', '/api/my-day'), refetchInterval: 60_000 });
  if (day.isPending) return <Loading what="your day" />;
  if (day.isError) {
    if (day.error instanceof ApiError && day.error.code === 'invalid') return <Empty>{day.error.message}</Empty>;
    return <ErrorState error={day.error} />;
  }
  const d = day.data;
  return (
    <section className="my-day">
      <h1>
        My day <small>{formatDate(d.date)}</small>
      </h1>
      <p className="hint">
        Good to see you, {user.name.split(' ')[0]}. Times are in {d.timezone.replace(/_/g, ' ')}.
      </p>
      <div className="day-grid">
        <section aria-labelledby="calls-h" className="card">
          <h2 id="calls-h">Calls today</h2>
          {d.callsToday.length === 0 ? (
            <Empty>No calls today.</Empty>
          ) : (
            <ul className="day-list">
              {d.callsToday.map((m) => (
                <li key={m.id}>
                  <time dateTime={m.startsAt}>{formatTime(m.startsAt)}</time>
                  <Link to={`/meetings/${m.id}`}>{m.accountName}</Link>
                  <span className={`badge ${m.agendaSent ? 'ok' : 'warn'}`}>{m.agendaSent ? 'agenda sent' : 'agenda not sent'}</span>
                  <small>{label(m.state)}</small>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="fu-owed-h" className="card">
          <h2 id="fu-owed-h">Follow-ups owed</h2>
          {d.followUpsOwed.length === 0 ? (
            <Empty>Every held call is followed up.</Empty>
          ) : (
            <ul className="day-list">
              {d.followUpsOwed.map((m) => (
                <li key={m.id}>
                  <Link to={`/meetings/${m.id}`}>{m.accountName}</Link>
                  <span className={`badge ${m.late ? 'warn' : ''}`} title={`Due ${formatInstant(m.dueAt)}`}>
                    {formatHoursLeft(m.hoursLeft)}
                  </span>
                  <small>held call of {formatInstant(m.startsAt)}</small>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="agendas-h" className="card">
          <h2 id="agendas-h">Agendas to send</h2>
          {d.agendasToSend.length === 0 ? (
            <Empty>No agenda is due in the next two business days.</Empty>
          ) : (
            <ul className="day-list">
              {d.agendasToSend.map((m) => (
                <li key={m.id}>
                  <Link to={`/meetings/${m.id}`}>{m.accountName}</Link>
                  <span className={`badge ${m.late ? 'warn' : ''}`}>{m.late ? `late: was due ${formatInstant(m.sendBy)}` : `send by ${formatInstant(m.sendBy)}`}</span>
                  <small>call {formatInstant(m.startsAt)}</small>
                </li>
              ))}
            </ul>
          )}
        </section>
        <Tasks tasks={d.tasksDue} />
      </div>
    </section>
  );
}

function Tasks({ tasks }: { tasks: MyDayData['tasksDue'] }) {
  const client = useQueryClient();
  const close = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'done' | 'dismissed' }) => api('PATCH', `/api/tasks/${id}`, { status }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['my-day'] }),
  });
  return (
    <section aria-labelledby="tasks-h" className="card">
      <h2 id="tasks-h">Tasks due</h2>
      {close.isError && (
        <p className="error" role="alert">
          {close.error instanceof ApiError ? close.error.message : 'Could not update the task'}
        </p>
      )}
      {tasks.length === 0 ? (
        <Empty>No task due today.</Empty>
      ) : (
        <ul className="day-list">
          {tasks.map((t) => (
            <li key={t.id}>
              <span>{t.accountId ? <Link to={`/accounts/${t.accountId}`}>{t.title}</Link> : t.title}</span>
              <span className={`badge ${t.overdue ? 'warn' : ''}`}>{t.overdue ? 'overdue' : `due ${formatTime(t.dueAt)}`}</span>
              <button type="button" onClick={() => close.mutate({ id: t.id, status: 'done' })} aria-label={`Done: ${t.title}`}>
                Done
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
