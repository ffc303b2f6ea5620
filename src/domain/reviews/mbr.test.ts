import { describe, expect, it } from 'vitest';
import { fiscalQuarterOf } from '../calendar/fiscal.ts';
import { buildMbrPack, renderMbrHtml, renderMbrMarkdown, type MbrInput } from './mbr.ts';
import { selectTopAccounts } from './top-accounts.ts';
import { NOW, objective, reviewAccount, risk } from './reviews.fixtures.ts';

const Q = fiscalQuarterOf('2026-12-01', 1);

describe('the MBR top 3', () => {
  it('gives one slot to each criterion: top ARR, renewing this fiscal quarter, expansion', () => {
    const accounts = [
      reviewAccount({ id: 'big', arr: 900_000 }),
      reviewAccount({ id: 'big2', arr: 800_000 }),
      reviewAccount({ id: 'big3', arr: 700_000 }),
      reviewAccount({ id: 'renew', arr: 50_000, renewalDate: '2026-12-20' }),
      reviewAccount({ id: 'grow', arr: 30_000, expansion: { note: 'Second business unit wants seats' } }),
    ];
    const top = selectTopAccounts(accounts, Q, '2026-12-01');
    expect(top.map((t) => [t.account.id, t.slot])).toEqual([
      ['big', 'top_arr'],
      ['renew', 'renewing_cfq'],
      ['grow', 'expansion'],
    ]);
  });

  it('an account meeting several criteria takes its first slot and leaves the others to the next best', () => {
    const accounts = [
      reviewAccount({ id: 'both', arr: 900_000, renewalDate: '2026-12-20', expansion: { note: 'upsell' } }),
      reviewAccount({ id: 'renew', arr: 50_000, renewalDate: '2026-12-31' }),
      reviewAccount({ id: 'mid', arr: 300_000 }),
    ];
    const top = selectTopAccounts(accounts, Q, '2026-12-01');
    expect(top.map((t) => t.account.id)).toEqual(['both', 'renew', 'mid']);
    expect(top[0]?.meets).toEqual(['top_arr', 'renewing_cfq', 'expansion']);
    expect(top[2]?.slot).toBe('fill');
  });

  it('ties go to the higher ARR, then the earlier renewal, then the name', () => {
    const accounts = [
      reviewAccount({ id: 'b', name: 'Beta', arr: 50_000, renewalDate: '2026-12-20' }),
      reviewAccount({ id: 'a', name: 'Alpha', arr: 50_000, renewalDate: '2026-12-20' }),
      reviewAccount({ id: 'c', name: 'Gamma', arr: 50_000, renewalDate: '2026-12-10' }),
    ];
    expect(selectTopAccounts(accounts, Q, '2026-12-01').map((t) => t.account.id)).toEqual(['c', 'a', 'b']);
  });

  it('a renewal earlier in the quarter than the review month is not "renewing this quarter"', () => {
    const top = selectTopAccounts([reviewAccount({ id: 'past', arr: 10, renewalDate: '2026-10-15' }), reviewAccount({ id: 'x', arr: 5, renewalDate: '2026-12-15' })], Q, '2026-12-01');
    expect(top.find((t) => t.account.id === 'past')?.meets).not.toContain('renewing_cfq');
  });

  it('a CSM with two accounts gets two, not three', () => {
    expect(selectTopAccounts([reviewAccount({ id: 'a' }), reviewAccount({ id: 'b' })], Q, '2026-12-01')).toHaveLength(2);
  });
});

function input(o: Partial<MbrInput> = {}): MbrInput {
  return {
    csm: { id: 'csm-1', name: 'Alice Archer' },
    month: '2026-12',
    fiscalYearStartMonth: 1,
    now: NOW,
    asks: [{ text: 'Exec sponsor call for Initech', accountId: 'i' }],
    accounts: [
      reviewAccount({
        id: 'g',
        name: 'Globex',
        arr: 400_000,
        renewalDate: '2026-12-20',
        healthHistory: [
          { at: '2026-11-01T00:00:00Z', score: 75, colour: 'green' },
          { at: '2026-12-05T00:00:00Z', score: 52, colour: 'yellow', explanation: 'engagement fell: two calls missed' },
        ],
        risks: [risk({ id: 'r1', accountId: 'g' }), risk({ id: 'r2', accountId: 'g', status: 'closed', resolution: 'ok' })],
        objectives: [objective({ id: 'o1', accountId: 'g', status: 'at_risk', title: 'Migrate CI' })],
      }),
      reviewAccount({ id: 'i', name: 'Initech', arr: 90_000, expansion: { note: 'Wants the security add-on', amount: 25_000 } }),
      reviewAccount({ id: 'h', name: 'Hooli', arr: 60_000, healthHistory: [{ at: '2026-11-20T00:00:00Z', score: 20, colour: 'red' }] }),
      reviewAccount({ id: 'other', name: 'Not mine', ownerId: 'csm-2', arr: 5_000_000 }),
    ],
    ...o,
  };
}

