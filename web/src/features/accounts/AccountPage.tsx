import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { ErrorState, Loading, NotFound } from '../../app/states';
import { Tabs, TabPanel, type TabItem } from '../../components/Tabs';
import { api, type Account, type Contact, type Page, type TimelineEntry } from '../../lib/api-client';
import type { ActionItem, Meeting } from '../../lib/meeting-types';
import { getLogoPattern, logoUrlFor, mainDomain } from '../../lib/logo';
import { useSession } from '../../app/session';
import { AccountUseCases } from '../use-cases/AccountUseCases';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { ACCOUNT_TABS, accountTabPath, isAccountTab, type AccountTabId } from './account-tabs';
import { AccountActionItems } from './AccountActionItems';
import { AccountContacts } from './AccountContacts';
import { AccountHeader } from './AccountHeader';
import { AccountMeetings } from './AccountMeetings';
import { AccountOverview } from './AccountOverview';
import { AccountObjectives, AccountTasks } from './AccountPlan';
import { AccountRisks } from './AccountRisks';
import { AccountTimeline } from './AccountTimeline';
import { AccountTrackerItems, type TrackerItems } from './AccountTrackerItems';
import { ArchiveAccount } from './ArchiveAccount';
import { RecordTouch } from './RecordTouch';
import { useUsers } from './use-users';
import type { AccountHealthView } from '../../../../src/server/routes/health.schema.ts';
import type { RiskRegisterView } from '../../../../src/server/routes/risks.schema.ts';

const AccountNotes = lazy(() => import('./AccountNotes'));

/**
 * The account as one page with tabs: the header says who it is and how it is doing; each tab has its
 * own address (/accounts/:id/risks, or ?tab=risks), so a reload keeps it and the browser's back goes to the last one.
 */
