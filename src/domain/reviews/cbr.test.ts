import { describe, expect, it } from 'vitest';
import { buildCbrPack, renderCbrHtml, renderCbrMarkdown, type CbrInput } from './cbr.ts';
import { projectCustomerAccount } from '../account/customer-account-view.ts';
import { actionItem, objective, reviewAccount, risk } from './reviews.fixtures.ts';

/** The pack's input as the service builds it: the account's records, through the customer view. */
function input(o: Partial<CbrInput> = {}): CbrInput {
  const account = reviewAccount({
    id: 'a',
    name: 'Globex',
    arr: 400_000,
    healthHistory: [{ at: '2026-12-01T00:00:00Z', score: 31, colour: 'red', explanation: 'SECRET-HEALTH champion gone' }],
    risks: [risk({ id: 'r1', accountId: 'a', evidence: 'SECRET-RISK they trial a competitor' })],
    expansion: { note: 'SECRET-EXPANSION upsell seats' },
    highlights: ['SECRET-HIGHLIGHT reorg'],
    objectives: [
      objective({ id: 'o1', title: 'Ship weekly', status: 'at_risk', internalNotes: 'SECRET-NOTE CFO sceptical' }),
      objective({ id: 'o2', title: 'Hidden upsell goal', customerVisible: false }),
      objective({ id: 'o3', title: 'Single sign-on for all teams', status: 'achieved', progress: 100 }),
    ],
  });
  const customer = projectCustomerAccount(account, {
    objectives: account.objectives,
    actionItems: [
      actionItem({ id: '1', text: 'Enable SSO', status: 'done', completedAt: '2026-11-03T10:00:00Z' }),
      actionItem({ id: '2', text: 'Old thing', status: 'done', completedAt: '2026-05-03T10:00:00Z' }),
      actionItem({ id: '3', text: 'Share runner metrics', status: 'open', dueDate: '2027-01-15', side: 'vendor', owner: { kind: 'user', id: 'u', name: 'Alice Archer' } }),
      actionItem({ id: '4', text: 'Someone else’s item', accountId: 'b' }),
    ],
    shipped: [{ title: 'Merge trains', release: '17.2', shippedAt: '2026-11-20T00:00:00Z', requestedAt: null }],
  });
  return {
    customer,
    vendorName: 'Acme',
    period: { from: '2026-10-01', to: '2026-12-31' },
    nextReviewOn: '2027-04-10',
    ...o,
  };
}

describe('buildCbrPack', () => {
  it('shows the customer their objectives, what was achieved, what shipped and the next steps', () => {
    const pack = buildCbrPack(input());
    expect(pack.objectives.map((o) => [o.title, o.status])).toEqual([['Ship weekly', 'needs attention']]);
    expect(pack.achieved).toEqual(['Single sign-on for all teams']);
    expect(pack.completedActionItems.map((a) => a.text)).toEqual(['Enable SSO']);
    expect(pack.shipped).toEqual([{ title: 'Merge trains', release: '17.2' }]);
    expect(pack.nextSteps.map((a) => [a.text, a.owner])).toEqual([['Share runner metrics', 'Alice Archer']]);
  });

  it('never carries health, risks, ARR, expansion, highlights or internal notes, in data or in print', () => {
    const pack = buildCbrPack(input());
    const everything = [JSON.stringify(pack), renderCbrMarkdown(pack), renderCbrHtml(pack)].join('\n');
    for (const secret of ['SECRET', 'Hidden upsell', '400000', '$400k', 'health', 'risk']) expect(everything).not.toContain(secret);
  });

  it('renders headings a customer reads, with the next review date', () => {
    const text = renderCbrMarkdown(buildCbrPack(input()));
    expect(text).toContain('# Acme / Globex business review');
    expect(text).toContain('## What we achieved together');
    expect(text).toContain('Next review: 2027-04-10');
  });
});
