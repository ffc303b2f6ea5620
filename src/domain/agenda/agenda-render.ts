/**
 * The agenda as people read it: Markdown (the notes doc, the collaboration issue), sanitised
 * HTML and plain text. Renders for the customer unless told otherwise, so internal items cannot
 * slip into something sent out; the agenda mail itself is `agendaMail` in customer-view.ts.
 */
import type { Agenda, AgendaItem, AgendaSection } from '../meeting/meeting.ts';
import { SECTION_TITLES } from './agenda-sections.ts';
import { escapeMarkdown, markdownToSafeHtml } from '../markdown.ts';
import { formatCallTime } from '../calendar/meeting-dates.ts';
import { isSharedWithCustomer } from './customer-view.ts';

export type Audience = 'customer' | 'team';

export interface AgendaRenderOptions {
  title: string;
  startsAt: string;
  timezone?: string;
  /** 'team' adds internal prep items, prep notes and ticks discussed items; 'customer' is the default. */
  audience?: Audience;
}

/** The items a given audience may read, in call order. */
export function visibleItems(agenda: Agenda, audience: Audience = 'customer'): AgendaItem[] {
  return audience === 'team' ? agenda.items : agenda.items.filter(isSharedWithCustomer);
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
      const prep = audience === 'team' && item.prepNote ? ` _(prep: ${escapeMarkdown(item.prepNote)})_` : '';
      lines.push(`- ${box}${escapeMarkdown(item.text)}${audience === 'customer' ? who : prep}`);
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
    for (const item of group.items) lines.push(`  - ${item.text}${audience === 'team' && item.prepNote ? ` (prep: ${item.prepNote})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
