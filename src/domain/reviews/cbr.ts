/**
 * The CBR (customer business review) pack for one account: what the customer sees. It is built
 * field by field from whitelisted data: the customer-visible success plan, action items done and
 * open, and the requests of theirs that shipped. Health, risks, ARR, expansion notes, highlights
 * and every internal note stay out, whatever the input carries.
 */
import type { ActionItem } from '../meeting/meeting.ts';
import type { CalendarDate } from '../model.ts';
import { customerSuccessPlan, type CustomerObjective } from '../account/success-plan.ts';
import { blocks, bullets, heading, md, renderReviewHtml } from './render.ts';
import type { ReviewAccount } from './review-account.ts';

export interface ShippedRequest {
  title: string;
  shippedIn: string | null;
  shippedAt: string | null;
}

export interface CbrPack {
  kind: 'cbr';
  accountName: string;
  vendorName: string;
  period: { from: CalendarDate; to: CalendarDate };
  objectives: CustomerObjective[];
  achieved: string[];
  completedActionItems: { text: string; owner: string; completedOn: CalendarDate | null }[];
  shipped: { title: string; release: string | null }[];
  nextSteps: { text: string; owner: string; side: 'vendor' | 'customer'; dueDate: CalendarDate | null }[];
  nextReviewOn: CalendarDate | null;
}

export interface CbrInput {
  /** Only id, name and objectives are read. */
  account: Pick<ReviewAccount, 'id' | 'name' | 'objectives'>;
  vendorName: string;
  period: { from: CalendarDate; to: CalendarDate };
  actionItems: readonly ActionItem[];
  shippedRequests?: readonly ShippedRequest[];
  nextReviewOn?: CalendarDate | null;
}

/** Builds the customer-safe CBR pack. */
export function buildCbrPack(input: CbrInput): CbrPack {
  const { from, to } = input.period;
  const inPeriod = (d: string | null) => d !== null && d.slice(0, 10) >= from && d.slice(0, 10) <= to;
  const plan = customerSuccessPlan(input.account.name, input.account.objectives);
  const mine = input.actionItems.filter((a) => a.accountId === input.account.id);
  return {
    kind: 'cbr',
    accountName: input.account.name,
    vendorName: input.vendorName,
    period: { from, to },
    objectives: plan.objectives.filter((o) => o.status !== 'achieved'),
    achieved: plan.objectives.filter((o) => o.status === 'achieved').map((o) => o.title),
    completedActionItems: mine
      .filter((a) => a.status === 'done' && inPeriod(a.completedAt))
      .sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? ''))
      .map((a) => ({ text: a.text, owner: a.owner.name, completedOn: a.completedAt?.slice(0, 10) ?? null })),
    shipped: (input.shippedRequests ?? []).filter((r) => r.shippedAt === null || inPeriod(r.shippedAt)).map((r) => ({ title: r.title, release: r.shippedIn })),
    nextSteps: mine
      .filter((a) => a.status === 'open')
      .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.text.localeCompare(b.text))
      .map((a) => ({ text: a.text, owner: a.owner.name, side: a.side, dueDate: a.dueDate })),
    nextReviewOn: input.nextReviewOn ?? null,
  };
}

/** The CBR pack as Markdown, written to the customer. */
export function renderCbrMarkdown(pack: CbrPack): string {
  const objectives = pack.objectives.map((o) => `${md(o.title)}: ${o.status}, ${o.progress}%${o.targetDate ? `, target ${o.targetDate}` : ''}${o.owner ? ` (${md(o.owner)})` : ''}`);
  const done = [...pack.achieved.map((t) => `Achieved: ${md(t)}`), ...pack.completedActionItems.map((a) => `${md(a.text)} (${md(a.owner)}${a.completedOn ? `, ${a.completedOn}` : ''})`)];
  const next = pack.nextSteps.map((a) => `${md(a.text)}: ${md(a.owner)}${a.dueDate ? `, by ${a.dueDate}` : ''}`);
  return blocks(
    heading(1, `${pack.vendorName} / ${pack.accountName} business review`),
    `${pack.period.from} to ${pack.period.to}`,
    heading(2, 'Your objectives'),
    objectives.length ? bullets(objectives) : 'No open objectives.',
    heading(2, 'What we achieved together'),
    done.length ? bullets(done) : 'Nothing recorded for this period.',
    pack.shipped.length ? heading(2, 'Requests of yours that shipped') : null,
    pack.shipped.length ? bullets(pack.shipped.map((s) => `${md(s.title)}${s.release ? ` (in ${md(s.release)})` : ''}`)) : null,
    heading(2, 'Next steps'),
    next.length ? bullets(next) : 'No open action items.',
    pack.nextReviewOn ? `Next review: ${pack.nextReviewOn}` : null,
  );
}

/** The CBR pack as sanitised HTML. */
export function renderCbrHtml(pack: CbrPack): string {
  return renderReviewHtml(renderCbrMarkdown(pack));
}
