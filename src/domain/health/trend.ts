/**
 * Health over time: whether a new scoring is worth a history row (so the recompute job and the
 * on-change hook can run as often as they like and write only real changes), and the trend over
 * a window for the account page and the reviews.
 */
import type { HealthColour, Instant } from '../model.ts';
import type { HealthResult } from './score.ts';

/**
 * True when `next` differs from `previous` in anything a person would see: score, colour, the
 * computed score or colour under an override, which measures are missing, or the override.
 * Recomputing with unchanged inputs gives false, so a job can run twice without new rows.
 */
export function healthChanged(previous: HealthResult | null, next: HealthResult): boolean {
  if (!previous) return true;
  return (
    previous.score !== next.score ||
    previous.colour !== next.colour ||
    previous.computedScore !== next.computedScore ||
    previous.computedColour !== next.computedColour ||
    previous.scorecardId !== next.scorecardId ||
    previous.missing.join() !== next.missing.join() ||
    (previous.riskLines ?? []).join() !== (next.riskLines ?? []).join() ||
    (previous.adoptionLines ?? []).join() !== (next.adoptionLines ?? []).join() ||
    (previous.capReason ?? null) !== (next.capReason ?? null) ||
    (previous.override?.reason ?? null) !== (next.override?.reason ?? null) ||
    (previous.override?.expiresAt ?? null) !== (next.override?.expiresAt ?? null) ||
    previous.measures.some((m, i) => m.score !== next.measures[i]?.score)
  );
}

/** A reading of health: the score shown and its colour (either may be missing). */
export interface HealthReading {
  score: number | null;
  colour: HealthColour | null;
}

export type HealthMovement = 'improved' | 'declined' | 'unchanged' | 'newly_scored' | 'unscored';

const RANK: Record<HealthColour, number> = { red: 0, yellow: 1, green: 2 };

/** Points a reading must move within its colour to count as improved or declined. */
export const HEALTH_MOVE_POINTS = 5;

/**
 * How health moved from `before` to `now`: the one rule of "improved" and "declined" that the
 * account's trend, the team dashboard and the MBR and QBR packs all read. A change of colour
 * counts; within a colour a move of at least five points (to the tenth shown) does too.
 */
export function healthMovement(before: HealthReading | null, now: HealthReading | null, minDelta = HEALTH_MOVE_POINTS): HealthMovement {
  if (!now?.colour) return 'unscored';
  if (!before?.colour) return 'newly_scored';
  const byRank = RANK[now.colour] - RANK[before.colour];
  const byScore = now.score !== null && before.score !== null ? Math.round((now.score - before.score) * 10) / 10 : 0;
  if (byRank > 0 || (byRank === 0 && byScore >= minDelta)) return 'improved';
  if (byRank < 0 || (byRank === 0 && byScore <= -minDelta)) return 'declined';
  return 'unchanged';
}

/** Where each movement is listed in the screens' `movement` lists (unscored accounts are in none). */
export const MOVEMENT_LISTS = { improved: 'improved', declined: 'declined', unchanged: 'unchanged', newly_scored: 'newlyScored' } as const;

export interface HealthHistoryPoint {
  at: Instant;
  score: number | null;
  colour: HealthColour | null;
}

/** Over readings of any richer kind (a history row with its id), the trend hands back those same readings. */
export interface HealthTrend<P extends HealthHistoryPoint = HealthHistoryPoint> {
  direction: 'improving' | 'declining' | 'steady' | 'unknown';
  /** Points moved over the window (latest minus the reading at its start). */
  delta: number | null;
  from: P | null;
  to: P | null;
  /** The window's readings, oldest first, for a sparkline. */
  points: P[];
}

/** The trend over the last `days` (30): a move of `minDelta` (5) points or a colour change counts. */
export function healthTrend<P extends HealthHistoryPoint>(history: readonly P[], now: Date, options: { days?: number; minDelta?: number } = {}): HealthTrend<P> {
  const start = new Date(now.getTime() - (options.days ?? 30) * 86_400_000).toISOString();
  const end = now.toISOString();
  const sorted = [...history].filter((p) => p.at <= end).sort((a, b) => a.at.localeCompare(b.at));
  // The reading in force when the window opened, if any, anchors the comparison.
  let from: P | null = null;
  const points: P[] = [];
  for (const p of sorted) {
    if (p.at <= start) from = p;
    else points.push(p);
  }
  if (from) points.unshift(from);
  else from = points[0] ?? null;
  const to = sorted[sorted.length - 1] ?? null;
  if (!from || !to || from === to || from.score === null || to.score === null) return { direction: 'unknown', delta: null, from, to, points };
  const delta = Math.round((to.score - from.score) * 10) / 10;
  const move = healthMovement(from, to, options.minDelta);
  const direction = move === 'improved' ? 'improving' : move === 'declined' ? 'declining' : move === 'unchanged' ? 'steady' : 'unknown';
  return { direction, delta, from, to, points };
}
