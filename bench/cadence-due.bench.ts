import { createBusinessCalendar } from '../src/domain/business-days.ts';
import { computeDueStates, type DueInput } from '../src/domain/cadence-due.ts';
import { DEFAULT_CADENCE_POLICY, resolveCadence } from '../src/domain/cadence-policy.ts';
import { HEALTH_COLOURS, SEGMENTS, STAGES, type HealthColour } from '../src/domain/model.ts';
import { measure } from './harness.ts';

/** A small deterministic generator, so every run computes the same book. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ZONES = ['UTC', 'Europe/Berlin', 'Europe/London', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney', 'Asia/Kolkata'];
const NOW = '2026-11-23T09:00:00.000Z';
const DAY_MS = 86_400_000;

export interface GeneratedAccount {
  segment: (typeof SEGMENTS)[number];
  stage: (typeof STAGES)[number];
  health: HealthColour | null;
  input: Omit<DueInput, 'cadence'>;
}

/** `n` accounts spread over segments, stages, health, zones; about one in ten has no call yet. */
export function generateAccounts(n: number, seed = 11): GeneratedAccount[] {
  const r = lcg(seed);
  const nowMs = Date.parse(NOW);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  return Array.from({ length: n }, () => {
    const createdMs = nowMs - Math.floor(r() * 900) * DAY_MS;
    const lastCallMs = r() < 0.1 ? null : createdMs + Math.floor(r() * (nowMs - createdMs));
    const lastTouchMs = r() < 0.2 ? null : nowMs - Math.floor(r() * 60) * DAY_MS;
    return {
      segment: pick(SEGMENTS),
      stage: pick(STAGES),
      health: r() < 0.1 ? null : pick(HEALTH_COLOURS),
      input: {
        lastCallAt: lastCallMs === null ? null : new Date(lastCallMs).toISOString(),
        lastTouchAt: lastTouchMs === null ? null : new Date(lastTouchMs).toISOString(),
        createdAt: new Date(createdMs).toISOString(),
        stageEnteredAt: new Date(nowMs - Math.floor(r() * 120) * DAY_MS).toISOString(),
        timezone: pick(ZONES),
      },
    };
  });
}

/**
 * Due state for 20,000 accounts, pure (no database): resolving each account's cadence from the
 * policy and computing its due dates. The budget is 300 ms for the whole book.
 */
export default async function run(): Promise<{ benchmark: string; db: 'none'; rows: { case: string; p50_ms: number; p95_ms: number }[] }> {
  const accounts = generateAccounts(20_000);
  const calendar = createBusinessCalendar({ holidays: ['2026-12-24', '2026-12-25', '2026-12-31', '2027-01-01'] });
  const policy = DEFAULT_CADENCE_POLICY;
  const resolveAndCompute = () => {
    const inputs = accounts.map((a) => ({ ...a.input, cadence: resolveCadence(policy, a, a.health) }));
    return computeDueStates(inputs, policy, NOW, calendar);
  };
  const resolved = accounts.map((a) => ({ ...a.input, cadence: resolveCadence(policy, a, a.health) }));
  const full = await measure(resolveAndCompute, 20, 3);
  const computeOnly = await measure(() => computeDueStates(resolved, policy, NOW, calendar), 20, 3);
  return {
    benchmark: 'cadence-due',
    db: 'none',
    rows: [
      { case: `due state for ${accounts.length} accounts (resolve policy + compute)`, ...full },
      { case: `due state for ${accounts.length} accounts (compute only)`, ...computeOnly },
    ],
  };
}
