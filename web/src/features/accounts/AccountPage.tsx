import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, type Account, type Contact, type Page, type TimelineEntry } from '../../lib/api-client';
import { formatArr, formatDate, formatInstant, label } from '../../lib/format';
import { useSession } from '../../app/session';
import { AccountActionItems } from './AccountActionItems';
import { AccountCadence } from './AccountCadence';
import { AccountHealth } from './AccountHealth';
import { AccountObjectives, AccountTasks } from './AccountPlan';
import { AccountRisks } from './AccountRisks';
import { AccountMeetings } from './AccountMeetings';
import { AccountTrackerItems } from './AccountTrackerItems';
import { RecordTouch } from './RecordTouch';
import { licenceUse } from '../../../../src/domain/model.ts';
import { clockIn } from '../../../../src/domain/calendar/call-time.ts';
import { useUsers } from './use-users';

export function AccountPage() {
  const { id = '' } = useParams();
  const account = useQuery({ queryKey: ['account', id], queryFn: () => api<Account>('GET', `/api/accounts/${id}`) });
  const contacts = useQuery({ queryKey: ['contacts', id], queryFn: () => api<Page<Contact>>('GET', `/api/contacts?accountId=${id}&limit=200`), enabled: account.isSuccess });
  const timeline = useQuery({ queryKey: ['timeline', id], queryFn: () => api<Page<TimelineEntry>>('GET', `/api/accounts/${id}/timeline?limit=50`), enabled: account.isSuccess });
  const users = useUsers();
  const { user } = useSession();
  const canEdit = user.role !== 'viewer';

  if (account.isPending) return <Loading what="the account" />;
  if (account.isError) return <ErrorState error={account.error} />;
  const a = account.data;
  const use = licenceUse(a);
  const utilisation = use === null ? null : Math.round(use * 100);

  return (
    <article className="account">
      <p className="crumbs">
        <Link to="/accounts">Book of business</Link> / {a.name}
      </p>
      <h1>
        {a.name} {a.archivedAt && <span className="badge">archived</span>}
      </h1>
      <p className="account-zone">
        Customer time zone: <strong>{a.timezone.replace(/_/g, ' ')}</strong> (now {clockIn(new Date().toISOString(), a.timezone)})
      </p>
      <dl className="summary">
        <div>
          <dt>Segment</dt>
          <dd>{label(a.segment)}</dd>
        </div>
        <div>
          <dt>Stage</dt>
          <dd>{label(a.stage)}</dd>
        </div>
        <div>
          <dt>Deployment</dt>
          <dd>
            {label(a.deployment)}
            {a.productVersion ? ` (${a.productVersion})` : ''}
          </dd>
        </div>
        <div>
          <dt>ARR</dt>
          <dd>{formatArr(a.arr)}</dd>
        </div>
        <div>
          <dt>Renewal</dt>
          <dd>{formatDate(a.renewalDate)}</dd>
        </div>
        <div>
          <dt>Licences</dt>
          <dd>
            {a.licencesUsed ?? '—'} of {a.licencesBought ?? '—'}
            {utilisation !== null ? ` (${utilisation}%)` : ''}
          </dd>
        </div>
        <div>
          <dt>Security alerts</dt>
          <dd>{a.securityAlertsOptIn ? 'opted in' : 'not opted in'}</dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{a.ownerId ? (users.byId.get(a.ownerId)?.name ?? '…') : 'Unassigned'}</dd>
        </div>
      </dl>
      <div className="account-actions">
        {canEdit && <RecordTouch accountId={a.id} />}
        <a href={`/api/accounts/${a.id}/notes-document`} target="_blank" rel="noopener">
          Notes document (Markdown)
        </a>
      </div>

      <div className="columns">
        <div className="account-side">
          <AccountCadence accountId={a.id} canEdit={canEdit} />
          <AccountHealth accountId={a.id} canEdit={canEdit} />
          <section aria-labelledby="team-h">
            <h2 id="team-h">Account team</h2>
            {a.team.length === 0 ? (
              <Empty>No one else on the team yet.</Empty>
            ) : (
              <ul>
                {a.team.map((m) => (
                  <li key={`${m.userId}-${m.role}`}>
                    {users.byId.get(m.userId)?.name ?? m.userId} <small>{m.role.toUpperCase()}</small>
                  </li>
                ))}
              </ul>
            )}
            <h2>Contacts</h2>
            {contacts.isPending ? (
              <Loading what="contacts" />
            ) : contacts.isError ? (
              <ErrorState error={contacts.error} />
            ) : contacts.data.items.length === 0 ? (
              <Empty>No contacts yet.</Empty>
            ) : (
              <ul className="contacts">
                {contacts.data.items.map((c) => (
                  <li key={c.id} className={c.status === 'left' ? 'left' : undefined}>
                    <strong>{c.name}</strong> {c.title && <span>{c.title}</span>} <small>{label(c.role)}</small>
                    {c.status === 'left' && <span className="badge warn">left</span>}
                    {c.email && (
                      <div>
                        <a href={`mailto:${c.email}`}>{c.email}</a>
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div className="account-main">
          <AccountMeetings accountId={a.id} canEdit={canEdit} accountZone={a.timezone} />
          <AccountActionItems accountId={a.id} canEdit={canEdit} />
          <AccountTasks accountId={a.id} canEdit={canEdit} />
          <AccountRisks accountId={a.id} canEdit={canEdit} />
          <AccountTrackerItems accountId={a.id} />
          <AccountObjectives accountId={a.id} canEdit={canEdit} />
          <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">Timeline</h2>
            {timeline.isPending ? (
              <Loading what="the timeline" />
            ) : timeline.isError ? (
              <ErrorState error={timeline.error} />
            ) : timeline.data.items.length === 0 ? (
              <Empty>Nothing has happened yet.</Empty>
            ) : (
              <ol className="timeline">
                {timeline.data.items.map((t) => (
                  <li key={t.id}>
                    <time dateTime={t.occurredAt}>{formatInstant(t.occurredAt)}</time>
                    <span>{t.summary}</span>
                    <small>{t.actorId ? (users.byId.get(t.actorId)?.name ?? 'someone') : 'system'}</small>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      </div>
    </article>
  );
}
