/**
 * The follow-up after a call, as the handbook asks for it: succinct; every action item with its
 * owner and due date, and the ones without an update say so with a date to expect one; full
 * links, each with a line on why it matters; answers to the questions raised; the next call.
 */
import { z } from 'zod';
import type { CalendarDate, Instant } from '../model.ts';
import type { ActionItem, Agenda, Meeting, RequestRaised } from './meeting.ts';
import { escapeHtml } from '../markdown.ts';
import { addBusinessDays, businessCalendar, localDate, type BusinessCalendar } from '../calendar/business-calendar.ts';
import { formatCallTime, formatDate } from '../calendar/meeting-dates.ts';
import { shortText } from '../validation.ts';

export interface FollowUpInput {
  vendorName: string;
  accountName: string;
  meetingTitle: string;
  heldAt: Instant;
  /** The customer's time zone, for dates and the next call. */
  timezone?: string;
  /** First names of the customer attendees. */
  greetingNames: string[];
  senderName: string;
  /** The highlights summarised at the end of the call, one line each. */
  recap: string[];
  actionItems: ActionItem[];
  links: { url: string; description: string }[];
  answers: { question: string; answer: string }[];
  nextCallAt: Instant | null;
  /** Tickets and feature requests raised in the call; the opened ones are linked. */
  requests?: RequestRaised[];
  /** The team's business days, for "expected by" dates (weekends only when absent). */
  calendar?: BusinessCalendar;
}

export interface ComposedFollowUp {
  subject: string;
  text: string;
  html: string;
  /** What the composer left out and why (a link that is not http(s)), for the CSM to fix. */
  warnings: string[];
}

/** Business days after the call by which an item with no update and no date expects news. */
export const DEFAULT_UPDATE_DAYS = 3;

interface Block {
  heading: string | null;
  lines: { text: string; html: string; detail?: { text: string; html: string } }[];
}

/** Drafts the follow-up message (subject, plain text and HTML) from what the call produced. */
export function composeFollowUp(input: FollowUpInput): ComposedFollowUp {
  const tz = input.timezone ?? 'UTC';
  const heldOn = localDate(input.heldAt, tz);
  const calendar = input.calendar ?? businessCalendar();
  const warnings: string[] = [];
  const blocks: Block[] = [];
  const plain = (t: string) => ({ text: t, html: escapeHtml(t) });

  if (input.recap.length) blocks.push({ heading: 'Recap', lines: input.recap.map((r) => plain(`- ${oneLine(r)}`)) });

  const live = input.actionItems.filter((a) => a.status !== 'dropped');
  for (const side of ['vendor', 'customer'] as const) {
    const mine = live.filter((a) => a.side === side);
    if (!mine.length) continue;
    const heading = side === 'vendor' ? `Action items for us (${input.vendorName})` : `Action items for you (${input.accountName})`;
    blocks.push({ heading, lines: mine.map((a) => ({ ...plain(`- ${describeItem(a)}`), detail: plain(`  ${itemStatus(a, heldOn, calendar)}`) })) });
  }
  if (!live.length) blocks.push({ heading: 'Action items', lines: [plain('- No action items came out of this call.')] });

  if (input.answers.length) {
    blocks.push({
      heading: 'Answers to your questions',
      lines: input.answers.map((q) => ({ ...plain(`- ${oneLine(q.question)}`), detail: plain(`  ${oneLine(q.answer)}`) })),
    });
  }

  const opened = (input.requests ?? []).flatMap((r) => (r.url ? [{ url: r.url, description: `${r.kind === 'ticket' ? 'Support ticket' : 'Feature request'} we opened: ${r.title}` }] : []));
  const links = [...opened, ...input.links].filter((l) => {
    if (isWebUrl(l.url)) return true;
    warnings.push(`Left out a link that is not a web address: ${l.url}`);
    return false;
  });
  if (links.length) {
    blocks.push({
      heading: 'Links',
      lines: links.map((l) => {
        const url = l.url.trim();
        const description = oneLine(l.description);
        // The full address is the link text, so the reader sees where it goes before clicking.
        return {
          text: `- ${description}: ${url}`,
          html: `- ${escapeHtml(description)}: <a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a>`,
        };
      }),
    });
  }

  const next = input.nextCallAt ? `Our next call: ${formatCallTime(input.nextCallAt, tz)}.` : 'We will confirm the date of our next call shortly.';
  const greeting = `Hello ${input.greetingNames.length ? input.greetingNames.join(', ') : 'all'},`;
  const intro = `Thank you for your time on ${formatDate(heldOn)}. Here is a short summary of our call.`;

  const textParts = [greeting, '', intro];
  const htmlParts = [`<p>${escapeHtml(greeting)}</p>`, `<p>${escapeHtml(intro)}</p>`];
  for (const block of blocks) {
    textParts.push('', ...(block.heading ? [block.heading] : []));
    if (block.heading) htmlParts.push(`<h3>${escapeHtml(block.heading)}</h3>`);
    const items: string[] = [];
    for (const line of block.lines) {
      textParts.push(line.text, ...(line.detail ? [line.detail.text] : []));
      const body = line.html.replace(/^- /, '');
      items.push(`<li>${body}${line.detail ? `<br>${line.detail.html.trim()}` : ''}</li>`);
    }
    htmlParts.push(`<ul>${items.join('')}</ul>`);
  }
  textParts.push('', next, '', 'Best regards,', input.senderName, '');
  htmlParts.push(`<p>${escapeHtml(next)}</p>`, `<p>Best regards,<br>${escapeHtml(input.senderName)}</p>`);

  return {
    subject: `Follow-up: ${oneLine(input.meetingTitle)}, ${formatDate(heldOn)}`,
    text: textParts.join('\n'),
    html: htmlParts.join('\n'),
    warnings,
  };
}

