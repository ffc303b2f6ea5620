/**
 * The team dashboard over the accounts the actor may see: a CSM their own book, a manager their
 * team's, admins and viewers the organisation's. Every figure carries the ids behind it; the
 * drill-down turns a figure's ids into names.
 */
import { businessCalendar } from '../../domain/calendar/business-calendar.ts';
import { compareSeverity } from '../../domain/account/risks.ts';
import type { RiskSeverity } from '../../domain/meeting/meeting.ts';
import { CadenceOverrideSchema, effectiveCadence, type Frequency } from '../../domain/cadence/cadence.ts';
import type { Actor, HealthColour, Segment, Side, Stage } from '../../domain/model.ts';
import type { ActionItemStatus } from '../../domain/meeting/meeting.ts';
import { buildTeamDashboard, type Breakdown, type Figure, type MetricsAccount, type TeamDashboard } from '../../domain/team-metrics/team-metrics.ts';
import { isCalendarDate } from '../../domain/validation.ts';
import type { Deps } from '../../deps.ts';
import { invalid } from '../../errors.ts';
import { accountScopeFor } from '../../policies/access.ts';
import { describeIds, listDashboardAccounts, listDashboardActionItems, listDashboardMeetings, listDashboardRequestsRaised, listHealthAt, listLastTouches, listLiveRisks, listTeams } from '../../store/team-dashboard.repo.ts';
import { toCallLifecycle } from '../../store/meetings.repo.ts';
import { loadCadenceSettings } from './cadence-engine.ts';

const DAY = 86_400_000;
const INTERVAL_DAYS: Record<Exclude<Frequency, 'none'>, number> = { weekly: 7, biweekly: 14, monthly: 365.25 / 12, quarterly: 365.25 / 4 };

/** Calls a cadence expects over `days` (whole calls; a 30-day period owes one monthly call). */
export function expectedCallsOver(frequency: Frequency, days: number): number {
  return frequency === 'none' ? 0 : Math.floor(days / INTERVAL_DAYS[frequency] + 0.1);
}

export interface DashboardPeriod {
  from: string;
  to: string;
  /** Half-open instants the figures use. */
  fromInstant: string;
  toInstant: string;
}

/** from/to as calendar dates, both included; default the 30 days up to today. */
export function dashboardPeriod(now: Date, query: { from?: string; to?: string }): DashboardPeriod {
  const today = now.toISOString().slice(0, 10);
  const to = query.to ?? today;
  if (!isCalendarDate(to)) throw invalid(`to ${to} is not a date (YYYY-MM-DD)`, 'to');
  const from = query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10);
  if (!isCalendarDate(from)) throw invalid(`from ${from} is not a date (YYYY-MM-DD)`, 'from');
  if (from > to) throw invalid('from is after to', 'from');
  if (Date.parse(to) - Date.parse(from) > 366 * DAY) throw invalid('a dashboard period is at most a year', 'from');
  return { from, to, fromInstant: `${from}T00:00:00.000Z`, toInstant: new Date(Date.parse(`${to}T00:00:00Z`) + DAY).toISOString() };
}

export interface TeamDashboardAnswer {
  period: DashboardPeriod;
  accounts: number;
  figures: TeamDashboard;
}

