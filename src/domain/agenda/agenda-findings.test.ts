import { describe, expect, it } from 'vitest';
import { describeFindings } from './agenda-findings.ts';

describe('product findings on the agenda', () => {
  it('a finding of kind other is raised on the agenda by its title, not as "undefined"', () => {
    const lines = describeFindings([{ id: 'f1', accountId: 'a1', kind: 'other', severity: 'info', title: 'Licence server unreachable for a day', foundAt: '2026-11-19T08:00:00.000Z' }], null);
    expect(lines).toEqual([{ id: 'f1', text: 'Finding (info): Licence server unreachable for a day, found 2026-11-19' }]);
  });
});
