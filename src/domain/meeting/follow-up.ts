/**
 * The follow-up after a call, as the handbook asks for it: succinct, drawn from what the CSM wrote
 * for the customer (the recap, the decisions, the questions), never from internal text; every
 * action item by side with its owner and due date, done ones marked done, open ones with the next
 * step and a date still ahead (a date that has passed is never promised); full links, each with a
 * line on what it is; the next call. Each open item is marked addressed or not, so sending can warn.
 */
import { z } from 'zod';
import type { CalendarDate, Instant, Side } from '../model.ts';
import type { RequestRaised } from './meeting.ts';
import type { CustomerActionItem } from '../account/customer-account-view.ts';
import type { CustomerCallView } from '../agenda/customer-view.ts';
import { addBusinessDays, businessCalendar, localDate, type BusinessCalendar } from '../calendar/business-calendar.ts';
import { formatCallTimeFor } from '../calendar/call-time.ts';
import { formatDate } from '../calendar/meeting-dates.ts';
import { shortText } from '../validation.ts';
import type { MailBlock, MailContent } from '../mail-content.ts';

/** What a call settled, in the CSM's words for the customer (stored at wrap-up and from accepted transcript suggestions). */
export interface CallOutcomes {
  /** The highlights summarised at the end of the call, one line each. */
  recap: string[];
  /** What we agreed. */
  decisions: string[];
  /** Questions raised; `answer` is null while we still owe one. */
  questions: { question: string; answer: string | null }[];
  /** Links promised in the call, each with a line on what it is. */
  links?: { url: string; description: string }[];
}

/** The follow-up's content is a mail's: blocks the one mail layout lays out. */
export type FollowUpBlock = MailBlock;
export type FollowUpContent = MailContent;

/** How the draft answers one action item: open ones are addressed when they carry a date still ahead. */
export interface ItemReview {
  id: string;
  text: string;
  side: Side;
  status: 'done' | 'open';
  addressed: boolean;
  /** Why an open item is not addressed, in words ("due 21 November 2026, not done, no new date"). */
  reason: string | null;
}

export interface FollowUpInput {
  vendorName: string;
  accountName: string;
  meetingTitle: string;
  heldAt: Instant;
  /** The customer's time zone, for dates and the next call. */
  timezone?: string;
  /** Our side's zone, shown in brackets beside the next call when it differs. */
  ourTimezone?: string | null;
  /** First names of the customer attendees. */
  greetingNames: string[];
  senderName: string;
  outcomes: CallOutcomes;
  /** This call's items (done ones included) and every other open item of the account, as the customer reads them. */
  actionItems: readonly CustomerActionItem[];
  nextCallAt: Instant | null;
  /** Tickets and feature requests raised in the call; the opened ones are linked. */
  requests?: readonly Pick<RequestRaised, 'kind' | 'title' | 'url'>[];
  /** The recording and any other link the call produced. */
  links?: { url: string; description: string }[];
  /** The day the customer reads it (the draft's or the send's day); no date before it is promised. Defaults to the call's day. */
  today?: CalendarDate;
  /** The team's business days, for "we will tell you by" dates (weekends only when absent). */
  calendar?: BusinessCalendar;
}

export interface ComposedFollowUp {
  subject: string;
  content: MailContent;
  /** Every live action item and how the draft answers it. */
  review: ItemReview[];
  /** What the composer left out or found missing, for the CSM to fix. */
  warnings: string[];
}

/** Business days after today by which an item with no date ahead gets news. */
export const DEFAULT_UPDATE_DAYS = 3;

