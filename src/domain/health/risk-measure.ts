/**
 * Open risks in health. The seeds: risk documentation is "key for accurate forecasting", and an
 * account with a high "new director from a competitor" risk on its whole ARR must not read green.
 *
 * The open-risks measure is a deduction from the score rather than one more weighted share of it,
 * so good usage figures cannot outweigh a risk: each live risk (open or mitigating) takes its
 * severity's points times the share of the account's ARR it puts at risk
 *   low 5 · medium 10 · high 25 · critical 40 points on 100% of ARR
 * ("a high risk on 100% of ARR: −25"; a risk with no amount named counts on the whole ARR, since
 * nobody has said it is smaller). Two rules cap the colour, and the score with it so the number
 * and the colour still agree:
 *  - a high or critical risk on half the ARR or more makes the account red;
 *  - an account at lifecycle stage `at_risk` is never green, with or without a risk on file
 *    (someone moved it there for a reason; yellow at best until the stage changes).
 * Closing a risk with its resolution takes its points off again: health is restored at the next
 * scoring, which the close triggers.
 * Pure: no clock, no I/O.
 */
import type { RiskSeverity } from '../meeting/meeting.ts';
import type { Stage } from '../model.ts';
import type { ColourBands } from './measures.ts';

export const RISK_POINTS: Record<RiskSeverity, number> = { low: 5, medium: 10, high: 25, critical: 40 };

/** A high or critical risk on at least this share of ARR turns the account red. */
export const RED_RISK_SHARE = 0.5;

/** What the measure reads of one live risk. */
export interface HealthRisk {
  severity: RiskSeverity;
  arrAtRisk: number | null;
}

export interface RiskDeduction {
  /** Points taken off the computed score (already capped so the score stays at 0 or above). */
  points: number;
  /** One line per risk, worst first: "a high risk on 100% of ARR: −25". */
  lines: string[];
  /** Set when a high or critical risk covers RED_RISK_SHARE of ARR or more. */
  forcesRed: string | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const RANK: Record<RiskSeverity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

/** The share of the account's ARR one risk puts at risk (0–1); the whole ARR when no amount or no ARR is known. */
export function shareAtRisk(arrAtRisk: number | null, accountArr: number | null): number {
  if (arrAtRisk === null || accountArr === null || !(accountArr > 0)) return 1;
  return Math.min(1, Math.max(0, arrAtRisk / accountArr));
}

/** "−25", "−12.5": a deduction as the explanation prints it. */
const minus = (n: number) => `−${round1(n)}`;

/**
 * The deduction of the live risks given (pass only open and mitigating ones). Empty when there
 * are none, so an account without risks scores exactly as before.
 */
export function riskDeduction(risks: readonly HealthRisk[], accountArr: number | null): RiskDeduction {
  const rows = risks
    .map((r) => {
      const share = shareAtRisk(r.arrAtRisk, accountArr);
      const named = r.arrAtRisk !== null && accountArr !== null && accountArr > 0;
      return { r, share, points: round1(RISK_POINTS[r.severity] * share), named };
    })
    .sort((a, b) => RANK[b.r.severity] - RANK[a.r.severity] || b.share - a.share);
  const lines = rows.map(({ r, share, points, named }) => `a ${r.severity} risk on ${named ? `${Math.round(share * 100)}% of ARR` : 'the whole ARR (no amount named)'}: ${minus(points)}`);
  const red = rows.find(({ r, share }) => RANK[r.severity] >= RANK.high && share >= RED_RISK_SHARE);
  return {
    points: round1(
      Math.min(
        100,
        rows.reduce((s, x) => s + x.points, 0),
      ),
    ),
    lines,
    forcesRed: red ? `red while a ${red.r.severity} risk covers ${Math.round(red.share * 100)}% of ARR` : null,
  };
}

export interface RiskAdjusted {
  score: number;
  colour: 'green' | 'yellow' | 'red';
  /** Why the colour was capped, in words; null when it was not. */
  capReason: string | null;
}

/**
 * Applies the deduction and the two caps to a computed score and colour (the colour as the
 * scorecard read the score, before any cap). The score is brought inside the capped colour's
 * band (39.9 for red, 69.9 for yellow under the default thresholds).
 */
export function applyRiskRules(score: number, colour: 'green' | 'yellow' | 'red', deduction: RiskDeduction, stage: Stage | null, bands: ColourBands, colourFor: (score: number) => 'green' | 'yellow' | 'red'): RiskAdjusted {
  let s = round1(Math.max(0, score - deduction.points));
  let c = deduction.points > 0 ? colourFor(s) : colour;
  // A colour the scorecard's own rules set red (a critical measure) stays red.
  if (colour === 'red') c = 'red';
  let capReason: string | null = null;
  if (deduction.forcesRed) {
    s = Math.min(s, round1(Math.max(0, bands.redBelow - 0.1)));
    c = 'red';
    capReason = deduction.forcesRed;
  } else if (stage === 'at_risk' && c === 'green') {
    s = Math.min(s, round1(Math.max(bands.redBelow, bands.greenFrom - 0.1)));
    c = 'yellow';
    capReason = 'stage at risk: never green while the account is at risk, with or without a risk recorded';
  }
  return { score: s, colour: c, capReason };
}
