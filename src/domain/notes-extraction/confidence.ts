/**
 * Calibrated confidence for the extractor's suggestions. Each kind's rule score is mapped to the
 * probability that an annotator wrote the same item down, by a logistic model fitted with
 * `npm run fit:decisions -- --write` on the AMI training meetings, the locked series left out
 * (scripts/ami-meetings.ts). The threshold a suggestion must reach to be shown at once (the rest
 * wait under "show more") is the one that gave the best F1 on series held out of the fit.
 */
export type CalibratedKind = 'actionItems' | 'decisions';

/** Logistic weights: bias first, then one per feature (see the FEATURES note of each kind). */
export const CALIBRATION: Record<CalibratedKind, readonly number[]> = {
  actionItems: [-5.252, 1.212],
  decisions: [0.352, -3.726, 0.464, 1.399],
};

/** What each kind's features are, in order after the bias. */
export const FEATURES: Record<CalibratedKind, readonly string[]> = {
  actionItems: ['rule score (commitment form, owner named, follow-up verb, due date, wrap-up)'],
  decisions: ['stated outright (1) or ranked (0)', 'stated outright: rule score (0 for a ranked choice)', 'ranked choice: log-odds from the decision ranker (0 for a stated one)'],
};

/** Show at once from this confidence on. */
export const SHOW: Record<CalibratedKind, number> = {
  actionItems: 0.15,
  decisions: 0.075,
};

export function calibrated(kind: CalibratedKind, features: readonly number[], weights: readonly number[] = CALIBRATION[kind]): number {
  let z = weights[0] ?? 0;
  features.forEach((x, i) => {
    z += x * (weights[i + 1] ?? 0);
  });
  return 1 / (1 + Math.exp(-z));
}
