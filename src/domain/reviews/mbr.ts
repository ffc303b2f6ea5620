/**
 * The MBR pack (Sourcegraph TA cadences): monthly, in the second week, 30 minutes, attended by
 * the CSM, their director and the VP. Agenda: 5 minutes of customer health metrics, 15 minutes on
 * the CSM's top 3 accounts (5 each), 5 minutes of asks for the business.
 *
 * The pack for month M is prepared for the meeting in M's second week. "Now" is `now` (or the
 * end of M, whichever is earlier); health movement is measured over the 30 days before it; the
 * top 3 use the fiscal quarter containing M's first day as the CFQ.
 */
import { INTERNAL_MEETING_TEMPLATES } from '../meeting/internal-meeting-templates.ts';
import { fiscalQuarterOf, formatYearMonth, monthBounds, parseYearMonth, secondWeekOfMonth, type FiscalQuarter, type WorkingWeek } from '../calendar/fiscal.ts';
import { formatHealthScore } from '../health/score.ts';
import { money, accountSummaryMarkdown, blocks, bullets, heading, md, renderReviewHtml } from './render.ts';
import { mergeAsks, type ReviewAccount, type ReviewAsk } from './review-account.ts';
import { reviewHealth, summariseAccount, type AccountSummary, type HealthReview } from './summary.ts';
import { selectTopAccounts } from './top-accounts.ts';

/** The MBR's timed agenda, from the team's meeting templates. */
export const MBR_AGENDA: readonly { minutes: number; title: string }[] = INTERNAL_MEETING_TEMPLATES.mbr.sections.map((s) => ({ minutes: s.minutes ?? 0, title: s.title }));

export interface MbrPack {
  kind: 'mbr';
  csm: { id: string; name: string };
  month: string;
  week: WorkingWeek;
  quarter: FiscalQuarter;
  period: { from: string; to: string };
  agenda: readonly { minutes: number; title: string }[];
  healthReview: HealthReview;
  topAccounts: AccountSummary[];
  asks: ReviewAsk[];
}

export interface MbrInput {
  csm: { id: string; name: string };
  /** "2026-12". */
  month: string;
  /** Every account the caller can see; the pack keeps the CSM's own. */
  accounts: readonly ReviewAccount[];
  /** Asks the CSM typed for this MBR. */
  asks?: readonly { text: string; accountId?: string | null }[];
  fiscalYearStartMonth: number;
  now: Date;
}

export type MbrBuild = { ok: true; pack: MbrPack } | { ok: false; field: string; message: string };

const DAY = 86_400_000;

/** Builds the MBR pack for one CSM and month; a month that is not a month is refused. */
export function buildMbrPack(input: MbrInput): MbrBuild {
  const parsed = parseYearMonth(input.month);
  if (!parsed.ok) return parsed;
  const month = parsed.month;
  const bounds = monthBounds(month);
  const endOfMonth = Date.parse(`${bounds.end}T23:59:59.999Z`);
  const to = new Date(Math.min(input.now.getTime(), endOfMonth));
  const period = { from: new Date(to.getTime() - 30 * DAY).toISOString(), to: to.toISOString() };
  const quarter = fiscalQuarterOf(bounds.start, input.fiscalYearStartMonth);
  const own = input.accounts.filter((a) => a.ownerId === input.csm.id);
  const top = selectTopAccounts(own, quarter, bounds.start);
  const topAccounts = top.map((t) => summariseAccount(t.account, period, quarter, input.now, { slot: t.slot, meets: t.meets }));
  const typed: ReviewAsk[] = (input.asks ?? []).filter((a) => a.text.trim()).map((a) => ({ text: a.text.trim(), accountId: a.accountId ?? null, source: 'csm' }));
  return {
    ok: true,
    pack: {
      kind: 'mbr',
      csm: input.csm,
      month: formatYearMonth(month),
      week: secondWeekOfMonth(month),
      quarter,
      period,
      agenda: MBR_AGENDA,
      healthReview: reviewHealth(own, period),
      topAccounts,
      asks: mergeAsks(
        typed,
        topAccounts.flatMap((s) => s.asks),
      ),
    },
  };
}

/** The health-metrics section shared by the MBR and QBR packs. */
export function healthReviewMarkdown(review: HealthReview, names: ReadonlyMap<string, string>): string {
  const c = review.byColour;
  const name = (id: string) => md(names.get(id) ?? id);
  const list = (ids: string[]) => (ids.length ? ids.map(name).join(', ') : 'none');
  return blocks(
    `| Health | Accounts | ARR |\n|---|---:|---:|\n${(['green', 'yellow', 'red', 'unscored'] as const).map((k) => `| ${k} | ${c[k].accountIds.length} | ${money(c[k].arr)} |`).join('\n')}`,
    bullets([`Improved: ${list(review.movement.improved)}`, `Declined: ${list(review.movement.declined)}`, `Newly scored: ${list(review.movement.newlyScored)}`]),
    review.red.length ? `**Red accounts**\n\n${bullets(review.red.map((r) => `${md(r.name)}: ${money(r.arr)}${r.score !== null ? `, score ${formatHealthScore(r.score)}` : ''}`))}` : null,
  ).trimEnd();
}

/** The MBR pack as Markdown. */
export function renderMbrMarkdown(pack: MbrPack, accountNames: ReadonlyMap<string, string> = new Map()): string {
  const names = new Map(accountNames);
  for (const s of pack.topAccounts) names.set(s.accountId, s.name);
  const [metrics, top, asks] = pack.agenda;
  return blocks(
    heading(1, `MBR ${pack.month}: ${pack.csm.name}`),
    `Week of ${pack.week.start} · ${pack.quarter.label} · health as of ${pack.period.to.slice(0, 10)}`,
    `**Agenda**\n\n${pack.agenda.map((a, i) => `${i + 1}. (${a.minutes} min) ${a.title}`).join('\n')}`,
    `## 1. ${md(metrics?.title ?? 'Health')}`,
    healthReviewMarkdown(pack.healthReview, names),
    `## 2. ${md(top?.title ?? 'Top accounts')}`,
    pack.topAccounts.length ? pack.topAccounts.map((s) => accountSummaryMarkdown(s)).join('\n\n') : 'No accounts to review.',
    `## 3. ${md(asks?.title ?? 'Asks')}`,
    pack.asks.length ? bullets(pack.asks.map((a) => md(a.text))) : 'No asks this month.',
  );
}

/** The MBR pack as sanitised HTML. */
export function renderMbrHtml(pack: MbrPack, accountNames?: ReadonlyMap<string, string>): string {
  return renderReviewHtml(renderMbrMarkdown(pack, accountNames));
}