describe('buildMbrPack', () => {
  it('refuses a month that is not a month, naming the month field', () => {
    expect(buildMbrPack(input({ month: '2026-13' }))).toMatchObject({ ok: false, field: 'month' });
  });

  it('is held in the second week of the month, with the 5/15/5 agenda', () => {
    const built = buildMbrPack(input());
    if (!built.ok) throw new Error(built.message);
    expect(built.pack.week).toEqual({ start: '2026-12-14', end: '2026-12-18' });
    expect(built.pack.agenda.map((a) => a.minutes)).toEqual([5, 15, 5]);
  });

  it("only reviews the CSM's own accounts", () => {
    const built = buildMbrPack(input());
    if (!built.ok) throw new Error(built.message);
    expect(built.pack.topAccounts.map((s) => s.accountId)).toEqual(['g', 'i', 'h']);
    expect(built.pack.healthReview.accounts).toBe(3);
  });

  it('the health review shows the distribution now and which accounts declined', () => {
    const built = buildMbrPack(input());
    if (!built.ok) throw new Error(built.message);
    const review = built.pack.healthReview;
    expect(review.byColour.yellow.accountIds).toEqual(['g']);
    expect(review.byColour.red).toEqual({ accountIds: ['h'], arr: 60_000 });
    expect(review.movement.declined).toEqual(['g']);
    expect(review.movement.newlyScored).toEqual(['h']);
  });

  it('each account summary carries health then and now, live risks only, and the success plan', () => {
    const built = buildMbrPack(input());
    if (!built.ok) throw new Error(built.message);
    const globex = built.pack.topAccounts[0];
    expect(globex?.healthLine).toBe('Health 52 (yellow), was 75 (green)');
    expect(globex?.risks.map((r) => r.id)).toEqual(['r1']);
    expect(globex?.renewsInQuarter).toBe(true);
    expect(globex?.objectives[0]).toMatchObject({ title: 'Migrate CI', status: 'at_risk' });
  });

  it('a pack never says "Declined: none" above a decline: the summary shows what it was only when the review counts a move', () => {
    const slipped = [
      { at: '2026-11-01T00:00:00Z', score: 68, colour: 'yellow' as const },
      { at: '2026-12-05T00:00:00Z', score: 62.6, colour: 'yellow' as const },
    ];
    const nudged = [
      { at: '2026-11-01T00:00:00Z', score: 68, colour: 'yellow' as const },
      { at: '2026-12-05T00:00:00Z', score: 66, colour: 'yellow' as const },
    ];
    const built = buildMbrPack(input({ accounts: [reviewAccount({ id: 's', name: 'Slipped', healthHistory: slipped }), reviewAccount({ id: 'n', name: 'Nudged', healthHistory: nudged })] }));
    if (!built.ok) throw new Error(built.message);
    expect(built.pack.healthReview.movement).toMatchObject({ declined: ['s'], unchanged: ['n'] });
    expect(Object.fromEntries(built.pack.topAccounts.map((s) => [s.name, s.healthLine]))).toEqual({ Slipped: 'Health 62.6 (yellow), was 68 (yellow)', Nudged: 'Health 66 (yellow)' });
  });

  it("the pack adds up ARR at risk as the register does: live risks only, capped at the account's ARR", () => {
    const risks = [risk({ id: 'r1', accountId: 'g', arrAtRisk: 300_000 }), risk({ id: 'r2', accountId: 'g', arrAtRisk: 200_000 }), risk({ id: 'r3', accountId: 'g', status: 'closed', arrAtRisk: 90_000 })];
    const built = buildMbrPack(input({ accounts: [reviewAccount({ id: 'g', name: 'Globex', arr: 400_000, risks })] }));
    if (!built.ok) throw new Error(built.message);
    expect(built.pack.topAccounts[0]?.arrAtRisk).toBe(400_000);
    expect(renderMbrMarkdown(built.pack)).toContain('$400k at risk');
  });

  it("the asks put the CSM's own first, then help on high risks and objectives at risk", () => {
    const built = buildMbrPack(input());
    if (!built.ok) throw new Error(built.message);
    expect(built.pack.asks.map((a) => a.text)).toEqual(['Exec sponsor call for Initech', 'Help mitigate the high champion leaving risk at Globex ($40k at risk)', 'Unblock "Migrate CI" at Globex (at risk)']);
  });
});

describe('rendering the MBR', () => {
  it('renders the three agenda sections in order with each account', () => {
    const built = buildMbrPack(input());
    if (!built.ok) throw new Error(built.message);
    const text = renderMbrMarkdown(built.pack);
    const order = ['# MBR 2026-12: Alice Archer', '## 1. Customer health metrics review', '### Globex', '### Initech', '### Hooli', '## 3. Asks for the business'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(text).toContain('engagement fell: two calls missed');
  });

  it('an account name with markup cannot inject HTML into the pack', () => {
    const built = buildMbrPack(input({ accounts: [reviewAccount({ id: 'x', name: '<img src=x onerror=alert(1)>Evil' })] }));
    if (!built.ok) throw new Error(built.message);
    const html = renderMbrHtml(built.pack);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;Evil');
  });
});
