/**
 * The one customer-safe view of a meeting and, with src/domain/account/customer-account-view.ts,
 * of its account: everything that leaves the building is rendered from it and from nothing else.
 *  - from the meeting view (projectCustomerView): the agenda mail's text and HTML, the invite's
 *    description, the share page and its JSON, the cancel and moved mails (cancelMail, movedMail);
 *  - from the call view (projectCustomerCall): the follow-up mail;
 *  - from the account view (projectCustomerAccount): the CBR pack, the success plan's share view
 *    (sharedPlanOf) and the release announcements.
 * Each is built field by field from an allow-list, so internal notes, risks, health, ARR, licence
 * talking points, playbook reasons, timeline summaries, internal agenda items and sources marked
 * internal never enter, and a field a record gains later (a note, a score, an amount, a prep
 * note) stays out until someone decides it belongs here. customer-view-outputs.test.ts feeds
 * records padded with internal fields through every projection and output to hold that.
 */
import type { CalendarDate, Instant, Side } from '../model.ts';
import type { ActionItem, ActionItemStatus, Agenda, AgendaItem, AgendaSection, Meeting, RequestRaised } from '../meeting/meeting.ts';
import type { CallOutcomes } from '../meeting/follow-up.ts';
import { customerActionItems, type CustomerActionItem } from '../account/customer-account-view.ts';
import type { MailBlock, MailContent } from '../mail-content.ts';
import { SECTION_TITLES } from './agenda-sections.ts';
import type { Attachment } from '../attachments/attachments.ts';

export interface CustomerAgendaItem {
  id: string;
  section: AgendaSection;
  sectionTitle: string;
  /** The customer's wording; the CSM's prep note and the call notes never come along. */
  text: string;
  addedByCustomer: boolean;
  discussed: boolean;
}

export interface CustomerView {
  meeting: {
    title: string;
    startsAt: Instant;
    endsAt: Instant | null;
    cancelled: boolean;
    attendees: { name: string; side: Side; role: string | null }[];
  };
  agenda: CustomerAgendaItem[];
  actionItems: { id: string; text: string; ownerName: string; dueDate: CalendarDate | null; status: ActionItemStatus }[];
}

/** Sources that are internal by nature, whatever an item's visibility says (risks, health and ARR, the AE hand-off). */
const NEVER_SHARED = new Set(['risk', 'health']);
const NEVER_SHARED_KEYS = new Set(['licence:loop-in-ae']);

/** Whether the customer sees this agenda item: shared, not internal prep, not internal by source. */
export function isSharedWithCustomer(item: Pick<AgendaItem, 'visibility' | 'section' | 'source'>): boolean {
  if (item.visibility !== 'shared' || item.section === 'internal_prep') return false;
  if (item.source && (NEVER_SHARED.has(item.source.type) || NEVER_SHARED_KEYS.has(`${item.source.type}:${item.source.id ?? ''}`))) return false;
  return true;
}

/** The agenda items the customer reads, in call order, in their wording only. */
export function customerAgendaItems(agenda: Agenda | null): CustomerAgendaItem[] {
  return (agenda?.items ?? []).filter(isSharedWithCustomer).map((i) => ({
    id: i.id,
    section: i.section,
    sectionTitle: SECTION_TITLES[i.section],
    text: i.text,
    addedByCustomer: i.addedBy === 'customer',
    discussed: i.discussed,
  }));
}

/** A file as the share page lists it: its name, type, size and whether the customer sent it; never who inside uploaded it. */
export interface CustomerAttachmentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  fromCustomer: boolean;
  createdAt: Instant;
}

/**
 * The files the customer sees with a meeting: those of its account marked for the customer, on the
 * meeting or the account itself, and (when on an agenda item) only if that item is shared too.
 * An internal file never enters, whatever else is true of it.
 */
