import { describe, expect, it } from 'vitest';
import { licenceUse } from './model.ts';

describe('licence use', () => {
  it('is the share of bought licences in use, above 1 when the customer uses more than bought', () => {
    expect(licenceUse({ licencesBought: 400, licencesUsed: 310 })).toBeCloseTo(0.775);
    expect(licenceUse({ licencesBought: 100, licencesUsed: 120 })).toBeCloseTo(1.2);
  });

  it('is unknown when nothing was bought or use was never reported', () => {
    expect(licenceUse({ licencesBought: 0, licencesUsed: 5 })).toBeNull();
    expect(licenceUse({ licencesBought: null, licencesUsed: 5 })).toBeNull();
    expect(licenceUse({ licencesBought: 100, licencesUsed: null })).toBeNull();
  });
});
