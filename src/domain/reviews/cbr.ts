/**
 * The CBR (customer business review) pack for one account: what the customer sees. It is rendered
 * from the customer view of the account (src/domain/account/customer-account-view.ts) and nothing
 * else: the shared success plan, action items done and open, and the requests of theirs that
 * shipped. Health, risks, ARR, expansion notes, highlights and every internal note are not on
 * that view, so they cannot reach the pack.
 */
import type { CustomerAccountView } from '../account/customer-account-view.ts';
import type { CalendarDate } from '../model.ts';
import type { CustomerObjective } from '../account/success-plan.ts';
import { blocks, bullets, heading, md, renderReviewHtml } from './render.ts';

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
  /** The customer view of the account: the only account data the pack reads. */
  customer: Pick<CustomerAccountView, 'name' | 'objectives' | 'actionItems' | 'shipped'>;
  vendorName: string;
  period: { from: CalendarDate; to: CalendarDate };
  nextReviewOn?: CalendarDate | null;
}

/** Builds the customer-safe CBR pack. */
export function buildCbrPack(input: CbrInput): CbrPack {
  const { from, to } = input.period;
  const inPeriod = (d: string | null) => d !== null && d.slice(0, 10) >= from && d.slice(0, 10) <= to;
  const { customer } = input;
  return {
    kind: 'cbr',
    accountName: customer.name,
    vendorName: input.vendorName,
    period: { from, to },
    objectives: customer.objectives.filter((o) => o.status !== 'achieved'),
    achieved: customer.objectives.filter((o) => o.status === 'achieved').map((o) => o.title),
    completedActionItems: customer.actionItems
      .filter((a) => a.status === 'done' && inPeriod(a.completedAt))
      .sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? ''))
      .map((a) => ({ text: a.text, owner: a.ownerName, completedOn: a.completedAt?.slice(0, 10) ?? null })),
    shipped: customer.shipped.filter((r) => r.shippedAt === null || inPeriod(r.shippedAt)).map((r) => ({ title: r.title, release: r.release })),
    nextSteps: customer.actionItems
      .filter((a) => a.status === 'open')
      .sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.text.localeCompare(b.text))
      .map((a) => ({ text: a.text, owner: a.ownerName, side: a.side, dueDate: a.dueDate })),
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