/** Drafts the follow-up's subject and content from what the call produced. */
export function composeFollowUp(input: FollowUpInput): ComposedFollowUp {
  const tz = input.timezone ?? 'UTC';
  const heldOn = localDate(input.heldAt, tz);
  const today = input.today && input.today > heldOn ? input.today : heldOn;
  const calendar = input.calendar ?? businessCalendar();
  const tellBy = addBusinessDays(today, DEFAULT_UPDATE_DAYS, calendar);
  const warnings: string[] = [];
  const blocks: FollowUpBlock[] = [{ kind: 'paragraph', text: `Thank you for your time on ${formatDate(heldOn)}. Here is what we agreed and what happens next.` }];
  const { recap, decisions, questions } = input.outcomes;

  if (recap.length) blocks.push({ kind: 'heading', text: 'Summary' }, { kind: 'list', items: recap.map((r) => ({ text: oneLine(r) })) });
  else warnings.push('No recap yet: add the highlights of the call for the customer.');
  if (decisions.length) blocks.push({ kind: 'heading', text: 'What we agreed' }, { kind: 'list', items: decisions.map((d) => ({ text: oneLine(d) })) });

  const live = input.actionItems;
  const review: ItemReview[] = [];
  for (const side of ['vendor', 'customer'] as const) {
    const mine = live.filter((a) => a.side === side);
    if (!mine.length) continue;
    const items = mine.map((a) => {
      const line = answerItem(a, today, tellBy);
      review.push(line.review);
      return { text: line.text, note: line.note };
    });
    blocks.push({ kind: 'heading', text: side === 'vendor' ? `Action items for us (${input.vendorName})` : `Action items for you (${input.accountName})` }, { kind: 'list', items });
  }
  if (!live.length) blocks.push({ kind: 'heading', text: 'Action items' }, { kind: 'paragraph', text: 'No action items came out of this call.' });

  if (questions.length) {
    blocks.push(
      { kind: 'heading', text: 'Your questions' },
      { kind: 'list', items: questions.map((q) => ({ text: oneLine(q.question), note: q.answer?.trim() ? `Answer: ${oneLine(q.answer)}` : `We will answer by ${formatDate(tellBy)}` })) },
    );
  }

  const opened = (input.requests ?? []).flatMap((r) => (r.url ? [{ url: r.url, description: `${r.kind === 'ticket' ? 'Support ticket' : 'Feature request'} we opened: ${r.title}` }] : []));
  const links = [...(input.links ?? []), ...(input.outcomes.links ?? []), ...opened].filter((l) => {
    if (isWebUrl(l.url)) return true;
    warnings.push(`Left out a link that is not a web address: ${l.url}`);
    return false;
  });
  // The full address is shown, so the reader sees where it goes before clicking.
  if (links.length) blocks.push({ kind: 'heading', text: 'Links' }, { kind: 'links', items: links.map((l) => ({ url: l.url.trim(), label: oneLine(l.description) })) });

  const next = input.nextCallAt ? `Our next call: ${formatCallTimeFor(input.nextCallAt, { zone: tz, otherZone: input.ourTimezone })}.` : 'We will confirm the date of our next call shortly.';
  blocks.push({ kind: 'heading', text: 'Next call' }, { kind: 'paragraph', text: next });

  return {
    subject: `Follow-up: ${oneLine(input.meetingTitle)}, ${formatDate(heldOn)}`,
    content: {
      preheader: `What we agreed on ${formatDate(heldOn)} and what happens next`,
      greeting: `Hello ${input.greetingNames.length ? input.greetingNames.join(', ') : 'all'},`,
      blocks,
      signature: [input.senderName],
      brand: input.vendorName,
    },
    review,
    warnings,
  };
}

/**
 * One action item as the customer reads it. Done: "Done". Open with a date still ahead (the date
 * the owner promised news by, else the due date): the next step, if any, and that date; this is
 * an addressed item. Open without one: the missed date named as missed, never promised again, and
 * a fresh date by which we tell them where it stands; this item is not addressed.
 */
