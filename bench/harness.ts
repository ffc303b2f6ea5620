import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface BenchRow {
  case: string;
  p50_ms: number;
  p95_ms: number;
  baseline_case?: string;
  ratio_p95?: number;
  [extra: string]: string | number | undefined;
}

export interface BenchResult {
  benchmark: string;
  db: 'sqlite' | 'postgres' | 'none';
  rows: BenchRow[];
}

/** Runs fn `iterations` times after a warm-up and returns p50/p95 in milliseconds. */
export async function measure(fn: () => unknown, iterations = 200, warmup = 20): Promise<{ p50_ms: number; p95_ms: number }> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0);
  return { p50_ms: at(0.5), p95_ms: at(0.95) };
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Adds the ratio of each row's p95 to its baseline's p95, measured in the same run. */
export function withRatios(rows: BenchRow[]): BenchRow[] {
  return rows.map((r) => {
    const base = r.baseline_case ? rows.find((b) => b.case === r.baseline_case) : undefined;
    return base && base.p95_ms > 0 ? { ...r, ratio_p95: round(r.p95_ms / base.p95_ms, 2) } : r;
  });
}

export function printResult(result: BenchResult): void {
  const cols = ['case', 'p50_ms', 'p95_ms', 'baseline_case', 'ratio_p95'];
  const extra = [...new Set(result.rows.flatMap((r) => Object.keys(r)))].filter((k) => !cols.includes(k));
  const all = [...cols, ...extra];
  const cell = (v: unknown) => (v === undefined ? '' : String(v));
  const widths = all.map((c) => Math.max(c.length, ...result.rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  console.log(`\n${result.benchmark} (${result.db})`);
  console.log(line(all));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of result.rows) console.log(line(all.map((c) => cell(r[c]))));
}

/** Writes bench/results/NAME.json (NAME-postgres.json for the PostgreSQL run). */
export function saveResult(result: BenchResult): string {
  const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${result.benchmark}${result.db === 'postgres' ? '-postgres' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
