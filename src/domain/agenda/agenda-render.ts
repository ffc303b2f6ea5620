/**
 * The agenda as people read it: Markdown (the notes doc, the collaboration issue), sanitised
 * HTML (the app, the share page) and an email with a plain-text body. Renders for the customer
 * unless told otherwise, so internal items cannot slip into something sent out.
 */
import type { Agenda, AgendaItem, AgendaSection } from '../meeting/meeting.ts';
import { SECTION_TITLES } from './agenda-sections.ts';
import { escapeHtml, escapeMarkdown, markdownToSafeHtml } from '../markdown.ts';
import { formatCallTime } from '../calendar/meeting-dates.ts';

export type Audience = 'customer' | 'team';

export interface AgendaRenderOptions {
  title: string;
  startsAt: string;
  timezone?: string;
  /** 'team' adds internal prep items and ticks discussed items; 'customer' is the default. */
  audience?: Audience;
}

/** The items a given audience may read, in call order. */
export function visibleItems(agenda: Agenda, audience: Audience = 'customer'): AgendaItem[] {
  return audience === 'team' ? agenda.items : agenda.items.filter((i) => i.visibility === 'shared' && i.section !== 'internal_prep');
}

/** Consecutive runs of items under one heading (a moved item opens a heading of its own). */
export function groupBySection(items: readonly AgendaItem[]): { section: AgendaSection; title: string; items: AgendaItem[] }[] {
  const groups: { section: AgendaSection; title: string; items: AgendaItem[] }[] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    if (last && last.section === item.section) last.items.push(item);
    else groups.push({ section: item.section, title: SECTION_TITLES[item.section], items: [item] });
  }
  return groups;
}

/** The agenda as Markdown; item text is escaped so it reads literally. */
export function renderAgendaMarkdown(agenda: Agenda, options: AgendaRenderOptions): string {
  const audience = options.audience ?? 'customer';
  const lines = [`# ${escapeMarkdown(options.title)}`, '', formatCallTime(options.startsAt, options.timezone)];
  for (const group of groupBySection(visibleItems(agenda, audience))) {
    lines.push('', `## ${group.title}`, '');
    for (const item of group.items) {
      const box = audience === 'team' ? (item.discussed ? '[x] ' : '[ ] ') : '';
      const who = item.addedBy === 'customer' ? ' _(added by you)_' : '';
      lines.push(`- ${box}${escapeMarkdown(item.text)}${audience === 'customer' ? who : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The agenda as sanitised HTML. */
export function renderAgendaHtml(agenda: Agenda, options: AgendaRenderOptions): string {
  return markdownToSafeHtml(renderAgendaMarkdown(agenda, options));
}

/** The agenda as plain text: headings in capitals, items as dashes. */
export function renderAgendaText(agenda: Agenda, options: AgendaRenderOptions): string {
  const audience = options.audience ?? 'customer';
  const lines = [options.title, formatCallTime(options.startsAt, options.timezone)];
  for (const group of groupBySection(visibleItems(agenda, audience))) {
    lines.push('', group.title.toUpperCase());
    for (const item of group.items) lines.push(`  - ${item.text}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface AgendaEmailInput {
  agenda: Agenda;
  title: string;
  startsAt: string;
  timezone?: string;
  /** First names of the customer attendees, for the greeting. */
  greetingNames: string[];
  senderName: string;
  /** Where customer attendees read the agenda and propose topics. */
  shareUrl: string | null;
}

/** The email that shares the agenda ahead of the call; always the customer's version. */
export function renderAgendaEmail(input: AgendaEmailInput): { subject: string; text: string; html: string } {
  const options = { title: input.title, startsAt: input.startsAt, timezone: input.timezone, audience: 'customer' as const };
  const when = formatCallTime(input.startsAt, input.timezone);
  const greeting = `Hello ${input.greetingNames.length ? input.greetingNames.join(', ') : 'all'},`;
  const intro = `Here is the agenda for our call on ${when}. Please add anything you would like to discuss.`;
  const share = input.shareUrl ? `Read the agenda and propose topics: ${input.shareUrl}` : null;
  const text = [greeting, '', intro, ...(share ? ['', share] : []), '', renderAgendaText(input.agenda, options).trimEnd(), '', 'Best regards,', input.senderName, ''].join('\n');
  const shareHtml = input.shareUrl ? `<p>Read the agenda and propose topics: <a href="${escapeHtml(input.shareUrl)}" rel="noopener noreferrer">${escapeHtml(input.shareUrl)}</a></p>` : '';
  const html = [
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    /^https?:\/\//i.test(input.shareUrl ?? '') ? shareHtml : '',
    renderAgendaHtml(input.agenda, options),
    `<p>Best regards,<br>${escapeHtml(input.senderName)}</p>`,
  ].join('\n');
  return { subject: `Agenda: ${input.title}, ${when}`, text, html };
}
