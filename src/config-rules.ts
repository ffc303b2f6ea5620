import { z } from 'zod';

/**
 * The environment's variables as plain rules: a length, a pattern, a number range, a list of words, or
 * (for URLs, e-mail addresses and refinements) a zod schema. One table is both: the reader below reads
 * a valid environment by the plain rules without building zod's ~80 schemas (issue #16: 9-10 ms of
 * every `cadence due`), and `schemaOf` builds the zod schema from the same table when a variable needs
 * its judgement or fails a rule, so what is refused and how it is worded are the schema's.
 */
export type EnvRule<T = unknown, Fallback = unknown> = (
  | { kind: 'string'; min?: number; max?: number; pattern?: RegExp; message?: string; fallback?: string }
  | { kind: 'number'; int?: boolean; min?: number; max?: number; positive?: boolean; fallback?: number }
  | { kind: 'word'; words: readonly [string, ...string[]]; fallback?: string }
  | { kind: 'zod'; schema: () => z.ZodType }
) & { readonly value?: T; readonly withFallback?: Fallback };

/** What a rule reads a variable as: its type, or undefined when the variable may be unset and has no fallback. */
export type ValueOf<R> = R extends EnvRule<infer T, infer F> ? (F extends undefined ? T | undefined : T) : never;

type StringCheck = { min?: number; max?: number; pattern?: RegExp; message?: string };
export const text = <F extends string | undefined = undefined>(check: StringCheck = {}, fallback?: F): EnvRule<string, F> => ({ kind: 'string', ...check, fallback });
export const numeric = <F extends number | undefined = undefined>(check: { int?: boolean; min?: number; max?: number; positive?: boolean }, fallback?: F): EnvRule<number, F> => ({ kind: 'number', ...check, fallback });
export const word = <const W extends readonly [string, ...string[]], F extends W[number] | undefined = undefined>(words: W, fallback?: F): EnvRule<W[number], F> => ({ kind: 'word', words, fallback });
/** Judged by the schema alone whenever the variable is set (an optional URL or e-mail address, a refinement). */
export const zodOnly = <S extends z.ZodType>(schema: () => S): EnvRule<z.output<S>, undefined> => ({ kind: 'zod', schema });

function accepted(rule: EnvRule, value: string): string | number | undefined {
  switch (rule.kind) {
    case 'string':
      return (rule.min === undefined || value.length >= rule.min) && (rule.max === undefined || value.length <= rule.max) && (rule.pattern === undefined || rule.pattern.test(value)) ? value : undefined;
    case 'number': {
      // z.coerce.number() reads the variable with Number(); only finite numbers pass its type check.
      const n = Number(value);
      const ok = Number.isFinite(n) && (!rule.int || Number.isSafeInteger(n)) && (rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max) && (!rule.positive || n > 0);
      return ok ? n : undefined;
    }
    case 'word':
      return rule.words.includes(value) ? value : undefined;
    case 'zod':
      return undefined;
  }
}

/** The environment read by the rules, as the schema would parse it, or undefined when the schema must judge it. */
export function readByRules(env: Record<string, unknown>, rules: Record<string, EnvRule>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(rules)) {
    const value = env[key];
    if (value === undefined) {
      if (rule.kind !== 'zod' && rule.fallback !== undefined) out[key] = rule.fallback;
      continue;
    }
    const read = typeof value === 'string' ? accepted(rule, value) : undefined;
    if (read === undefined) return undefined;
    out[key] = read;
  }
  return out;
}

/** One rule as zod: the checks in the order the rule names them, then its fallback or `optional()`. */
function zodOf(rule: EnvRule): z.ZodType {
  if (rule.kind === 'zod') return rule.schema();
  let schema: z.ZodType;
  if (rule.kind === 'string') {
    let s = z.string();
    if (rule.min !== undefined) s = s.min(rule.min, rule.message);
    if (rule.max !== undefined) s = s.max(rule.max, rule.message);
    if (rule.pattern !== undefined) s = s.regex(rule.pattern, rule.message);
    schema = s;
  } else if (rule.kind === 'number') {
    let n = z.coerce.number();
    if (rule.int) n = n.int();
    if (rule.positive) n = n.positive();
    if (rule.min !== undefined) n = n.min(rule.min);
    if (rule.max !== undefined) n = n.max(rule.max);
    schema = n;
  } else schema = z.enum(rule.words);
  return rule.fallback !== undefined ? schema.default(rule.fallback as never) : schema.optional();
}

/** The zod schema of a table of rules. */
export function schemaOf(rules: Record<string, EnvRule>): z.ZodObject {
  return z.object(Object.fromEntries(Object.entries(rules).map(([key, rule]) => [key, zodOf(rule)])));
}