export function AccountPage() {
  const { id = '', tab: tabParam } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const queryTab = search.get('tab');
  const tab: AccountTabId | null = tabParam === undefined ? 'overview' : isAccountTab(tabParam) ? tabParam : null;

  const account = useQuery({ queryKey: ['account', id], queryFn: () => api<Account>('GET', `/api/accounts/${id}`) });
  const enabled = account.isSuccess;
  const contacts = useQuery({ queryKey: ['contacts', id], queryFn: () => api<Page<Contact>>('GET', `/api/contacts?accountId=${id}&limit=200`), enabled });
  const timeline = useQuery({ queryKey: ['timeline', id], queryFn: () => api<Page<TimelineEntry>>('GET', `/api/accounts/${id}/timeline?limit=50`), enabled });
  const health = useQuery({ queryKey: ['health', id], queryFn: () => api<AccountHealthView>('GET', `/api/accounts/${id}/health`), enabled });
  // The tabs' counts: the same queries (and cache entries) as the tabs' own lists.
  const meetings = useQuery({ queryKey: ['meetings', { accountId: id }], queryFn: () => api<Page<Meeting>>('GET', `/api/meetings?accountId=${id}&limit=200`), enabled });
  const actionItems = useQuery({ queryKey: ['action-items', id, 'overview'], queryFn: () => api<Page<ActionItem>>('GET', `/api/action-items?accountId=${id}&status=open&limit=100`), enabled });
  const risks = useQuery({ queryKey: ['risks', id, 'open,mitigating'], queryFn: () => api<RiskRegisterView>('GET', `/api/risks?accountId=${id}&status=open,mitigating`), enabled });
  const tracker = useQuery({ queryKey: ['tracker-items', id], queryFn: () => api<TrackerItems>('GET', `/api/accounts/${id}/tracker-items`), enabled });
  const users = useUsers();
  const { user } = useSession();
  const canEdit = user.role !== 'viewer';

  // ?tab=risks is the same address as /accounts/:id/risks: written the one way.
  const wanted = queryTab !== null && isAccountTab(queryTab) ? queryTab : null;
  useEffect(() => {
    if (id) document.title = account.data ? `${account.data.name} · Cadence` : 'Cadence';
  }, [id, account.data]);

  if (wanted && tabParam === undefined) return <Navigate to={accountTabPath(id, wanted)} replace />;
  if (tab === null) return <NotFound />;
  if (account.isPending) return <Loading what="the account" />;
  if (account.isError) return <ErrorState error={account.error} />;
  const a = account.data;
  const names = (userId: string) => users.byId.get(userId)?.name ?? (users.isPending ? '…' : 'someone');
  const logoUrl = logoUrlFor(getLogoPattern(), { name: a.name, domain: mainDomain(contacts.data?.items ?? []) });

  const counts: Partial<Record<AccountTabId, number | undefined>> = {
    meetings: meetings.data?.items.filter((m) => m.state === 'planned' || m.state === 'agenda_sent').length,
    'action-items': actionItems.data?.items.length,
    risks: risks.data?.items.length,
    tickets: tracker.data ? tracker.data.tickets.length + tracker.data.requests.length : undefined,
    contacts: contacts.data?.items.filter((c) => c.status !== 'left').length,
  };
  const tabs: TabItem[] = ACCOUNT_TABS.map((t) => ({ ...t, count: counts[t.id] }));
  // Against the address itself, not this render's tab: keys pressed faster than React draws still each move.
  const select = (next: string) => {
    const path = isAccountTab(next) ? accountTabPath(a.id, next) : null;
    if (path && path !== window.location.pathname) void navigate(path);
  };
  const panel = (tabId: AccountTabId) => {
    switch (tabId) {
      case 'overview':
        return <AccountOverview account={a} canEdit={canEdit} contacts={contacts.data?.items} timeline={timeline.data} names={names} />;
      case 'meetings':
        return <AccountMeetings accountId={a.id} canEdit={canEdit} accountZone={a.timezone} />;
      case 'action-items':
        return (
          <div className="tab-stack">
            <AccountActionItems accountId={a.id} canEdit={canEdit} />
            <AccountTasks accountId={a.id} canEdit={canEdit} />
          </div>
        );
      case 'risks':
        return <AccountRisks accountId={a.id} canEdit={canEdit} />;
      case 'success-plan':
        return (
          <div className="tab-stack">
            <AccountObjectives accountId={a.id} canEdit={canEdit} />
            <AccountUseCases accountId={a.id} canEdit={canEdit} />
            <AttachmentsPanel accountId={a.id} editable={canEdit} title="Files" />
          </div>
        );
      case 'tickets':
        return <AccountTrackerItems accountId={a.id} />;
      case 'contacts':
        return <AccountContacts account={a} contacts={contacts.data?.items} error={contacts.error} names={names} canEdit={canEdit} />;
      case 'timeline':
        return <AccountTimeline timeline={timeline.data} error={timeline.error} names={names} />;
      case 'notes':
        return (
          <Suspense fallback={<Loading what="the notes" />}>
            <AccountNotes accountId={a.id} />
          </Suspense>
        );
    }
  };

  return (
    <article className="account account-360">
      <p className="crumbs">
        <Link to="/accounts">Book of business</Link> / {a.name}
      </p>
      <AccountHeader account={a} health={health.data} names={names} logoUrl={logoUrl} canEdit={canEdit} />
      <div className="account-actions">
        {canEdit && <RecordTouch accountId={a.id} />}
        <a href={`/api/accounts/${a.id}/notes-document`} target="_blank" rel="noopener">
          Notes document (Markdown)
        </a>
        {canEdit && <ArchiveAccount account={a} />}
      </div>
      <Tabs label={`${a.name}: sections`} idPrefix="account" tabs={tabs} selected={tab} onSelect={select} />
      {ACCOUNT_TABS.map((t) => (
        <TabPanel key={t.id} idPrefix="account" id={t.id} selected={t.id === tab}>
          {panel(t.id)}
        </TabPanel>
      ))}
    </article>
  );
}
