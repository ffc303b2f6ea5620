/**
 * The shapes the team dashboard reads (plain arrays of accounts, meetings, action items, risks)
 * and the Figure every rate is reported as: numerator, denominator and the ids of the hits and
 * misses, overall, per CSM and per team, so each number can be drilled into.
 */
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { CallLifecycle } from '../meeting/engagement.ts';
import type { ActionItemStatus } from '../meeting/meeting.ts';
import type { HealthColour, Instant, Side } from '../model.ts';

export interface MetricsAccount {
  id: string;
  ownerId: string | null;
  arr: number | null;
  healthColour: HealthColour | null;
  /** The colour at the start of the period, for movement. */
  previousHealthColour: HealthColour | null;
  /** The scores now and at the start of the period: a move of five points within a colour counts too. */
  healthScore?: number | null;
  previousHealthScore?: number | null;
  /** The latest touch of any kind (call, email, Slack) recorded outside meetings. */
  lastTouchAt: Instant | null;
  /** Calls the cadence policy expected over the period. */
  expectedCalls: number;
  /** The account's time zone, for follow-up due times (UTC when absent). */
  timezone?: string;
}

export interface MetricsMeeting extends CallLifecycle {
  id: string;
  accountId: string;
}

export interface MetricsActionItem {
  id: string;
  accountId: string;
  meetingId: string | null;
  side: Side;
  status: ActionItemStatus;
  dueDate: string | null;
  createdAt: Instant;
}

export interface MetricsRisk {
  id: string;
  accountId: string;
  status: string;
  arrAtRisk: number | null;
}

/** A rate with the ids behind it: hits are counted in the numerator, misses only in the denominator. */
export interface Figure {
  numerator: number;
  denominator: number;
  /** numerator / denominator, null when there is nothing to count. */
  rate: number | null;
  hits: string[];
  misses: string[];
}

export interface Breakdown {
  all: Figure;
  byCsm: Record<string, Figure>;
  byTeam: Record<string, Figure>;
}

export interface MetricsScope {
  /** Half-open [from, to), ISO instants as the app writes them. */
  period: { from: Instant; to: Instant };
  /** CSM id → team id (their manager, say); CSMs missing here fall in 'no_team'. */
  teamOf?: ReadonlyMap<string, string>;
  /** The team's business days (weekends and holidays), for follow-ups with no due time on file. */
  calendar?: BusinessCalendar;
}

export const NO_OWNER = 'unassigned';
export const NO_TEAM = 'no_team';
export const DAY = 86_400_000;

const figure = (): Figure => ({ numerator: 0, denominator: 0, rate: null, hits: [], misses: [] });

function count(f: Figure, id: string, hit: boolean, weight: number, hitWeight: number): void {
  f.denominator += weight;
  f.numerator += hitWeight;
  if (hit) f.hits.push(id);
  else f.misses.push(id);
}

/** Collects hits and misses for the whole team, each CSM and each team in one call per item. */
export class Tally {
  readonly all = figure();
  readonly byCsm: Record<string, Figure> = {};
  readonly byTeam: Record<string, Figure> = {};
  constructor(private readonly teamOf: ReadonlyMap<string, string> | undefined) {}

  add(owner: string | null, id: string, hit: boolean, weight = 1, hitWeight = hit ? weight : 0): void {
    const csm = owner ?? NO_OWNER;
    const team = this.teamOf?.get(csm) ?? NO_TEAM;
    count(this.all, id, hit, weight, hitWeight);
    count((this.byCsm[csm] ??= figure()), id, hit, weight, hitWeight);
    count((this.byTeam[team] ??= figure()), id, hit, weight, hitWeight);
  }

  done(): Breakdown {
    for (const f of [this.all, ...Object.values(this.byCsm), ...Object.values(this.byTeam)]) {
      f.rate = f.denominator > 0 ? Math.round((f.numerator / f.denominator) * 1000) / 1000 : null;
    }
    return { all: this.all, byCsm: this.byCsm, byTeam: this.byTeam };
  }
}

export function ownerIndex(accounts: readonly MetricsAccount[]): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const a of accounts) m.set(a.id, a.ownerId);
  return m;
}

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/**
 * Milliseconds of an ISO instant. The app writes instants as `Date#toISOString` does
 * (2026-11-20T10:00:00.000Z), which is read digit by digit about three times faster than
 * Date.parse; anything else goes through Date.parse.
 */
export function instantMs(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */ || s.charCodeAt(19) !== 46 /* . */) return Date.parse(s);
  return Date.UTC(
    digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3),
    digit(s, 5) * 10 + digit(s, 6) - 1,
    digit(s, 8) * 10 + digit(s, 9),
    digit(s, 11) * 10 + digit(s, 12),
    digit(s, 14) * 10 + digit(s, 15),
    digit(s, 17) * 10 + digit(s, 18),
    digit(s, 20) * 100 + digit(s, 21) * 10 + digit(s, 22),
  );
}
