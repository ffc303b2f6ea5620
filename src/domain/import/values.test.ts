import { describe, expect, it } from 'vitest';
import { parseDate, parseMoney, parseYesNo } from './values.ts';

describe('money as exports write it', () => {
  it.each([
    ['$1,070,000.00', 1070000],
    ['1.070.000,00 €', 1070000],
    ['1 070 000,00', 1070000],
    ['1\u00a0070\u00a0000,50 EUR', 1070000.5],
    ["CHF 1'070'000", 1070000],
    ['USD 250000', 250000],
    ['1070000', 1070000],
    ['1,070', 1070],
    ['1.070', 1070],
    ['1,5', 1.5],
    ['12.75', 12.75],
    ['1.2M', 1200000],
    ['250k', 250000],
    ['£ 99.99', 99.99],
    ['(1,000.00)', -1000],
  ])('%s is %d', (text, value) => expect(parseMoney(text)).toBe(value));

  it.each(['12O000', 'lots', '', '1,2,3.4.5', '$'])('%j is not money', (text) => expect(parseMoney(text)).toBeNull());
});

describe('dates as exports write them', () => {
  it.each([
    ['2026-03-04', 'mdy', '2026-03-04'],
    ['2026-03-04 10:23', 'mdy', '2026-03-04'],
    ['2026-03-04T10:23:00.000Z', 'mdy', '2026-03-04'],
    ['2026/3/4', 'mdy', '2026-03-04'],
    ['04.03.2026', 'mdy', '2026-03-04'],
    ['3/4/2026', 'mdy', '2026-03-04'],
    ['3/4/2026', 'dmy', '2026-04-03'],
    ['25/12/2026', 'mdy', '2026-12-25'],
    ['12/25/26', 'dmy', '2026-12-25'],
  ] as const)('%s (%s) is %s', (text, order, iso) => expect(parseDate(text, order)).toBe(iso));

  it.each(['2025-13-01', '2026-02-30', '31.04.2026', 'next week', '2026', ''])('%j is not a date', (text) => expect(parseDate(text)).toBeNull());
});

describe('yes and no', () => {
  it.each([
    ['Yes', true],
    ['TRUE', true],
    ['ja', true],
    ['0', false],
    ['No', false],
  ])('%s is %s', (text, value) => expect(parseYesNo(text)).toBe(value));
  it('maybe is neither', () => expect(parseYesNo('maybe')).toBeNull());
});