/** Every figure of the team dashboard over the period, for the accounts the actor may see. */
export async function teamDashboard(deps: Deps, actor: Actor, query: { from?: string; to?: string }): Promise<TeamDashboardAnswer> {
  const now = deps.now();
  const period = dashboardPeriod(now, query);
  const db = deps.store.db;
  const scope = accountScopeFor(actor);
  const days = (Date.parse(period.toInstant) - Date.parse(period.fromInstant)) / DAY;
  // The period plus the 30 days before it (and before now, for "not touched in 30 days").
  const earliest = new Date(Math.min(Date.parse(period.fromInstant), now.getTime()) - 30 * DAY).toISOString();
  const latest = new Date(Math.max(Date.parse(period.toInstant), now.getTime() + 1)).toISOString();

  const rows = await listDashboardAccounts(db, scope);
  const previous = await listHealthAt(db, scope, period.fromInstant);
  const touches = await listLastTouches(db, scope);
  const meetings = await listDashboardMeetings(db, scope, earliest, latest);
  const items = await listDashboardActionItems(db, scope, new Date(Date.parse(period.fromInstant) - 31 * DAY).toISOString(), period.from, period.toInstant.slice(0, 10));
  const risks = await listLiveRisks(db, scope);
  const requestsRaised = await listDashboardRequestsRaised(db, scope, period.fromInstant, period.toInstant);
  const teamOf = await listTeams(db);
  const { policy, holidays, playbook } = await loadCadenceSettings(db);

  // The worst live risk of each account: a high or critical one stops easing here as in the cadence engine.
  const worstRisk = new Map<string, RiskSeverity | null>();
  for (const r of risks) {
    const was = worstRisk.get(r.account_id) ?? null;
    const severity = r.severity as RiskSeverity;
    if (was === null || compareSeverity(severity, was) > 0) worstRisk.set(r.account_id, severity);
  }
  const accounts: MetricsAccount[] = rows.map((r) => {
    const override = r.override ? CadenceOverrideSchema.safeParse(JSON.parse(r.override)) : null;
    const cadence = effectiveCadence(policy, { segment: r.segment as Segment, stage: r.stage as Stage }, r.health_colour as HealthColour | null, override?.success ? override.data : null, worstRisk.get(r.id) ?? null);
    // An account that joined during the period owes calls only for the days it was with us.
    const withUs = Math.min(days, Math.max(0, (Date.parse(period.toInstant) - Date.parse(r.created_at)) / DAY));
    const touched =
      [touches.get(r.id), r.last_touch_at]
        .filter((t): t is string => !!t)
        .sort()
        .pop() ?? null;
    return {
      id: r.id,
      ownerId: r.owner_id,
      arr: r.arr === null ? null : Number(r.arr),
      healthColour: r.health_colour as HealthColour | null,
      previousHealthColour: (previous.get(r.id)?.colour ?? null) as HealthColour | null,
      healthScore: r.health_score === null ? null : Number(r.health_score),
      previousHealthScore: previous.get(r.id)?.score ?? null,
      lastTouchAt: touched,
      expectedCalls: expectedCallsOver(cadence.frequency, withUs),
      timezone: r.timezone,
    };
  });
  const figures = buildTeamDashboard({
    accounts,
    meetings: meetings.map((m) => ({ id: m.id, accountId: m.account_id, ...toCallLifecycle(m) })),
    actionItems: items.map((i) => ({ id: i.id, accountId: i.account_id, meetingId: i.meeting_id, side: i.side as Side, status: i.status as ActionItemStatus, dueDate: i.due_date, createdAt: i.created_at })),
    risks: risks.map((r) => ({ id: r.id, accountId: r.account_id, status: r.status, arrAtRisk: r.arr_at_risk === null ? null : Number(r.arr_at_risk) })),
    requestsRaised,
    scope: { period: { from: period.fromInstant, to: period.toInstant }, teamOf, now, calendar: businessCalendar(holidays), agendaLeadDays: playbook.send_agenda.businessDaysBefore },
  });
  return { period, accounts: accounts.length, figures };
}

export const DRILL_FIGURES = ['cadenceAdherence', 'agendaOnTime', 'followUpWithinOneBusinessDay', 'notEffective', 'completeEngagements', 'customerActionItemCompletion', 'notTouchedIn30Days'] as const;
export type DrillFigure = (typeof DRILL_FIGURES)[number];

function breakdownOf(figures: TeamDashboard, figure: DrillFigure): Breakdown {
  return figure === 'agendaOnTime' ? figures.agendaLeadTime.onTime : figures[figure];
}

/**
 * The records behind one figure: its hits or misses, overall or for one CSM or team, with names.
 * Computed from the same dashboard, so the list always matches the number.
 */
export async function drillTeamDashboard(deps: Deps, actor: Actor, query: { figure: DrillFigure; part?: 'hits' | 'misses'; csm?: string; team?: string; from?: string; to?: string }) {
  const { figures, period } = await teamDashboard(deps, actor, query);
  const breakdown = breakdownOf(figures, query.figure);
  const figure: Figure | undefined = query.csm ? breakdown.byCsm[query.csm] : query.team ? breakdown.byTeam[query.team] : breakdown.all;
  const part = query.part ?? 'misses';
  const ids = figure ? figure[part] : [];
  const described = await describeIds(deps.store.db, ids);
  const order = new Map(ids.map((id, i) => [id, i]));
  described.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { period, figure: query.figure, part, numerator: figure?.numerator ?? 0, denominator: figure?.denominator ?? 0, items: described, nextCursor: null };
}
