import { describe, expect, it } from 'vitest';
import { snippetOf } from './notes-snippet.ts';

describe('a search snippet', () => {
  it('shows the words around the first match and marks every match, prefixes included', () => {
    const text = `${'filler '.repeat(40)}They talked about consolidation onto a competitor platform and Consolidating CI. ${'tail '.repeat(40)}`;
    const snippet = snippetOf(text, ['consolidat', 'competitor']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('«consolidation» onto a «competitor» platform and «Consolidating» CI');
  });

  it('does not mark a term inside another word, and copes with regex characters', () => {
    expect(snippetOf('prerenewal renewal', ['renewal'])).toBe('prerenewal «renewal»');
    expect(snippetOf('cost (q1) review', ['q1'])).toBe('cost («q1») review');
  });
});