function answerItem(a: CustomerActionItem, today: CalendarDate, tellBy: CalendarDate): { text: string; note: string; review: ItemReview } {
  const owner = a.ownerName || (a.side === 'vendor' ? 'us' : 'you');
  const dueAhead = a.dueDate && a.dueDate >= today ? a.dueDate : null;
  const text = `${oneLine(a.text)} — ${owner}${dueAhead ? `, due ${formatDate(dueAhead)}` : ''}`;
  const base = { id: a.id, text: oneLine(a.text), side: a.side };
  if (a.status === 'done') return { text, note: 'Done', review: { ...base, status: 'done', addressed: true, reason: null } };

  const step = a.lastUpdate?.trim() ? `Next step: ${oneLine(a.lastUpdate)}. ` : '';
  const newsAhead = a.expectedUpdateOn && a.expectedUpdateOn >= today ? a.expectedUpdateOn : null;
  if (newsAhead) {
    const by = a.side === 'vendor' ? `We will update you by ${formatDate(newsAhead)}` : `Please let us know how it stands by ${formatDate(newsAhead)}`;
    return { text, note: `${step}${by}`, review: { ...base, status: 'open', addressed: true, reason: null } };
  }
  if (dueAhead) {
    const by = a.side === 'vendor' ? `Open: we will have it done by ${formatDate(dueAhead)}` : `Open, due ${formatDate(dueAhead)}`;
    return { text, note: `${step}${by}`, review: { ...base, status: 'open', addressed: true, reason: null } };
  }
  const missed = a.dueDate && a.dueDate < today ? a.dueDate : null;
  const late = missed ? `Planned for ${formatDate(missed)} and not done yet. ` : '';
  const by = a.side === 'vendor' ? `We will tell you by ${formatDate(tellBy)} where it stands` : `Could you tell us by ${formatDate(tellBy)} where it stands?`;
  const reason = missed ? `was due ${formatDate(missed)}, is not done and has no new date` : 'has no due date and no date for news';
  return { text, note: `${late}${step}${by}`, review: { ...base, status: 'open', addressed: false, reason } };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** What a held call leaves behind that its follow-up draws on. */
export interface CallForFollowUp {
  vendorName: string;
  /** The customer's time zone. */
  timezone: string;
  /** The sender's zone, beside the next call in brackets. */
  ourTimezone?: string | null;
  senderName: string;
  /**
   * The customer view of the call: everything the mail says about the account and the call comes
   * from it. Its action items are this call's (done ones too) and every open one of the account.
   */
  customer: CustomerCallView;
  nextCallAt: Instant | null;
  /** The draft's time: the day no promised date may precede. */
  now: Date;
  /** The team's business days, for "we will tell you by" dates. */
  calendar?: BusinessCalendar;
}

export interface FollowUpDraft extends ComposedFollowUp {
  /** The customer attendees with an email address. */
  recipients: string[];
}

/**
 * The follow-up a call calls for: the CSM's recap, decisions and questions, this call's and the
 * account's open action items, the recording and the next call; to the customer attendees,
 * greeted by first name. Drawn from the customer view of the call only, so internal text (the
 * timeline summary, notes, agenda labels) cannot enter.
 */
export function draftFollowUpFor(call: CallForFollowUp): FollowUpDraft {
  const { customer } = call;
  const customers = customer.readers;
  const composed = composeFollowUp({
    vendorName: call.vendorName,
    accountName: customer.accountName,
    meetingTitle: customer.meeting.title,
    // The customer thanks us for the day of the call, whenever the CSM wrapped it up.
    heldAt: customer.meeting.startsAt,
    timezone: call.timezone,
    ourTimezone: call.ourTimezone,
    greetingNames: customers.map((c) => c.name.split(' ')[0] ?? c.name),
    senderName: call.senderName,
    outcomes: customer.outcomes,
    actionItems: customer.actionItems,
    requests: customer.requests,
    links: customer.meeting.recordingUrl ? [{ url: customer.meeting.recordingUrl, description: 'Recording of the call' }] : [],
    nextCallAt: call.nextCallAt,
    today: localDate(call.now, call.timezone),
    calendar: call.calendar,
  });
  return { ...composed, recipients: customers.map((c) => c.email).filter((e): e is string => !!e) };
}

/** The open items the draft does not address, as one sentence for the warning sending gives. */
export function describeUnaddressed(review: readonly ItemReview[]): string | null {
  const open = review.filter((r) => !r.addressed);
  if (!open.length) return null;
  const list = open.map((r) => `"${r.text}" (${r.reason})`).join('; ');
  return `${open.length === 1 ? '1 action item is' : `${open.length} action items are`} not addressed: ${list}`;
}

/**
 * The content of a follow-up the CSM edited as text, for the mail layout: blank lines part the
 * blocks; "- " lines are list items (an indented line under one is its note); a line heading a
 * list, or starting with "#", is a heading; anything else is a paragraph.
 */
export function contentFromText(text: string): FollowUpContent {
  const chunks = text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((c) => c.split('\n').filter((l) => l.trim()))
    .filter((c) => c.length);
  const blocks: FollowUpBlock[] = [];
  for (const lines of chunks) {
    let paragraph: string[] = [];
    let list: { text: string; note?: string }[] = [];
    const flush = () => {
      if (paragraph.length) blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
      if (list.length) blocks.push({ kind: 'list', items: list });
      paragraph = [];
      list = [];
    };
    for (const [i, raw] of lines.entries()) {
      const line = raw.trim();
      const bullet = /^[-*•]\s+(.*)$/.exec(line);
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) {
        flush();
        blocks.push({ kind: 'heading', text: heading[1]! });
      } else if (bullet) {
        if (paragraph.length) flush();
        list.push({ text: bullet[1]! });
      } else if (list.length && /^\s/.test(raw)) {
        const last = list[list.length - 1]!;
        last.note = last.note ? `${last.note} ${line}` : line;
      } else if (i === 0 && lines.length > 1 && /^[-*•]\s/.test(lines[1]!.trim())) {
        blocks.push({ kind: 'heading', text: line });
      } else {
        if (list.length) flush();
        paragraph.push(line);
      }
    }
    flush();
  }
  return { blocks };
}

