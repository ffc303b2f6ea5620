import { escapeMarkdown } from '../markdown.ts';
import type { ActionItem, FeatureRequest, Risk, SuccessObjective, SupportTicket } from '../meeting/meeting.ts';

/**
 * The handoff note: what the new owner of an account needs to know on day one, drafted from the
 * account's records (Sourcegraph's "As Needed" transition: nothing the customer already told us is
 * asked again). Internal: it names risks and is never shown to the customer.
 */

export const HANDOFF_STATUSES = ['pending_review', 'reviewed'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

/** A past call as the note recaps it. */
export interface RecentCall {
  title: string;
  startsAt: string;
  summary: string | null;
  recap: readonly string[];
}

export interface HandoffNoteInput {
  accountName: string;
  fromName: string | null;
  toName: string;
  reason: string | null;
  renewalDate: string | null;
  actionItems: readonly ActionItem[];
  risks: readonly Risk[];
  objectives: readonly SuccessObjective[];
  tickets: readonly SupportTicket[];
  requests: readonly FeatureRequest[];
  /** Newest first; the note keeps three. */
  recentCalls: readonly RecentCall[];
  /** Today, YYYY-MM-DD: how far away the renewal is. */
  today: string;
}

const DAY_MS = 86_400_000;

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function words(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim());
}

function section(title: string, lines: string[], empty: string): string[] {
  return [`## ${title}`, '', ...(lines.length ? lines : [`_${empty}_`]), ''];
}

/** The renewal in words: "2027-03-01 (in 88 days)", "passed 3 days ago", or none on record. */
export function renewalInWords(renewalDate: string | null, today: string): string {
  if (!renewalDate) return 'No renewal date on record.';
  const days = daysBetween(today, renewalDate);
  if (days < 0) return `${renewalDate}: passed ${-days} day${days === -1 ? '' : 's'} ago.`;
  if (days === 0) return `${renewalDate}: today.`;
  return `${renewalDate} (in ${days} day${days === 1 ? '' : 's'})${days <= 90 ? ' — within 90 days: start the renewal conversation.' : '.'}`;
}

/** Drafts the note in Markdown; every customer word in it is escaped, so it renders as typed. */
export function draftHandoffNote(input: HandoffNoteInput): string {
  const open = input.actionItems.filter((a) => a.status === 'open');
  const byDue = [...open].sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.createdAt.localeCompare(b.createdAt));
  const risks = input.risks.filter((r) => r.status !== 'closed');
  const lines: string[] = [`# Handoff: ${words(input.accountName)}`, ''];
  lines.push(`From ${input.fromName ? words(input.fromName) : 'no owner'} to ${words(input.toName)}.${input.reason ? ` Reason: ${words(input.reason)}` : ''}`, '');
  lines.push(...section('Renewal', [renewalInWords(input.renewalDate, input.today)], ''));
  lines.push(
    ...section(
      'Open risks',
      risks.map((r) => `- **${r.severity}** ${r.type.replace(/_/g, ' ')}${r.arrAtRisk ? ` (ARR at risk ${r.arrAtRisk})` : ''}${r.evidence ? `: ${words(r.evidence)}` : ''}`),
      'No open risk.',
    ),
  );
  lines.push(
    ...section(
      'Open action items',
      byDue.map((a) => {
        const late = a.dueDate && a.dueDate < input.today ? ' — overdue' : '';
        return `- ${words(a.text)} (${a.side === 'customer' ? 'customer' : 'us'}: ${words(a.owner.name)}${a.dueDate ? `, due ${a.dueDate}${late}` : ''})`;
      }),
      'No open action item.',
    ),
  );
  lines.push(
    ...section(
      'Success plan',
      input.objectives.map((o) => `- ${words(o.title)}: ${o.status.replace(/_/g, ' ')}, ${o.progress}%${o.targetDate ? `, target ${o.targetDate}` : ''}`),
      'No success plan yet.',
    ),
  );
  lines.push(
    ...section(
      'Open tickets and requests',
      [
        ...input.tickets.map((t) => `- Ticket${t.externalId ? ` ${words(t.externalId)}` : ''}: ${words(t.title)} (${t.priority}, ${t.status.replace(/_/g, ' ')})`),
        ...input.requests.map((r) => `- Request${r.externalId ? ` ${words(r.externalId)}` : ''}: ${words(r.title)} (${r.status.replace(/_/g, ' ')})`),
      ],
      'No open ticket or request.',
    ),
  );
  const calls = input.recentCalls.slice(0, 3).flatMap((c) => {
    const recap = c.recap.length ? c.recap.map((l) => `  - ${words(l)}`) : c.summary ? [`  - ${words(c.summary)}`] : ['  - _No recap recorded._'];
    return [`- **${c.startsAt.slice(0, 10)}** ${words(c.title)}`, ...recap];
  });
  lines.push(...section('Last calls', calls, 'No call held yet.'));
  return lines.join('\n').trimEnd() + '\n';
}
