import { describe, expect, it } from 'vitest';
import { currentAndNextFiscalQuarter, firstWeekOfFiscalQuarter, fiscalQuarterOf, isInQuarter, monthBounds, parseYearMonth, secondWeekOfMonth } from './fiscal.ts';

describe('fiscal quarters', () => {
  it('with a January start, the fiscal quarters are the calendar quarters', () => {
    expect(fiscalQuarterOf('2026-05-17', 1)).toEqual({ fiscalYear: 2026, quarter: 2, start: '2026-04-01', end: '2026-06-30', label: 'FY2026 Q2' });
  });

  it('with a February start, January belongs to the last quarter of the fiscal year that ends then', () => {
    const q = fiscalQuarterOf('2027-01-15', 2);
    expect(q).toMatchObject({ fiscalYear: 2027, quarter: 4, start: '2026-11-01', end: '2027-01-31' });
  });

  it('with a February start, 1 February opens Q1 of the fiscal year named after the year it ends in', () => {
    expect(fiscalQuarterOf('2026-02-01', 2)).toMatchObject({ fiscalYear: 2027, quarter: 1, start: '2026-02-01', end: '2026-04-30' });
    expect(fiscalQuarterOf('2026-01-31', 2)).toMatchObject({ fiscalYear: 2026, quarter: 4 });
  });

  it('the next quarter after the last one of a fiscal year is Q1 of the next fiscal year', () => {
    const { current, next } = currentAndNextFiscalQuarter('2026-12-03', 10);
    expect(current).toMatchObject({ fiscalYear: 2027, quarter: 1, start: '2026-10-01', end: '2026-12-31' });
    expect(next).toMatchObject({ fiscalYear: 2027, quarter: 2, start: '2027-01-01', end: '2027-03-31' });
    const q4 = currentAndNextFiscalQuarter('2026-09-30', 10);
    expect(q4.current.label).toBe('FY2026 Q4');
    expect(q4.next.label).toBe('FY2027 Q1');
  });

  it('a quarter includes its first and last day and nothing beyond', () => {
    const q = fiscalQuarterOf('2026-03-10', 1);
    expect(isInQuarter('2026-01-01', q)).toBe(true);
    expect(isInQuarter('2026-03-31', q)).toBe(true);
    expect(isInQuarter('2026-04-01', q)).toBe(false);
    expect(isInQuarter('2025-12-31', q)).toBe(false);
  });

  it('every month of a fiscal year belongs to exactly one of its four quarters', () => {
    for (let start = 1; start <= 12; start += 1) {
      const labels = new Set<string>();
      for (let i = 0; i < 12; i += 1) {
        const month = ((start - 1 + i) % 12) + 1;
        const year = 2026 + Math.floor((start - 1 + i) / 12);
        const q = fiscalQuarterOf(`${year}-${String(month).padStart(2, '0')}-15`, start);
        expect(isInQuarter(`${year}-${String(month).padStart(2, '0')}-15`, q)).toBe(true);
        labels.add(q.label);
      }
      expect(labels.size).toBe(4);
    }
  });

  it('refuses a start month that is not a month', () => {
    expect(() => fiscalQuarterOf('2026-01-01', 13)).toThrow(/1–12/);
  });
});

describe('review weeks', () => {
  it('the MBR week is the one starting on the second Monday of the month', () => {
    // December 2026 starts on a Tuesday: first Monday the 7th, second the 14th.
    expect(secondWeekOfMonth({ year: 2026, month: 12 })).toEqual({ start: '2026-12-14', end: '2026-12-18' });
    // June 2026 starts on a Monday: the second week starts on the 8th.
    expect(secondWeekOfMonth({ year: 2026, month: 6 })).toEqual({ start: '2026-06-08', end: '2026-06-12' });
  });

  it('the QBR week is the first full working week of the fiscal quarter', () => {
    // 1 October 2026 is a Thursday: the first full week starts Monday 5 October.
    expect(firstWeekOfFiscalQuarter(fiscalQuarterOf('2026-11-01', 10))).toEqual({ start: '2026-10-05', end: '2026-10-09' });
    // 1 June 2026 is a Monday.
    expect(firstWeekOfFiscalQuarter(fiscalQuarterOf('2026-07-01', 6))).toEqual({ start: '2026-06-01', end: '2026-06-05' });
  });

  it('a week that starts at the end of a month ends in the next one', () => {
    // 1 August 2027 is a Sunday: the week runs Monday 2nd to Friday 6th; Q from 2027-08-01.
    expect(firstWeekOfFiscalQuarter(fiscalQuarterOf('2027-08-20', 2))).toEqual({ start: '2027-08-02', end: '2027-08-06' });
    // 1 March 2026 is a Sunday; 1 Feb 2026 a Sunday: the week starting Mon 2 Feb.
    expect(firstWeekOfFiscalQuarter(fiscalQuarterOf('2026-02-10', 2))).toEqual({ start: '2026-02-02', end: '2026-02-06' });
  });
});

describe('review months', () => {
  it('reads a month written YYYY-MM', () => {
    expect(parseYearMonth('2026-12')).toEqual({ ok: true, month: { year: 2026, month: 12 } });
    expect(monthBounds({ year: 2028, month: 2 })).toEqual({ start: '2028-02-01', end: '2028-02-29' });
  });

  it('a thirteenth month is refused with a sentence naming the month field', () => {
    const parsed = parseYearMonth('2026-13');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.field).toBe('month');
      expect(parsed.message).toMatch(/01 to 12/);
    }
  });

  it('words and half-written months are refused', () => {
    for (const bad of ['December', '2026-1', '2026/12', '', '2026-00']) expect(parseYearMonth(bad).ok).toBe(false);
  });
});