function describeItem(a: ActionItem): string {
  const due = a.dueDate ? `due ${formatDate(a.dueDate)}` : 'no due date';
  return `${oneLine(a.text)} (${a.owner.name}, ${due})`;
}

function itemStatus(a: ActionItem, heldOn: CalendarDate, calendar: BusinessCalendar): string {
  if (a.status === 'done') return 'Done.';
  if (a.lastUpdate && a.lastUpdate.trim()) return `Update: ${oneLine(a.lastUpdate)}`;
  const expected = a.expectedUpdateOn ?? a.dueDate ?? addBusinessDays(heldOn, DEFAULT_UPDATE_DAYS, calendar);
  return a.side === 'vendor' ? `No update yet: we are working on it and will update you by ${formatDate(expected)}.` : `No update yet: expected by ${formatDate(expected)}.`;
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
  accountName: string;
  /** The customer's time zone. */
  timezone: string;
  senderName: string;
  meeting: Pick<Meeting, 'title' | 'heldAt' | 'recordingUrl' | 'attendees'> & { summary: string | null };
  agenda: Pick<Agenda, 'items'>;
  /** Every open action item of the account, not only this call's: the customer sees where all stand. */
  openItems: ActionItem[];
  nextCallAt: Instant | null;
  /** Stands in for the held time of a call not marked held yet. */
  now: Date;
  /** The team's business days, for "expected by" dates. */
  calendar?: BusinessCalendar;
}

export interface FollowUpDraft extends ComposedFollowUp {
  /** The customer attendees with an email address. */
  recipients: string[];
}

/**
 * The follow-up a call calls for: a recap (the CSM's summary lines, then the shared agenda items
 * discussed), every open action item, the recording, and the next call; to the customer
 * attendees, greeted by first name.
 */
export function draftFollowUpFor(call: CallForFollowUp): FollowUpDraft {
  const customers = call.meeting.attendees.filter((a) => a.side === 'customer');
  const recap = [
    ...(call.meeting.summary
      ? call.meeting.summary
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean)
      : []),
    ...call.agenda.items.filter((i) => i.discussed && i.visibility === 'shared' && i.section !== 'recap' && i.section !== 'attendees').map((i) => i.text),
  ];
  const composed = composeFollowUp({
    vendorName: call.vendorName,
    accountName: call.accountName,
    meetingTitle: call.meeting.title,
    heldAt: call.meeting.heldAt ?? call.now.toISOString(),
    timezone: call.timezone,
    greetingNames: customers.map((c) => c.name.split(' ')[0] ?? c.name),
    senderName: call.senderName,
    recap,
    actionItems: call.openItems,
    links: call.meeting.recordingUrl ? [{ url: call.meeting.recordingUrl, description: 'Recording of the call' }] : [],
    answers: [],
    nextCallAt: call.nextCallAt,
    calendar: call.calendar,
  });
  return { ...composed, recipients: customers.map((c) => c.email).filter((e): e is string => !!e) };
}

/**
 * Whether a redraft (an accepted suggestion, a transcript re-run) may replace the stored draft:
 * only one nobody has edited or sent, so the CSM's words are never overwritten.
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
