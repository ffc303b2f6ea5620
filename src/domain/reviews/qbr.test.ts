import { describe, expect, it } from 'vitest';
import { buildQbrPack, renderQbrHtml, renderQbrMarkdown, type QbrInput } from './qbr.ts';
import { NOW, objective, reviewAccount, risk } from './reviews.fixtures.ts';

const now = new Date('2027-01-05T09:00:00Z');

function input(o: Partial<QbrInput> = {}): QbrInput {
  return {
    ae: { id: 'ae-1', name: 'Sam Seller' },
    date: '2027-01-05',
    fiscalYearStartMonth: 1,
    now,
    csmNames: new Map([
      ['csm-1', 'Alice Archer'],
      ['csm-2', 'Bob Baker'],
    ]),
    accounts: [
      reviewAccount({
        id: 'g',
        name: 'Globex',
        arr: 400_000,
        renewalDate: '2027-02-15',
        objectives: [objective({ id: 'o1', title: 'Ship weekly', kind: 'outcome', progress: 60 }), objective({ id: 'o2', title: 'Adopt CI templates', kind: 'initiative' })],
        risks: [risk({ id: 'r1', accountId: 'g', severity: 'critical', type: 'tool_consolidation' })],
      }),
      reviewAccount({ id: 'i', name: 'Initech', arr: 90_000, ownerId: 'csm-2' }),
      reviewAccount({ id: 'n', name: 'No CSM', ownerId: null }),
      reviewAccount({ id: 'o', name: 'Other AE', aeId: 'ae-2' }),
    ],
    ...o,
  };
}

describe('buildQbrPack', () => {
  it('is held in the first week of the fiscal quarter, 60 minutes, with the account team and leadership', () => {
    const pack = buildQbrPack(input());
    expect(pack.quarter.label).toBe('FY2027 Q1');
    expect(pack.previousQuarter.label).toBe('FY2026 Q4');
    expect(pack.week).toEqual({ start: '2027-01-04', end: '2027-01-08' });
    expect(pack.durationMinutes).toBe(60);
    expect(pack.attendees).toEqual(expect.arrayContaining(['AE', 'CSM', 'Product', 'Finance', 'Legal']));
  });

  it("covers only the AE's accounts that a CSM shares, largest first, with the CSM named", () => {
    const pack = buildQbrPack(input());
    expect(pack.accounts.map((a) => [a.accountId, a.csmName])).toEqual([
      ['g', 'Alice Archer'],
      ['i', 'Bob Baker'],
    ]);
  });

  it("leadership's selection is followed, and what cannot be reviewed is said", () => {
    const pack = buildQbrPack(input({ selectedAccountIds: ['i', 'n', 'o', 'zzz'] }));
    expect(pack.accounts.map((a) => a.accountId)).toEqual(['i']);
    expect(pack.skipped).toEqual([
      { accountId: 'n', reason: 'no CSM on the account' },
      { accountId: 'o', reason: "not Sam Seller's account" },
      { accountId: 'zzz', reason: 'unknown account' },
    ]);
  });

  it('lists renewals in the new quarter and asks for help with critical risks', () => {
    const pack = buildQbrPack(input());
    expect(pack.renewals).toEqual([{ accountId: 'g', name: 'Globex', renewalDate: '2027-02-15', arr: 400_000 }]);
    expect(pack.asks.map((a) => a.text)).toContain('Help mitigate the critical tool consolidation risk at Globex ($40k at risk)');
  });

  it('renders goals and strategies per account as Markdown and safe HTML', () => {
    const text = renderQbrMarkdown(buildQbrPack(input()));
    expect(text).toContain('# Internal QBR FY2027 Q1: Sam Seller');
    expect(text).toContain('**Goals**: Ship weekly (60%)');
    expect(text).toContain('**Strategies**: Adopt CI templates (on track)');
    expect(renderQbrHtml(buildQbrPack(input()))).toContain('<h2>Renewals in FY2027 Q1</h2>');
  });

  it('an AE with no shared accounts gets an empty pack that says so', () => {
    const text = renderQbrMarkdown(buildQbrPack(input({ ae: { id: 'ae-9', name: 'New AE' }, now: NOW })));
    expect(text).toContain('No accounts shared with a CSM.');
  });
});
