import type { HealthColour, MeetingType } from '../src/domain/model.ts';
import {
  accountsNotTouched,
  agendaLeadTimeOf,
  arrAtRisk,
  buildTeamDashboard,
  cadenceAdherenceOf,
  completeEngagementsOf,
  customerActionItemCompletion,
  followUpWithinOneBusinessDayOf,
  healthDistribution,
  meetingsWithoutActionItemsOf,
  prepareHeldMeetings,
  type MetricsAccount,
  type MetricsActionItem,
  type MetricsMeeting,
  type MetricsRisk,
} from '../src/domain/team-metrics/team-metrics.ts';
import { measure } from './harness.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const COLOURS: (HealthColour | null)[] = ['green', 'green', 'yellow', 'red', null];
const TYPES: MeetingType[] = ['cadence', 'cadence', 'cadence', 'kickoff', 'training', 'internal_review'];
const HOUR = 3_600_000;

/** A whole organisation: 20,000 accounts over 200 CSMs in 20 teams, 400,000 meetings over two years. */
export function generateTeamData(accountCount = 20_000, meetingCount = 400_000, seed = 11) {
  const r = lcg(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const now = new Date('2026-11-20T10:00:00Z');
  const start = Date.parse('2024-11-20T00:00:00Z');
  const span = now.getTime() - start;
  const csms = Array.from({ length: 200 }, (_, i) => `csm-${i}`);
  const teamOf = new Map(csms.map((c, i) => [c, `team-${i % 20}`]));
  const accounts: MetricsAccount[] = Array.from({ length: accountCount }, (_, i) => ({
    id: `acc-${i}`,
    ownerId: csms[i % csms.length] as string,
    arr: Math.floor(r() * 500_000),
    healthColour: pick(COLOURS),
    previousHealthColour: pick(COLOURS),
    lastTouchAt: r() < 0.5 ? new Date(now.getTime() - r() * 60 * 24 * HOUR).toISOString() : null,
    expectedCalls: Math.floor(r() * 13),
  }));
  const meetings: MetricsMeeting[] = [];
  const actionItems: MetricsActionItem[] = [];
  for (let i = 0; i < meetingCount; i += 1) {
    const startsAt = start + r() * span;
    const held = r() < 0.9;
    const id = `m-${i}`;
    const accountId = `acc-${Math.floor(r() * accountCount)}`;
    meetings.push({
      id,
      accountId,
      type: pick(TYPES),
      state: held ? 'complete' : 'cancelled',
      startsAt: new Date(startsAt).toISOString(),
      heldAt: held ? new Date(startsAt + HOUR).toISOString() : null,
      agendaSentAt: r() < 0.8 ? new Date(startsAt - r() * 5 * 24 * HOUR).toISOString() : null,
      followUpSentAt: held && r() < 0.85 ? new Date(startsAt + r() * 72 * HOUR).toISOString() : null,
    });
    const n = Math.floor(r() * 3);
    for (let k = 0; k < n; k += 1) {
      actionItems.push({
        id: `ai-${i}-${k}`,
        accountId,
        meetingId: id,
        side: r() < 0.5 ? 'customer' : 'vendor',
        status: r() < 0.6 ? 'done' : r() < 0.9 ? 'open' : 'dropped',
        dueDate: new Date(startsAt + 7 * 24 * HOUR).toISOString().slice(0, 10),
        createdAt: new Date(startsAt).toISOString(),
      });
    }
  }
  const risks: MetricsRisk[] = Array.from({ length: 3_000 }, (_, i) => ({
    id: `r-${i}`,
    accountId: `acc-${Math.floor(r() * accountCount)}`,
    status: r() < 0.7 ? 'open' : 'closed',
    arrAtRisk: Math.floor(r() * 100_000),
  }));
  return { accounts, meetings, actionItems, risks, teamOf, now };
}

/** The team dashboard over the whole organisation: one quarter, and the whole two-year history. */
export default async function run(): Promise<{ benchmark: string; db: 'none'; rows: { case: string; p50_ms: number; p95_ms: number }[] }> {
  const data = generateTeamData();
  const quarter = { from: '2026-08-20T00:00:00.000Z', to: '2026-11-20T10:00:00.000Z' };
  const everything = { from: '2024-01-01T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z' };
  const scopeFor = (period: { from: string; to: string }) => ({ period, teamOf: data.teamOf, now: data.now });
  const q = scopeFor(quarter);
  const all = scopeFor(everything);
  const held = prepareHeldMeetings(data.accounts, data.meetings, data.actionItems, quarter);
  const dashboard = (scope: ReturnType<typeof scopeFor>) => () => buildTeamDashboard({ ...data, scope });

  const rows = [
    { case: 'dashboard, one quarter (20k accounts, 400k meetings)', ...(await measure(dashboard(q), 30, 3)) },
    { case: 'dashboard, two years of meetings in the period', ...(await measure(dashboard(all), 10, 2)) },
    { case: "prepare the quarter's calls (one pass over meetings and action items)", ...(await measure(() => prepareHeldMeetings(data.accounts, data.meetings, data.actionItems, quarter), 30, 3)) },
    { case: 'cadence adherence, quarter', ...(await measure(() => cadenceAdherenceOf(data.accounts, held, q), 30, 3)) },
    { case: 'agenda lead time, quarter', ...(await measure(() => agendaLeadTimeOf(held, q), 30, 3)) },
    { case: 'follow-up within one business day, quarter', ...(await measure(() => followUpWithinOneBusinessDayOf(held, q), 30, 3)) },
    { case: 'not effective (no action items), quarter', ...(await measure(() => meetingsWithoutActionItemsOf(held, q), 30, 3)) },
    { case: 'complete engagements, quarter', ...(await measure(() => completeEngagementsOf(held, q), 30, 3)) },
    { case: 'customer action-item completion, quarter', ...(await measure(() => customerActionItemCompletion(data.accounts, data.actionItems, q), 30, 3)) },
    { case: 'accounts not touched in 30 days', ...(await measure(() => accountsNotTouched(data.accounts, data.meetings, { now: data.now, teamOf: data.teamOf }), 30, 3)) },
    { case: 'health distribution and movement', ...(await measure(() => healthDistribution(data.accounts), 30, 3)) },
    { case: 'ARR at risk', ...(await measure(() => arrAtRisk(data.accounts, data.risks, q), 30, 3)) },
  ];
  return { benchmark: 'team-metrics', db: 'none', rows };
}
