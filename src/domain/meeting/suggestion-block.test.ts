import { describe, expect, it } from 'vitest';
import { SUGGESTION_BLOCK_HEADING, suggestionBlock, suggestionLine } from './suggestion-block.ts';

describe('transcript suggestions as a block in the notes', () => {
  it('says where the lines came from and words each kind as the suggestions list does', () => {
    const block = suggestionBlock('Globex wants SSO.', [
      { kind: 'action_item', payload: { text: 'Send the SSO guide', owner: 'Priya', due: '2026-12-12' } },
      { kind: 'decision', payload: { text: 'Move to annual billing' } },
      { kind: 'risk', payload: { type: 'churn', severity: 'high', text: 'Budget cut next quarter' } },
      { kind: 'request', payload: { kind: 'feature_request', text: 'SCIM for groups', matchedTitle: 'SCIM groups' } },
      { kind: 'sentiment', payload: { speaker: 'Dana', tone: 'positive', quote: 'This saved us a week' } },
    ]);
    expect(block!.lines).toBe(5);
    expect(block!.text).toBe(
      [
        '',
        '',
        SUGGESTION_BLOCK_HEADING,
        '> - Action item: Send the SSO guide (owner Priya; due 2026-12-12)',
        '> - Decision: Move to annual billing',
        '> - Risk: Budget cut next quarter (churn, high)',
        '> - Request: SCIM for groups (feature request; like “SCIM groups”)',
        '> - Sentiment: Dana (positive): “This saved us a week”',
        '',
      ].join('\n'),
    );
    expect(SUGGESTION_BLOCK_HEADING.startsWith('> Suggested from the transcript — review:')).toBe(true);
  });

  it('keeps a transcript line break from ending the quote', () => {
    expect(suggestionLine('decision', { text: 'Ship it\n\n# and this is not a heading' })).toBe('> - Decision: Ship it # and this is not a heading');
  });

  it('adds nothing the second time, and only the new line when one suggestion is new', () => {
    const one = { kind: 'question' as const, payload: { text: 'Does SSO cover contractors?', askedBy: 'Dana' } };
    const first = suggestionBlock('', [one])!;
    expect(first.text.startsWith(SUGGESTION_BLOCK_HEADING)).toBe(true);
    expect(suggestionBlock(first.text, [one])).toBeNull();
    const second = suggestionBlock(first.text, [one, { kind: 'decision', payload: { text: 'Pilot in January' } }])!;
    expect(second.lines).toBe(1);
    expect(second.text).toContain('> - Decision: Pilot in January');
    expect(second.text).not.toContain('contractors');
  });
});
