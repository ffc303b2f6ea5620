import { describe, expect, it } from 'vitest';
import { writtenNumbers } from './numbers.ts';

describe('numbers in notes are written as people write them', () => {
  it.each([
    ['sell it for twenty five Euro', 'sell it for 25 Euro'],
    ['a profit aim of fifty million Euro', 'a profit aim of 50 million Euro'],
    ['production cost of twelve Euro fifty', 'production cost of 12.50 Euro'],
    ['it costs twelve fifty euros', 'it costs 12.50 euros'],
    ['renewal for a hundred and twenty seats', 'renewal for 120 seats'],
    ['twenty-five licences', '25 licences'],
    ['three thousand five hundred users', '3500 users'],
  ])('%s → %s', (spoken, written) => {
    expect(writtenNumbers(spoken)).toBe(written);
  });

  it('small numbers and words that only look like numbers stay as said', () => {
    expect(writtenNumbers('two buttons and one option')).toBe('two buttons and one option');
    expect(writtenNumbers('pick one, two or three')).toBe('pick one, two or three');
    expect(writtenNumbers('someone said so')).toBe('someone said so');
  });
});
