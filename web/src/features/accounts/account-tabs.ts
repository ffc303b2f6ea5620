import { CalendarDays, FileText, History, LayoutDashboard, LifeBuoy, ListChecks, Target, TriangleAlert, Users, type LucideIcon } from 'lucide-react';

/** The account page's tabs, in order; each has its own address: /accounts/:id/<id> (Overview is /accounts/:id). */
export const ACCOUNT_TABS = [
  { id: 'overview', label: 'Overview', icon: LayoutDashboard },
  { id: 'meetings', label: 'Meetings', icon: CalendarDays },
  { id: 'action-items', label: 'Action items', icon: ListChecks },
  { id: 'risks', label: 'Risks', icon: TriangleAlert },
  { id: 'success-plan', label: 'Success plan', icon: Target },
  { id: 'tickets', label: 'Tickets & requests', icon: LifeBuoy },
  { id: 'contacts', label: 'Contacts', icon: Users },
  { id: 'timeline', label: 'Timeline', icon: History },
  { id: 'notes', label: 'Notes', icon: FileText },
] as const satisfies readonly { id: string; label: string; icon: LucideIcon }[];

export type AccountTabId = (typeof ACCOUNT_TABS)[number]['id'];

export function isAccountTab(value: string | null | undefined): value is AccountTabId {
  return ACCOUNT_TABS.some((t) => t.id === value);
}

/** The address of one tab of an account. */
export function accountTabPath(accountId: string, tab: AccountTabId): string {
  return tab === 'overview' ? `/accounts/${accountId}` : `/accounts/${accountId}/${tab}`;
}
