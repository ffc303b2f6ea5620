/**
 * What a customer attendee sees through the share link: the shared agenda and their side's
 * action items for this account. Built field by field from an allow-list, so a field added to
 * a record later (a note, a score, an amount) stays out until someone decides it belongs here.
 */
import type { CalendarDate, Instant, Side } from '../model.ts';
import type { ActionItem, ActionItemStatus, Agenda, AgendaSection, Meeting } from '../meeting/meeting.ts';
import { SECTION_TITLES } from './agenda-sections.ts';

export interface CustomerView {
  meeting: {
    title: string;
    startsAt: Instant;
    endsAt: Instant | null;
    cancelled: boolean;
    attendees: { name: string; side: Side; role: string | null }[];
  };
  agenda: { id: string; section: AgendaSection; sectionTitle: string; text: string; addedByCustomer: boolean; discussed: boolean }[];
  actionItems: { id: string; text: string; ownerName: string; dueDate: CalendarDate | null; status: ActionItemStatus }[];
}

/** Sources that are internal by nature, whatever an item's visibility says. */
const NEVER_SHARED = new Set(['risk', 'health']);

/**
 * The share-link projection of one meeting. Internal items, notes, risks, health, ARR and
 * other accounts' action items are left out; dropped action items too.
 */
export function projectCustomerView(meeting: Pick<Meeting, 'accountId' | 'title' | 'startsAt' | 'endsAt' | 'state' | 'attendees'>, agenda: Agenda | null, actionItems: readonly ActionItem[]): CustomerView {
  return {
    meeting: {
      title: meeting.title,
      startsAt: meeting.startsAt,
      endsAt: meeting.endsAt,
      cancelled: meeting.state === 'cancelled',
      attendees: meeting.attendees.map((a) => ({ name: a.name, side: a.side, role: a.role })),
    },
    agenda: (agenda?.items ?? [])
      .filter((i) => i.visibility === 'shared' && i.section !== 'internal_prep' && !(i.source && NEVER_SHARED.has(i.source.type)))
      .map((i) => ({
        id: i.id,
        section: i.section,
        sectionTitle: SECTION_TITLES[i.section],
        text: i.text,
        addedByCustomer: i.addedBy === 'customer',
        discussed: i.discussed,
      })),
    actionItems: actionItems.filter((a) => a.accountId === meeting.accountId && a.side === 'customer' && a.status !== 'dropped').map((a) => ({ id: a.id, text: a.text, ownerName: a.owner.name, dueDate: a.dueDate, status: a.status })),
  };
}
