import { z } from 'zod';
import { CalendarDateSchema } from '../../domain/validation.ts';

/** `segment=enterprise,commercial` or repeated `segment=` params, each checked against a list. */
export function listParam<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)))
    .optional();
}

export const freeListParam = z
  .union([z.string().max(200), z.array(z.string().max(200))])
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .optional();

export const limitParam = z.coerce.number().int('must be a whole number').min(1).max(500).default(50);
export const cursorParam = z.string().max(500).optional();
export const dateParam = CalendarDateSchema.optional();
export const IdParams = z.strictObject({ id: z.string().min(1).max(64) });
