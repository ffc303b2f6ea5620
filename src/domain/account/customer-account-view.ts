/**
 * The customer-safe view of an account, the account half of the one customer view (the meeting
 * half is src/domain/agenda/customer-view.ts). The follow-up mail, the CBR pack, the shared success
 * plan and the release announcements take what they say about the account from it. Built field by
 * field from an allow-list: ARR, health, risks, notes, licence talking points and the timeline are
 * not on it, and a field a record gains later stays out until someone decides the customer reads it.
 */
import type { ActionItem } from '../meeting/meeting.ts';
import type { CalendarDate, Instant, Side } from '../model.ts';
import { customerSuccessPlan, type CustomerObjective, type CustomerSuccessPlan, type Objective } from './success-plan.ts';

/** An action item as the customer reads it: what, who, by when, and the owner's note on where it stands. */
export interface CustomerActionItem {
  id: string;
  text: string;
  ownerName: string;
  side: Side;
  status: 'open' | 'done';
  dueDate: CalendarDate | null;
  completedAt: Instant | null;
  /** The owner's progress note, written for the customer ("Next step: …"). */
  lastUpdate: string | null;
  expectedUpdateOn: CalendarDate | null;
}

/** A request of theirs that shipped, as they asked for it. */
export interface CustomerShippedRequest {
  title: string;
  release: string | null;
  shippedAt: Instant | null;
  /** When they asked for it. */
  requestedAt: Instant | null;
}

export interface CustomerAccountView {
  name: string;
  /** The customer's people, by name only (who to greet). */
  contacts: { name: string }[];
  /** The shared success plan: customer-visible objectives in the customer's wording. */
  objectives: CustomerObjective[];
  actionItems: CustomerActionItem[];
  shipped: CustomerShippedRequest[];
}

/** The account's own action items the customer may read (dropped ones and other accounts' left out), field by field. */
export function customerActionItems(accountId: string, items: readonly ActionItem[]): CustomerActionItem[] {
  const shown: CustomerActionItem[] = [];
  for (const a of items) {
    if (a.accountId !== accountId || a.status === 'dropped') continue;
    shown.push({
      id: a.id,
      text: a.text,
      ownerName: a.owner.name,
      side: a.side,
      status: a.status,
      dueDate: a.dueDate,
      completedAt: a.completedAt,
      lastUpdate: a.lastUpdate,
      expectedUpdateOn: a.expectedUpdateOn,
    });
  }
  return shown;
}

/** The records a customer account view is built from; each part is optional, an output asks for what it needs. */
export interface CustomerAccountRecords {
  contacts?: readonly { name: string }[];
  objectives?: readonly Objective[];
  actionItems?: readonly ActionItem[];
  shipped?: readonly CustomerShippedRequest[];
}

/** The customer projection of an account, from its records. */
export function projectCustomerAccount(account: { id: string; name: string }, records: CustomerAccountRecords = {}): CustomerAccountView {
  return {
    name: account.name,
    contacts: (records.contacts ?? []).map((c) => ({ name: c.name })),
    objectives: customerSuccessPlan(account.name, records.objectives ?? []).objectives,
    actionItems: customerActionItems(account.id, records.actionItems ?? []),
    shipped: (records.shipped ?? []).map((s) => ({ title: s.title, release: s.release, shippedAt: s.shippedAt, requestedAt: s.requestedAt })),
  };
}

/** The success plan as the customer reads it through their link: the view's objectives, nothing else. */
export function sharedPlanOf(view: Pick<CustomerAccountView, 'name' | 'objectives'>): CustomerSuccessPlan {
  return { accountName: view.name, objectives: view.objectives };
}
