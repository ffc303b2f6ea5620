import { describe, expect, it } from 'vitest';
import { explainHealthChange } from './explain.ts';
import { scoreAccount } from './score.ts';
import { DEFAULT_SCORECARD_INPUT, defaultScorecard, parseScorecard } from './scorecard.ts';
import { NOW, healthyInputs } from './health.fixtures.ts';

const card = defaultScorecard();
const lastCall = new Date('2026-10-20T10:00:00Z');

describe('explainHealthChange', () => {
  it('names missed calls and licence use at contract month when engagement and adoption fell', () => {
    const before = scoreAccount(card, healthyInputs(), lastCall);
    const after = scoreAccount(
      card,
      healthyInputs({
        cadence_adherence: { part: 2, whole: 4 },
        licence_utilisation: { used: 410, bought: 1000, contractStart: '2026-02-01', renewalDate: '2027-02-01' },
      }),
      NOW,
    );
    const { summary, movements } = explainHealthChange(before, after);
    expect(summary).toMatch(/^Health fell from 96\.8 \(green\) to 87\.8 \((green|yellow)\)/);
    expect(summary).toContain('engagement fell');
    expect(summary).toContain('two calls missed');
    expect(summary).toContain('licence utilisation 41% at month 10 of 12');
    expect(movements.map((m) => m.group).sort()).toEqual(['adoption', 'engagement']);
    expect(movements.every((m) => m.direction === 'fell')).toBe(true);
  });

  it('puts the group that moved the score most first', () => {
    const before = scoreAccount(card, healthyInputs(), lastCall);
    const after = scoreAccount(card, healthyInputs({ escalations: 1, csm_sentiment: 'red' }), NOW);
    const { movements } = explainHealthChange(before, after);
    expect(movements[0]?.group).toBe('csm_sentiment');
    expect(movements[1]?.group).toBe('support');
  });

  it('says health is steady when nothing moved, and leaves small wobbles out', () => {
    const before = scoreAccount(card, healthyInputs(), lastCall);
    const after = scoreAccount(card, healthyInputs({ active_users: { part: 849, whole: 900 } }), NOW);
    const { summary, movements } = explainHealthChange(before, after);
    expect(summary).toMatch(/^Health steady at [\d.]+ \(green\)\.$/);
    expect(movements).toEqual([]);
  });

  it('says which measures are not known any more', () => {
    const before = scoreAccount(card, healthyInputs(), lastCall);
    const after = scoreAccount(card, healthyInputs({ product_sentiment: null }), NOW);
    const { summary, movements } = explainHealthChange(before, after);
    expect(movements[0]).toMatchObject({ group: 'product_sentiment', direction: 'went_missing' });
    expect(summary).toContain('Not known: product sentiment.');
  });

  it('explains an override and its reason', () => {
    const before = scoreAccount(card, healthyInputs(), lastCall);
    const after = scoreAccount(card, healthyInputs(), NOW, { override: { colour: 'red', reason: 'champion resigned', expiresAt: '2026-12-31T00:00:00Z' } });
    expect(explainHealthChange(before, after).summary).toContain('Overridden to red until 2026-12-31: champion resigned.');
  });

  it('explains a red forced by a critical measure', () => {
    const parsed = parseScorecard({ ...structuredClone(DEFAULT_SCORECARD_INPUT), redIfAnyCriticalRed: true });
    if (!parsed.ok) throw new Error('bad scorecard');
    const after = scoreAccount(parsed.scorecard, healthyInputs({ active_champion: false }), NOW);
    expect(explainHealthChange(null, after).summary).toContain('Red because a critical measure is red: no active champion.');
  });

  it('the timeline names the score as the account shows it, to the tenth, never rounded again', () => {
    const after = scoreAccount(card, healthyInputs({ active_users: { part: 10, whole: 100 }, licence_utilisation: null }), NOW);
    expect(explainHealthChange(null, after).summary).toContain(`First health score: ${after.score} (green)`);
    expect(after.score).toBe(76.3);
  });

  it('the first score names its weakest groups', () => {
    const after = scoreAccount(card, healthyInputs({ active_users: { part: 10, whole: 100 }, licence_utilisation: null }), NOW);
    expect(explainHealthChange(null, after).summary).toMatch(/^First health score: 76\.3 \(green\)\. Weakest: adoption [\d.]+\./);
  });
});
