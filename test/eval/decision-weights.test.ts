import { describe, expect, it } from 'vitest';
import { amiAvailable, fittedModel } from '../../scripts/fit-decisions.ts';
import { loadAmi } from '../../scripts/ami-meetings.ts';
import { SHIPPED } from '../../scripts/notes-fit.ts';
import { FEATURE_NAMES, WEIGHTS } from '../../src/domain/notes-extraction/decision-ranker.ts';

// The AMI training meetings sit in ../shared beside the checkout (CI has them); elsewhere this is skipped, except under CI.
const present = amiAvailable();
if (!present && process.env.CI === 'true') throw new Error('../shared/ami-train is missing: the fitted weights cannot be checked');

describe.skipIf(!present)('what the notes extractor learned from AMI', () => {
  it('the locked series is the last TS series and no tuning meeting belongs to it', () => {
    const { tuning, locked, lockedSeries } = loadAmi();
    expect(lockedSeries).toBe('TS3012');
    expect(locked.map((m) => m.id)).toEqual(['ami-TS3012b', 'ami-TS3012c', 'ami-TS3012d']);
    expect(tuning.some((m) => m.series === lockedSeries)).toBe(false);
  });

  it('ships the ranker weights, calibration and thresholds `npm run fit:decisions` fits today on the tuning meetings', () => {
    expect(WEIGHTS).toHaveLength(FEATURE_NAMES.length);
    // A feature or rule changed without refitting leaves the shipped confidences meaning something else.
    expect(fittedModel()).toEqual(SHIPPED);
  }, 180_000);
});
