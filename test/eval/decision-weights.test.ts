import { describe, expect, it } from 'vitest';
import { amiAvailable, fittedWeights } from '../../scripts/fit-decisions.ts';
import { FEATURE_NAMES, WEIGHTS } from '../../src/domain/notes-extraction/decision-ranker.ts';

// The AMI training meetings sit in ../shared beside the checkout (CI has them); elsewhere this is skipped, except under CI.
const present = amiAvailable();
if (!present && process.env.CI === 'true') throw new Error('../shared/ami-train is missing: the decision weights cannot be checked');

describe.skipIf(!present)('the decision ranker', () => {
  it('ships the weights `npm run fit:decisions` fits today, one per feature', () => {
    expect(WEIGHTS).toHaveLength(FEATURE_NAMES.length);
    // A feature changed without refitting leaves the shipped weights meaning something else.
    expect(fittedWeights()).toEqual([...WEIGHTS]);
  }, 60_000);
});