/**
 * Whether a redraft (an accepted suggestion, a changed action item, a transcript re-run) may
 * replace the stored draft: only one nobody has edited or sent, so the CSM's words are never overwritten.
 */
export function mayRedraft(existing: { sentAt: Instant | null; editedAt: Instant | null } | undefined): boolean {
  return !existing || (existing.sentAt === null && existing.editedAt === null);
}

/** What the CSM may change in a follow-up before it is sent (PUT /api/meetings/:id/follow-up). */
export const FollowUpEditSchema = z.strictObject({
  subject: shortText(300).optional(),
  text: z.string().trim().min(1, 'must not be empty').max(50_000).optional(),
  recipients: z.array(z.email('is not an email address')).min(1, 'needs at least one recipient').max(50).optional(),
});
export type FollowUpEdit = z.infer<typeof FollowUpEditSchema>;

/**
 * Sending must be confirmed, as for the agenda: with the preview's fingerprint (refused when the
 * mail changed since), or with `confirm: true`; and with leave to send while items are not addressed.
 */
export const FollowUpSendSchema = z
  .strictObject({
    fingerprint: z.string().min(1).max(64).optional(),
    confirm: z.literal(true).optional(),
    sendWithUnaddressed: z.boolean().default(false),
  })
  .refine((v) => v.fingerprint !== undefined || v.confirm === true, { message: 'confirm the send: the preview’s fingerprint, or confirm: true', path: ['fingerprint'] });
export type FollowUpSend = z.infer<typeof FollowUpSendSchema>;

/** What the CSM records at wrap-up for the customer (the follow-up's recap, decisions, questions and links). */
export const CallOutcomesCaptureSchema = z.strictObject({
  recap: z.array(shortText(1000)).max(50).optional(),
  decisions: z.array(shortText(1000)).max(50).optional(),
  questions: z
    .array(z.strictObject({ question: shortText(1000), answer: shortText(4000).nullable().optional() }))
    .max(50)
    .optional(),
  links: z
    .array(z.strictObject({ url: z.url({ protocol: /^https?$/, error: 'is not a web address (http or https)' }).max(2000), description: shortText(300) }))
    .max(30)
    .optional(),
});
