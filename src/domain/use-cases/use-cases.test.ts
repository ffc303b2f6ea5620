import { describe, expect, it } from 'vitest';
import { adoptionDeduction, findDuplicate, scoreUseCase, useCasesToSuggest, type HandScore, type UseCaseTemplate } from './use-cases.ts';

const template = (over: Partial<UseCaseTemplate> = {}): UseCaseTemplate => ({
  id: 't1',
  product: 'Secure',
  name: 'Dependency scanning',
  customerWording: 'Find vulnerable dependencies',
  enablementOffer: 'a session with our SA',
  findingMatch: 'dependency',
  position: 0,
  ...over,
});
const noHand: HandScore = { score: null, note: null, scoredBy: null, scoredAt: null };
const now = new Date('2026-12-03T12:00:00Z');

describe('use-case adoption rules', () => {
  it('the same use case twice for one product is a duplicate, whatever the case', () => {
    expect(
      findDuplicate([
        { product: 'Secure', name: 'SAST' },
        { product: 'Plan', name: 'SAST' },
      ]),
    ).toBeNull();
    expect(
      findDuplicate([
        { product: 'Secure', name: 'SAST' },
        { product: 'secure', name: ' sast ' },
      ]),
    ).toEqual({ field: 'templates.1.name', message: expect.stringContaining('already use case 1') });
  });
  it('a score by hand holds until a newer finding speaks for the use case', () => {
    const hand: HandScore = { score: 'yellow', note: 'pilot team only', scoredBy: 'u1', scoredAt: '2026-11-20T10:00:00Z' };
    expect(scoreUseCase(template(), hand, [{ kind: 'usage', severity: null, title: 'Dependency scan ran on 40 projects', foundAt: '2026-11-01T00:00:00Z' }], now)).toMatchObject({ score: 'yellow', source: 'hand' });
    const newer = scoreUseCase(template(), hand, [{ kind: 'usage', severity: null, title: 'Dependency scan ran on 40 projects', foundAt: '2026-11-25T00:00:00Z' }], now);
    expect(newer).toMatchObject({ score: 'green', source: 'findings' });
    expect(newer.because).toMatch(/green from a product finding on 2026-11-25/);
  });
  it('a high error finding reads red; an old finding or one about something else says nothing', () => {
    expect(scoreUseCase(template(), noHand, [{ kind: 'error', severity: 'high', title: 'Dependency scanning jobs failing', foundAt: '2026-12-01T00:00:00Z' }], now).score).toBe('red');
    expect(scoreUseCase(template(), noHand, [{ kind: 'usage', severity: null, title: 'Dependency scan ran', foundAt: '2026-08-01T00:00:00Z' }], now).score).toBeNull();
    expect(scoreUseCase(template(), noHand, [{ kind: 'usage', severity: null, title: 'Pipelines ran', foundAt: '2026-12-01T00:00:00Z' }], now).score).toBeNull();
  });
  it('the agenda suggests at most two non-green use cases, red first', () => {
    const at = (id: string, score: 'red' | 'yellow' | 'green' | null, position: number) => ({ template: template({ id, position }), score, source: 'hand' as const, because: '', hand: noHand });
    expect(useCasesToSuggest([at('a', 'yellow', 0), at('b', 'green', 1), at('c', 'red', 2), at('d', 'yellow', 3), at('e', null, 4)]).map((u) => u.template.id)).toEqual(['c', 'a']);
  });
  it('red and yellow use cases take points off health, explained in words; green or unscored take none', () => {
    expect(
      adoptionDeduction([
        { name: 'SAST', score: 'red' },
        { name: 'DAST', score: 'yellow' },
        { name: 'SBOM', score: 'green' },
        { name: 'Fuzzing', score: null },
      ]),
    ).toEqual({ points: 7, lines: ['use cases: 1 red (SAST), 1 yellow (DAST) of 3 scored: −7'] });
    expect(adoptionDeduction([{ name: 'SAST', score: 'green' }])).toEqual({ points: 0, lines: ['use cases: all 1 scored green'] });
    expect(
      adoptionDeduction([
        { name: 'a', score: 'red' },
        { name: 'b', score: 'red' },
        { name: 'c', score: 'red' },
        { name: 'd', score: 'red' },
      ]).points,
    ).toBe(15);
    expect(adoptionDeduction([])).toEqual({ points: 0, lines: [] });
  });
});
