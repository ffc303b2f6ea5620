/**
 * The internal QBR pack (Sourcegraph TA cadences): first week of each fiscal quarter, 60 minutes
 * per AE; the CSM joins for the accounts the AE shares with a CSM. The account team showcases the
 * success-plan goals, the strategies to reach them, and asks the rest of the business for help.
 * TS and Sales leadership choose the accounts: pass their choice as `selectedAccountIds`.
 *
 * The pack for the quarter containing `date` looks back over the previous fiscal quarter (health
 * movement from its first day to `now`) and forward to renewals in the new one.
 */
import { INTERNAL_MEETING_TEMPLATES } from '../meeting/internal-meeting-templates.ts';
import { fiscalQuarterOf, firstWeekOfFiscalQuarter, type FiscalQuarter, type WorkingWeek } from '../calendar/fiscal.ts';
import type { CalendarDate } from '../model.ts';
import { healthReviewMarkdown } from './mbr.ts';
import { accountSummaryMarkdown, blocks, bullets, heading, md, money, renderReviewHtml } from './render.ts';
import { mergeAsks, type ReviewAccount, type ReviewAsk } from './review-account.ts';
import { reviewHealth, summariseAccount, type AccountSummary, type HealthReview } from './summary.ts';
import { compareForTop } from './top-accounts.ts';

/** Who the internal QBR brings together, from the team's meeting templates. */
export const QBR_ATTENDEES = INTERNAL_MEETING_TEMPLATES.qbr.attendees;

export interface QbrAccount extends AccountSummary {
  csmId: string;
  csmName: string;
}

export interface QbrPack {
  kind: 'qbr';
  ae: { id: string; name: string };
  quarter: FiscalQuarter;
  previousQuarter: FiscalQuarter;
  week: WorkingWeek;
  durationMinutes: number;
  attendees: readonly string[];
  period: { from: string; to: string };
  healthReview: HealthReview;
  accounts: QbrAccount[];
  renewals: { accountId: string; name: string; renewalDate: CalendarDate; arr: number | null }[];
  asks: ReviewAsk[];
  /** Selected ids left out, and why (not this AE's, no CSM on it, unknown). */
  skipped: { accountId: string; reason: string }[];
}

export interface QbrInput {
  ae: { id: string; name: string };
  /** Any day in the quarter the QBR opens (usually its first week). */
  date: CalendarDate;
  accounts: readonly ReviewAccount[];
  csmNames: ReadonlyMap<string, string>;
  selectedAccountIds?: readonly string[];
  asks?: readonly { text: string; accountId?: string | null }[];
  fiscalYearStartMonth: number;
  now: Date;
}

/** Builds the QBR pack for one AE over the accounts they share with a CSM. */
export function buildQbrPack(input: QbrInput): QbrPack {
  const quarter = fiscalQuarterOf(input.date, input.fiscalYearStartMonth);
  const dayBefore = new Date(Date.parse(`${quarter.start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const previousQuarter = fiscalQuarterOf(dayBefore, input.fiscalYearStartMonth);
  const period = { from: `${previousQuarter.start}T00:00:00.000Z`, to: input.now.toISOString() };
  const shared = (a: ReviewAccount) => a.aeId === input.ae.id && a.ownerId !== null;

  const skipped: QbrPack['skipped'] = [];
  let chosen: ReviewAccount[];
  if (input.selectedAccountIds) {
    const byId = new Map(input.accounts.map((a) => [a.id, a]));
    chosen = [];
    for (const id of new Set(input.selectedAccountIds)) {
      const a = byId.get(id);
      if (!a) skipped.push({ accountId: id, reason: 'unknown account' });
      else if (a.aeId !== input.ae.id) skipped.push({ accountId: id, reason: `not ${input.ae.name}'s account` });
      else if (a.ownerId === null) skipped.push({ accountId: id, reason: 'no CSM on the account' });
      else chosen.push(a);
    }
  } else chosen = input.accounts.filter(shared);
  chosen.sort(compareForTop);

  const accounts: QbrAccount[] = chosen.map((a) => ({
    ...summariseAccount(a, period, quarter, input.now),
    csmId: a.ownerId as string,
    csmName: input.csmNames.get(a.ownerId as string) ?? 'CSM',
  }));
  const renewals = accounts
    .filter((s) => s.renewsInQuarter && s.renewalDate !== null)
    .map((s) => ({ accountId: s.accountId, name: s.name, renewalDate: s.renewalDate as CalendarDate, arr: s.arr }))
    .sort((x, y) => x.renewalDate.localeCompare(y.renewalDate));
  const typed: ReviewAsk[] = (input.asks ?? []).filter((a) => a.text.trim()).map((a) => ({ text: a.text.trim(), accountId: a.accountId ?? null, source: 'csm' }));
  return {
    kind: 'qbr',
    ae: input.ae,
    quarter,
    previousQuarter,
    week: firstWeekOfFiscalQuarter(quarter),
    durationMinutes: INTERNAL_MEETING_TEMPLATES.qbr.durationMinutes,
    attendees: QBR_ATTENDEES,
    period,
    healthReview: reviewHealth(chosen, period),
    accounts,
    renewals,
    asks: mergeAsks(
      typed,
      accounts.flatMap((s) => s.asks),
    ),
    skipped,
  };
}

/** The QBR pack as Markdown: goals and strategies per account, renewals, asks. */
export function renderQbrMarkdown(pack: QbrPack): string {
  const names = new Map(pack.accounts.map((a) => [a.accountId, a.name]));
  const perAccount = pack.accounts.map((a) => {
    const goals = a.objectives.filter((o) => o.kind === 'outcome').map((o) => `${md(o.title)} (${o.progress}%)`);
    const strategies = a.objectives.filter((o) => o.kind === 'initiative').map((o) => `${md(o.title)} (${o.status.replace(/_/g, ' ')})`);
    return blocks(accountSummaryMarkdown(a), `CSM: ${md(a.csmName)}`, `**Goals**: ${goals.length ? goals.join('; ') : 'none recorded'}\n\n**Strategies**: ${strategies.length ? strategies.join('; ') : 'none recorded'}`).trimEnd();
  });
  return blocks(
    heading(1, `Internal QBR ${pack.quarter.label}: ${pack.ae.name}`),
    `Week of ${pack.week.start} · ${pack.durationMinutes} minutes · ${pack.attendees.join(', ')}`,
    heading(2, `Health since ${pack.previousQuarter.label} began`),
    healthReviewMarkdown(pack.healthReview, names),
    heading(2, `Renewals in ${pack.quarter.label}`),
    pack.renewals.length ? bullets(pack.renewals.map((r) => `${r.renewalDate}: ${md(r.name)} (${money(r.arr)})`)) : 'No renewals this quarter.',
    heading(2, 'Accounts'),
    perAccount.length ? perAccount.join('\n\n') : 'No accounts shared with a CSM.',
    heading(2, 'Asks for the business'),
    pack.asks.length ? bullets(pack.asks.map((a) => md(a.text))) : 'No asks this quarter.',
  );
}

/** The QBR pack as sanitised HTML. */
export function renderQbrHtml(pack: QbrPack): string {
  return renderReviewHtml(renderQbrMarkdown(pack));
}
