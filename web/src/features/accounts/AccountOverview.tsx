import { useQuery } from '@tanstack/react-query';
import { CalendarDays, FileBarChart, History, LifeBuoy, ListChecks, Target, TriangleAlert, Users } from 'lucide-react';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading } from '../../app/states';
import { Avatar } from '../../components/Avatar';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import { Stat } from '../../components/Stat';
import { api, type Account, type Contact, type Page, type TimelineEntry } from '../../lib/api-client';
import { formatInstant, label } from '../../lib/format';
import type { ActionItem, Meeting } from '../../lib/meeting-types';
import { accountTabPath } from './account-tabs';
import { AccountCadence } from './AccountCadence';
import { AccountCrmSync } from './AccountCrmSync';
import { AccountExpansion } from './AccountExpansion';
import { AccountHealth } from './AccountHealth';
import { AccountInternalUpdates, AccountSalesContext } from './AccountSalesContext';
import type { TrackerItems } from './AccountTrackerItems';
import { licenceUse } from '../../../../src/domain/model.ts';
import { clockIn } from '../../../../src/domain/calendar/call-time.ts';
import type { RiskRegisterView } from '../../../../src/server/routes/risks.schema.ts';
import type { SuccessPlanView } from '../../../../src/server/routes/success-plans.schema.ts';

const KEY_ROLES = ['champion', 'economic_buyer'];