export function customerAttachments(
  meeting: Pick<Meeting, 'accountId'>,
  agenda: Agenda | null,
  attachments: readonly Pick<Attachment, 'id' | 'accountId' | 'agendaItemId' | 'fileName' | 'contentType' | 'sizeBytes' | 'fromCustomer' | 'forCustomer' | 'createdAt'>[],
): CustomerAttachmentView[] {
  const shared = new Set(customerAgendaItems(agenda).map((i) => i.id));
  return attachments
    .filter((a) => a.forCustomer && a.accountId === meeting.accountId && (a.agendaItemId === null || shared.has(a.agendaItemId)))
    .map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, sizeBytes: a.sizeBytes, fromCustomer: a.fromCustomer, createdAt: a.createdAt }));
}

/**
 * The customer projection of one meeting. Internal items, prep notes, call notes, risks, health,
 * ARR and other accounts' action items are left out; dropped action items too.
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
    agenda: customerAgendaItems(agenda),
    actionItems: actionItems.filter((a) => a.accountId === meeting.accountId && a.side === 'customer' && a.status !== 'dropped').map((a) => ({ id: a.id, text: a.text, ownerName: a.owner.name, dueDate: a.dueDate, status: a.status })),
  };
}

/** A held call as its follow-up tells it. */
export interface CustomerCallView {
  accountName: string;
  /** The recording is the customer's to watch again, so it is here (the share page does not show it). */
  meeting: { title: string; startsAt: Instant; recordingUrl: string | null };
  /** The customer attendees taking part (not those shadowing): greeted by first name and sent the mail. */
  readers: { name: string; email: string | null }[];
  /** What the CSM wrote for the customer at wrap-up; the call notes and the internal summary are elsewhere. */
  outcomes: CallOutcomes;
  /** The account's action items in the order given (dropped ones and other accounts' left out). */
  actionItems: CustomerActionItem[];
  /** Tickets and feature requests raised in the call, by their title and tracker link only. */
  requests: { kind: RequestRaised['kind']; title: string; url: string | null }[];
}

/** The customer projection of a held call, for its follow-up: field by field, like the meeting's. */
export function projectCustomerCall(
  meeting: Pick<Meeting, 'accountId' | 'title' | 'startsAt' | 'recordingUrl' | 'attendees'>,
  accountName: string,
  records: { outcomes: CallOutcomes; actionItems: readonly ActionItem[]; requests?: readonly RequestRaised[] },
): CustomerCallView {
  const { outcomes } = records;
  return {
    accountName,
    meeting: { title: meeting.title, startsAt: meeting.startsAt, recordingUrl: meeting.recordingUrl },
    readers: meeting.attendees.filter((a) => a.side === 'customer' && !a.shadowing).map((a) => ({ name: a.name, email: a.email })),
    outcomes: {
      recap: [...outcomes.recap],
      decisions: [...outcomes.decisions],
      questions: outcomes.questions.map((q) => ({ question: q.question, answer: q.answer })),
      links: (outcomes.links ?? []).map((l) => ({ url: l.url, description: l.description })),
    },
    actionItems: customerActionItems(meeting.accountId, records.actionItems),
    requests: (records.requests ?? []).map((r) => ({ kind: r.kind, title: r.title, url: r.url })),
  };
}

/** Consecutive runs of customer items under one heading (a moved item opens a heading of its own). */
export function customerSections(view: Pick<CustomerView, 'agenda'>): { title: string; items: CustomerAgendaItem[] }[] {
  const groups: { section: AgendaSection; title: string; items: CustomerAgendaItem[] }[] = [];
  for (const item of view.agenda) {
    const last = groups[groups.length - 1];
    if (last && last.section === item.section) last.items.push(item);
    else groups.push({ section: item.section, title: item.sectionTitle, items: [item] });
  }
  return groups;
}

export interface AgendaMailInput {
  /** The call time as the customer reads it (formatCallTimeFor with the account's zone). */
  callTime: string;
  /** First names of the customer attendees, for the greeting. */
  greetingNames: string[];
  senderName: string;
  /** Where customer attendees read the agenda and propose topics. */
  shareUrl: string | null;
}

