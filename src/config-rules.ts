/**
 * Plain checks for the environment variables whose zod schema is a length, a pattern, a number
 * range or a list of words, so a valid environment is read without building zod's ~80 schemas
 * (issue #16: 9-10 ms of every `cadence due`). They only ever say "valid, and this is the value
 * zod would give" or "ask zod": a variable they do not accept, or one only zod judges (URLs,
 * e-mail addresses, refinements), sends the whole environment through the schema, so what is
 * refused and how it is worded stay the schema's. config.test.ts holds the two to the same answers.
 */
export type EnvRule =
  | { kind: 'string'; min?: number; max?: number; pattern?: RegExp; fallback?: string }
  | { kind: 'number'; int?: boolean; min?: number; max?: number; positive?: boolean; fallback?: number }
  | { kind: 'word'; words: readonly string[]; fallback?: string }
  | { kind: 'zod' };

export const text = (check: { min?: number; max?: number; pattern?: RegExp } = {}, fallback?: string): EnvRule => ({ kind: 'string', ...check, fallback });
export const numeric = (check: { int?: boolean; min?: number; max?: number; positive?: boolean }, fallback?: number): EnvRule => ({ kind: 'number', ...check, fallback });
export const word = (words: readonly string[], fallback?: string): EnvRule => ({ kind: 'word', words, fallback });
/** Judged by the schema alone whenever the variable is set. */
export const ZOD_ONLY: EnvRule = { kind: 'zod' };

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
