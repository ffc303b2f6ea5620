import { describe, expect, it } from 'vitest';
import { applyEdit, carryEdit, editBetween } from './live-text.ts';

describe('turning a whole-text save into a small edit', () => {
  it('touches only the span that changed', () => {
    expect(editBetween('Runners agreed', 'Runners agreed; pricing next')).toEqual({ index: 14, remove: 0, insert: '; pricing next' });
    expect(editBetween('a b c', 'a X c')).toEqual({ index: 2, remove: 1, insert: 'X' });
    expect(editBetween('same', 'same')).toBeNull();
  });

  it('never splits an emoji', () => {
    const edit = editBetween('ok 😀', 'ok 😃')!;
    expect(applyEdit('ok 😀', edit)).toBe('ok 😃');
    expect(edit.insert).toBe('😃');
  });

  it('carries a script’s addition onto notes that moved on meanwhile, keeping what was typed', () => {
    const base = 'Intro\nRecap';
    const theirs = 'Intro\nFrom script\nRecap';
    const current = 'Intro\nRecap\nTyped live';
    expect(applyEdit(current, carryEdit(base, theirs, current))).toBe('Intro\nFrom script\nRecap\nTyped live');
  });

  it('when the surroundings are gone, the newer write wins', () => {
    expect(applyEdit('totally different', carryEdit('abc', 'abXc', 'totally different'))).toBe('abXc');
  });
});
