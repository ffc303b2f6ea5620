import { explainHealthChange } from '../src/domain/health/explain.ts';
import type { HealthInputs } from '../src/domain/health/measures.ts';
import { scoreAccount, type HealthResult } from '../src/domain/health/score.ts';
import { defaultScorecard } from '../src/domain/health/scorecard.ts';
import type { HealthColour } from '../src/domain/model.ts';
import { measure } from './harness.ts';

/** A small deterministic generator, so every run scores the same book. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const COLOURS: HealthColour[] = ['green', 'yellow', 'red'];

/** Health inputs for `n` accounts, about one in ten missing each measure. */
export function generateHealthInputs(n: number, seed = 7): HealthInputs[] {
  const r = lcg(seed);
  const maybe = <T>(v: T): T | null => (r() < 0.1 ? null : v);
  const pick = () => COLOURS[Math.floor(r() * 3)] as HealthColour;
  return Array.from({ length: n }, () => {
    const bought = 10 + Math.floor(r() * 2000);
    const month = 1 + Math.floor(r() * 12);
    const expected = 1 + Math.floor(r() * 5);
    return {
      csm_sentiment: maybe(pick()),
      product_sentiment: maybe(pick()),
      cadence_adherence: maybe({ part: Math.floor(r() * (expected + 1)), whole: expected }),
      agenda_habit: maybe({ part: Math.floor(r() * 5), whole: 4 }),
      follow_up_habit: maybe({ part: Math.floor(r() * 5), whole: 4 }),
      customer_action_items: maybe({ part: Math.floor(r() * 7), whole: 6 }),
      licence_utilisation: maybe({ used: Math.floor(r() * bought * 1.1), bought, contractStart: `2026-${String(month).padStart(2, '0')}-01`, renewalDate: `2027-${String(month).padStart(2, '0')}-01` }),
      active_users: maybe({ part: Math.floor(r() * bought), whole: bought }),
      open_critical_tickets: maybe(Math.floor(r() * 4)),
      escalations: maybe(Math.floor(r() * 3)),
      active_champion: maybe(r() < 0.85),
      economic_buyer_access: maybe(r() < 0.6),
    };
  });
}

/** Recomputing health for the whole book (20,000 accounts) in one pass, and explaining the change. */
export default async function run(): Promise<{ benchmark: string; db: 'none'; rows: { case: string; p50_ms: number; p95_ms: number }[] }> {
  const card = defaultScorecard();
  const now = new Date('2026-11-20T10:00:00Z');
  const lastMonth = new Date('2026-10-20T10:00:00Z');
  const before = generateHealthInputs(20_000, 7);
  const after = generateHealthInputs(20_000, 8);
  const previous: HealthResult[] = before.map((inputs) => scoreAccount(card, inputs, lastMonth));

  const rows = [
    { case: 'score 20,000 accounts (default scorecard)', ...(await measure(() => after.map((inputs) => scoreAccount(card, inputs, now)), 20, 3)) },
    {
      case: 'score and explain the change for 20,000 accounts',
      ...(await measure(() => after.map((inputs, i) => explainHealthChange(previous[i] ?? null, scoreAccount(card, inputs, now))), 10, 2)),
    },
  ];
  return { benchmark: 'health-score', db: 'none', rows };
}
