/**
 * Shared pieces for rendering review packs: Markdown building blocks that escape every value a
 * person typed (account names, notes, asks), and the HTML version through the app's one
 * sanitiser, so a pack is safe to show in the app and to email.
 */
import { escapeMarkdown, markdownToSafeHtml } from '../markdown.ts';
import { formatMoney } from '../account/forecast.ts';
import type { AccountSummary } from './summary.ts';
import { CRITERION_LABEL } from './top-accounts.ts';

/** Literal text inside Markdown. */
export const md = (text: string): string => escapeMarkdown(text.replace(/\r?\n/g, ' '));

export const bullets = (lines: readonly string[]): string => lines.map((l) => `- ${l}`).join('\n');

export function heading(level: number, text: string): string {
  return `${'#'.repeat(level)} ${md(text)}`;
}

export const money = (n: number | null): string => (n === null ? 'no ARR' : formatMoney(n));

/** Markdown to the sanitised HTML every pack is shown and mailed as. */
export function renderReviewHtml(markdown: string): string {
  return markdownToSafeHtml(markdown);
}

/** Joins blocks with blank lines, dropping empty ones. */
export function blocks(...parts: (string | null | undefined | false)[]): string {
  return `${parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n\n')}\n`;
}

/** The five-minute account section shared by the MBR and QBR packs (internal: health, risks, ARR). */
export function accountSummaryMarkdown(s: AccountSummary, level = 3): string {
  const why = s.meets.length ? ` — ${s.meets.map((m) => CRITERION_LABEL[m]).join(', ')}` : '';
  const facts = [
    `ARR ${money(s.arr)}${s.renewalDate ? `, renews ${s.renewalDate}${s.renewsInQuarter ? ' (this fiscal quarter)' : ''}` : ''}${s.arrAtRisk ? `, ${money(s.arrAtRisk)} at risk` : ''}`,
    md(s.healthLine),
    s.explanation ? md(s.explanation) : null,
    s.expansion ? `Expansion: ${md(s.expansion)}` : null,
    s.lastCallAt ? `Last call ${s.lastCallAt.slice(0, 10)}${s.nextCallAt ? `, next ${s.nextCallAt.slice(0, 10)}` : ''}` : s.nextCallAt ? `Next call ${s.nextCallAt.slice(0, 10)}` : 'No call on record',
  ].filter((l): l is string => l !== null);
  const objectives = s.objectives.map((o) => `${md(o.title)}: ${o.status.replace(/_/g, ' ')}, ${o.progress}%${o.targetDate ? `, target ${o.targetDate}` : ''}${o.overdue ? ' **(overdue)**' : ''}`);
  const risks = s.risks.map((r) => `${r.severity} ${r.type.replace(/_/g, ' ')}${r.arrAtRisk ? ` (${money(r.arrAtRisk)} at risk)` : ''}, ${r.ageDays} days old: ${md(r.evidence)}`);
  return blocks(
    `${heading(level, s.name)}${md(why)}`,
    bullets(facts),
    s.highlights.length ? `**Highlights**\n\n${bullets(s.highlights.map(md))}` : null,
    `**Success plan**\n\n${objectives.length ? bullets(objectives) : '- No objectives recorded'}`,
    `**Risks**\n\n${risks.length ? bullets(risks) : '- No open risks'}`,
  ).trimEnd();
}