/** The first tab: health and cadence, what is coming up and open, the people, and the latest of the timeline. */
export function AccountOverview({ account: a, canEdit, contacts, timeline, names }: { account: Account; canEdit: boolean; contacts: Contact[] | undefined; timeline: Page<TimelineEntry> | undefined; names: (id: string) => string }) {
  const use = licenceUse(a);
  return (
    <div className="overview">
      <div className="overview-top">
        <AccountHealth accountId={a.id} canEdit={canEdit} />
        <div className="overview-side">
          <AccountCadence accountId={a.id} canEdit={canEdit} />
          <AccountCrmSync accountId={a.id} />
        </div>
      </div>
      <div className="overview-grid">
        <ComingUp account={a} />
        <OpenWork account={a} licences={use === null ? null : { share: `${Math.round(use * 100)}%`, of: `${a.licencesUsed ?? '—'} of ${a.licencesBought ?? '—'} in use` }} />
        <Card id="people" title="People" icon={Users} actions={<Link to={accountTabPath(a.id, 'contacts')}>All contacts</Link>}>
          {contacts === undefined ? (
            <Loading what="contacts" />
          ) : (
            <ul className="people-list">
              {a.ownerId && (
                <li>
                  <Avatar name={names(a.ownerId)} size={28} /> <span>{names(a.ownerId)}</span> <small className="muted">owner (CSM)</small>
                </li>
              )}
              {a.team
                .filter((m) => m.userId !== a.ownerId)
                .map((m) => (
                  <li key={`${m.userId}-${m.role}`}>
                    <Avatar name={names(m.userId)} size={28} /> <span>{names(m.userId)}</span> <small className="muted">{m.role.toUpperCase()}</small>
                  </li>
                ))}
              {contacts
                .filter((c) => KEY_ROLES.includes(c.role))
                .map((c) => (
                  <li key={c.id} className={c.status === 'left' ? 'left' : undefined}>
                    <Avatar name={c.name} size={28} /> <span>{c.name}</span> <small className="muted">{label(c.role)}</small>
                    {c.status === 'left' && <Badge tone="danger">left</Badge>}
                  </li>
                ))}
            </ul>
          )}
        </Card>
        <AccountSalesContext accountId={a.id} canEdit={canEdit} names={names} />
        <AccountInternalUpdates accountId={a.id} canEdit={canEdit} />
        <AccountExpansion accountId={a.id} canEdit={canEdit} />
      </div>
      <Card id="recent" title="Recent activity" icon={History} actions={<Link to={accountTabPath(a.id, 'timeline')}>Full timeline</Link>}>
        {timeline === undefined ? (
          <Loading what="the timeline" />
        ) : timeline.items.length === 0 ? (
          <Empty>Nothing has happened yet.</Empty>
        ) : (
          <ol className="timeline compact">
            {timeline.items.slice(0, 5).map((t) => (
              <li key={t.id}>
                <time dateTime={t.occurredAt}>{formatInstant(t.occurredAt)}</time>
                <span>{t.summary}</span>
                <small>{t.actorId ? names(t.actorId) : 'system'}</small>
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

function ComingUp({ account: a }: { account: Account }) {
  const meetings = useQuery({ queryKey: ['meetings', { accountId: a.id }], queryFn: () => api<Page<Meeting>>('GET', `/api/meetings?accountId=${a.id}&limit=200`) });
  const all = meetings.data?.items ?? [];
  const upcoming = all.filter((m) => m.state === 'planned' || m.state === 'agenda_sent').sort((x, y) => Date.parse(x.startsAt) - Date.parse(y.startsAt));
  const last = all.filter((m) => m.state === 'held' || m.state === 'followed_up' || m.state === 'complete').sort((x, y) => Date.parse(y.startsAt) - Date.parse(x.startsAt))[0];
  return (
    <Card id="coming-up" title="Calls" icon={CalendarDays} actions={<Link to={accountTabPath(a.id, 'meetings')}>All meetings</Link>}>
      {meetings.isPending ? (
        <Loading what="meetings" />
      ) : meetings.isError ? (
        <ErrorState error={meetings.error} />
      ) : (
        <dl className="facts">
          <dt>Next</dt>
          <dd>
            {upcoming[0] ? (
              <>
                <Link to={`/meetings/${upcoming[0].id}`}>{formatInstant(upcoming[0].startsAt)}</Link> <span className="muted">({clockIn(upcoming[0].startsAt, a.timezone)})</span>{' '}
                <Badge className={`state-${upcoming[0].state}`}>{label(upcoming[0].state)}</Badge>
                {upcoming.length > 1 && <small className="muted"> and {upcoming.length - 1} more</small>}
              </>
            ) : (
              <>
                No call scheduled. <Link to={accountTabPath(a.id, 'meetings')}>Schedule one</Link>
              </>
            )}
          </dd>
          <dt>Last</dt>
          <dd>{last ? <Link to={`/meetings/${last.id}`}>{formatInstant(last.startsAt)}</Link> : 'No call held yet.'}</dd>
        </dl>
      )}
    </Card>
  );
}

function OpenWork({ account: a, licences }: { account: Account; licences: { share: string; of: string } | null }) {
  const items = useQuery({ queryKey: ['action-items', a.id, 'overview'], queryFn: () => api<Page<ActionItem>>('GET', `/api/action-items?accountId=${a.id}&status=open&limit=100`) });
  const risks = useQuery({ queryKey: ['risks', a.id, 'open,mitigating'], queryFn: () => api<RiskRegisterView>('GET', `/api/risks?accountId=${a.id}&status=open,mitigating`) });
  const tracker = useQuery({ queryKey: ['tracker-items', a.id], queryFn: () => api<TrackerItems>('GET', `/api/accounts/${a.id}/tracker-items`) });
  const plan = useQuery({ queryKey: ['objectives', a.id], queryFn: () => api<{ items: unknown[]; summary: SuccessPlanView['summary'] }>('GET', `/api/accounts/${a.id}/objectives`) });
  const today = new Date().toISOString().slice(0, 10);
  const open = items.data?.items ?? [];
  const late = open.filter((i) => i.dueDate !== null && i.dueDate < today).length;
  const n = (v: number | undefined) => (v === undefined ? '…' : String(v));
  const openRequests = tracker.data?.requests.length;
  return (
    <Card id="open-work" title="Open work" icon={ListChecks}>
      <dl className="stat-grid">
        <Stat
          label="Action items"
          icon={ListChecks}
          tone={late > 0 ? 'danger' : 'neutral'}
          value={<Link to={accountTabPath(a.id, 'action-items')}>{n(items.data?.items.length)}</Link>}
          hint={items.data ? `${open.filter((i) => i.side === 'vendor').length} ours, ${open.filter((i) => i.side === 'customer').length} customer's${late ? `, ${late} late` : ''}` : undefined}
        />
        <Stat label="Risks" icon={TriangleAlert} tone={risks.data && risks.data.items.length > 0 ? 'danger' : 'neutral'} value={<Link to={accountTabPath(a.id, 'risks')}>{n(risks.data?.items.length)}</Link>} hint="open" />
        <Stat
          label="Tickets"
          icon={LifeBuoy}
          value={<Link to={accountTabPath(a.id, 'tickets')}>{n(tracker.data?.tickets.length)}</Link>}
          hint={openRequests !== undefined ? `${openRequests} feature request${openRequests === 1 ? '' : 's'}` : undefined}
        />
        <Stat
          label="Success plan"
          icon={Target}
          value={<Link to={accountTabPath(a.id, 'success-plan')}>{plan.data ? (plan.data.summary.averageProgress === null ? 'none live' : `${Math.round(plan.data.summary.averageProgress)}%`) : '…'}</Link>}
          hint={plan.data ? `${plan.data.items.length} objective${plan.data.items.length === 1 ? '' : 's'}` : undefined}
        />
        <Stat label="Licences" icon={FileBarChart} value={licences?.share ?? '—'} hint={licences?.of} />
      </dl>
    </Card>
  );
}
