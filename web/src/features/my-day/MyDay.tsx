import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError } from '../../lib/api-client';
import { formatDate, formatInstant } from '../../lib/format';
import { accountTabPath } from '../accounts/account-tabs';
import './my-day.css';
import './unmatched-events.css';
import { CalendarTrouble, UnmatchedEvents } from './UnmatchedEvents';

import type { MyDay as MyDayData } from '../../../../src/server/routes/my-day.schema.ts';

type CockpitItem = MyDayData['cockpit'][number];

/** Where an item takes the user: the meeting's panel, the account's part, the action item. */
export function cockpitHref(target: CockpitItem['target']): string {
  if (target.type === 'meeting') return `/meetings/${target.id}#${target.panel}`;
  if (target.type === 'handoff') return `/handoffs/${target.id}`;
  // The account page has a tab for each part: the renewal is in its header, on the Overview.
  if (target.type === 'action_item') return `${accountTabPath(target.accountId, 'action-items')}#action-item-${target.id}`;
  return accountTabPath(target.id, target.section === 'meetings' ? 'meetings' : 'overview');
}

const KIND_WORDS: Record<CockpitItem['kind'], string> = {
  follow_up: 'Follow-up',
  wrap_up: 'Wrap-up',
  call: 'Call today',
  agenda: 'Agenda',
  cadence: 'Cadence',
  renewal: 'Renewal',
  task: 'Task',
};

/** A CSM's day as a cockpit: one list, what to do first at the top, each with its reason. */
export function MyDay() {
  const { user } = useSession();
  // Updates on its own: every minute, and when the tab comes back into view.
  const day = useQuery({ queryKey: ['my-day'], queryFn: () => api<MyDayData>('GET', '/api/my-day'), refetchInterval: 60_000, refetchOnWindowFocus: true, staleTime: 0 });
  if (day.isPending) return <Loading what="your day" />;
  if (day.isError) {
    if (day.error instanceof ApiError && day.error.code === 'invalid') return <Empty>{day.error.message}</Empty>;
    return <ErrorState error={day.error} />;
  }
  const d = day.data;
  const late = d.cockpit.filter((i) => i.urgency === 'late').length;
  return (
    <section className="my-day">
      <h1>
        My day <small>{formatDate(d.date)}</small>
      </h1>
      <p className="hint">
        Good to see you, {user.name.split(' ')[0]}. Times are in {d.timezone.replace(/_/g, ' ')}. {d.cockpit.length === 0 ? '' : `${d.cockpit.length} things to do${late ? `, ${late} of them late` : ''}; the first one first.`}
      </p>
      <CalendarTrouble />
      <Cockpit items={d.cockpit} />
      <UnmatchedEvents />
    </section>
  );
}

function Cockpit({ items }: { items: CockpitItem[] }) {
  const client = useQueryClient();
  const close = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'done' | 'dismissed' }) => api('PATCH', `/api/tasks/${id}`, { status }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['my-day'] }),
  });
  return (
    <section aria-labelledby="cockpit-h" className="card cockpit">
      <h2 id="cockpit-h">What to do first</h2>
      {close.isError && (
        <p className="error" role="alert">
          {close.error instanceof ApiError ? close.error.message : 'Could not update the task'}
        </p>
      )}
      {items.length === 0 ? (
        <Empty>Nothing to do right now: no follow-up owed, no call to prepare, every cadence on time. The book of business shows what is coming.</Empty>
      ) : (
        <ol className="cockpit-list" aria-labelledby="cockpit-h">
          {items.map((item) => (
            <li key={item.key} className={`cockpit-item urgency-${item.urgency}`} data-kind={item.kind}>
              <span className={`cockpit-kind kind-${item.kind}`}>{KIND_WORDS[item.kind]}</span>
              <span className="cockpit-main">
                <Link to={cockpitHref(item.target)} className="cockpit-title">
                  {item.title}
                </Link>
                <span className="cockpit-meta">
                  {item.accountName && item.accountId ? <Link to={`/accounts/${item.accountId}`}>{item.accountName}</Link> : null}
                  {item.dueAt && item.kind !== 'cadence' ? <time dateTime={item.dueAt}>{formatInstant(item.dueAt)}</time> : null}
                </span>
              </span>
              <span className={`cockpit-reason reason-${item.urgency}`}>{item.reason}</span>
              {item.taskId ? (
                <span className="cockpit-actions">
                  <button type="button" className="done-button" onClick={() => close.mutate({ id: item.taskId!, status: 'done' })} aria-label={`Done: ${item.title}`}>
                    Done
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
