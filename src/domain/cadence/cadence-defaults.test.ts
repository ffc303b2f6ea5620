import { describe, expect, it } from 'vitest';
import { CadencePolicySchema, DEFAULT_POLICY } from './cadence.ts';

describe('the default cadence policy', () => {
  it('is what the policy schema makes of a team that set nothing', () => {
    expect(DEFAULT_POLICY).toStrictEqual(CadencePolicySchema.parse({}));
  });
});
