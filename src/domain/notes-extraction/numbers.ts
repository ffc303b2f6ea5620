const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1e6, billion: 1e9 };
const CURRENCY = '(?:euros?|dollars?|pounds?|francs?|bucks)';

const WORD = `(?:${[...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(SCALES)].join('|')})`;
/** A run of number words: "twenty five", "a hundred and twenty", "fifty-five", "fifty million". */
const RUN = new RegExp(`\\b(?:a\\s+(?=(?:hundred|thousand|million)\\b))?${WORD}(?:(?:\\s+and\\s+|[\\s-]+)${WORD})*\\b`, 'gi');
/** Spoken prices: "twelve Euro fifty", "twelve fifty Euro". */
const PRICE_AFTER = new RegExp(`\\b(${WORD}(?:[\\s-]+${WORD})?)\\s+(${CURRENCY})\\s+(${WORD}(?:[\\s-]+${WORD})?)\\b(?!\\s+(?:${WORD}|${CURRENCY}))`, 'gi');
const PRICE_BEFORE = new RegExp(
  `\\b((?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen))\\s+((?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?)\\s+(${CURRENCY})\\b`,
  'gi',
);

/** The value of a run of number words, or null when it does not read as one number ("one two"). */
export function numberValue(words: string): number | null {
  let total = 0;
  let current = 0;
  let last: 'unit' | 'tens' | 'scale' | null = null;
  for (const raw of words.toLowerCase().split(/[\s-]+/)) {
    if (raw === 'and' || raw === 'a') continue;
    if (raw in UNITS) {
      // "one two" is two numbers; "twenty five" is one.
      if (last === 'unit' || (last === 'tens' && (UNITS[raw] ?? 0) >= 10)) return null;
      current += UNITS[raw] ?? 0;
      last = 'unit';
    } else if (raw in TENS) {
      if (last === 'unit' || last === 'tens') return null;
      current += TENS[raw] ?? 0;
      last = 'tens';
    } else if (raw in SCALES) {
      const scale = SCALES[raw] ?? 1;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
      last = 'scale';
    } else return null;
  }
  return total + current;
}

/**
 * Numbers as a note writes them: "twenty five Euro" → "25 Euro", "fifty million" → "50 million",
 * "twelve Euro fifty" → "12.50 Euro", "a hundred and twenty seats" → "120 seats". Small numbers
 * read better as words ("two buttons", "one option") and stay.
 */
export function writtenNumbers(text: string): string {
  const price = (units: string, cents: string) => {
    const u = numberValue(units);
    const c = numberValue(cents);
    return u === null || c === null || c >= 100 ? null : `${u}.${String(c).padStart(2, '0')}`;
  };
  return text
    .replace(PRICE_AFTER, (m, units: string, currency: string, cents: string) => {
      const p = price(units, cents);
      return p === null ? m : `${p} ${currency}`;
    })
    .replace(PRICE_BEFORE, (m, units: string, cents: string, currency: string) => {
      const p = price(units, cents);
      return p === null ? m : `${p} ${currency}`;
    })
    .replace(RUN, (m) => {
      const words = m.trim();
      const big = /\s(million|billion)$/i.exec(words);
      const head = big ? words.slice(0, big.index) : words;
      const value = numberValue(head);
      if (value === null || (value < 10 && !big)) return m;
      return big ? `${value} ${big[1]}` : String(value);
    });
}