const isWebLink = (url: string | null): url is string => url !== null && /^https?:\/\//i.test(url);

/** The agenda mail: subject and content, laid out by the mail layout; only ever the customer's view. */
export function agendaMail(view: CustomerView, input: AgendaMailInput): { subject: string; content: MailContent } {
  const blocks: MailBlock[] = [{ kind: 'paragraph', text: `Here is the agenda for ${view.meeting.title} on ${input.callTime}. Please add anything you would like to discuss.` }];
  if (isWebLink(input.shareUrl)) blocks.push({ kind: 'button', label: 'Read the agenda and propose topics', url: input.shareUrl });
  for (const group of customerSections(view)) {
    blocks.push({ kind: 'heading', text: group.title });
    blocks.push({ kind: 'list', items: group.items.map((i) => (i.addedByCustomer ? { text: i.text, note: 'added by you' } : { text: i.text })) });
  }
  return {
    subject: `Agenda: ${view.meeting.title}, ${input.callTime}`,
    content: {
      preheader: `Agenda for ${input.callTime}`,
      greeting: `Hello ${input.greetingNames.length ? input.greetingNames.join(', ') : 'all'},`,
      blocks,
      signature: [input.senderName],
    },
  };
}

/** The invite's DESCRIPTION: the link and the customer's agenda as plain lines (calendars show it as is). */
export function agendaInviteDescription(view: Pick<CustomerView, 'agenda'>, input: { callTime: string; shareUrl: string | null }): string {
  const lines = [input.callTime];
  if (isWebLink(input.shareUrl)) lines.push(`Agenda and topics: ${input.shareUrl}`);
  for (const group of customerSections(view)) {
    lines.push('', group.title);
    for (const item of group.items) lines.push(`- ${item.text}`);
  }
  return lines.join('\n');
}

/**
 * The mail that tells attendees a call (or its whole series) moved or was renamed: the title and
 * the times before and after, as the reader reads them, nothing else of the call.
 */
export function movedMail(
  before: Pick<CustomerView['meeting'], 'title' | 'startsAt' | 'endsAt'>,
  after: Pick<CustomerView['meeting'], 'title' | 'startsAt' | 'endsAt'>,
  scope: 'occurrence' | 'series',
  when: (at: Instant) => string,
): { subject: string; blocks: MailBlock[] } {
  const timeChanged = before.startsAt !== after.startsAt || before.endsAt !== after.endsAt;
  const text = !timeChanged
    ? `${after.title} on ${when(after.startsAt)} was updated.`
    : scope === 'series'
      ? `${after.title} moves: the calls of this series now start at ${when(after.startsAt)}, instead of ${when(before.startsAt)}, and at the same local time after that.`
      : `${after.title} has moved from ${when(before.startsAt)} to ${when(after.startsAt)}.`;
  return {
    subject: timeChanged ? `Moved: ${after.title}` : `Updated: ${after.title}`,
    blocks: [
      { kind: 'paragraph', text },
      { kind: 'paragraph', text: 'The calendar invite attached updates the call in your calendar.' },
    ],
  };
}

/**
 * The mail that calls a call off (or the remaining calls of a series, first one first): the title
 * and the time as the reader reads it, nothing else of the call.
 */
export function cancelMail(calls: readonly Pick<CustomerView['meeting'], 'title' | 'startsAt'>[], when: (at: Instant) => string): { subject: string; blocks: MailBlock[] } {
  const first = calls[0]!;
  const many = calls.length > 1;
  return {
    subject: many ? `Cancelled: ${first.title}, all calls from ${when(first.startsAt).split(',')[0]}` : `Cancelled: ${first.title}`,
    blocks: [
      { kind: 'paragraph', text: many ? `The remaining ${calls.length} calls of ${first.title}, from ${when(first.startsAt)}, are cancelled.` : `${first.title} on ${when(first.startsAt)} is cancelled.` },
      { kind: 'paragraph', text: 'The calendar cancellation attached removes it from your calendar.' },
    ],
  };
}
