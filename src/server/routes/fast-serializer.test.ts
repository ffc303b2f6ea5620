import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccountListSchema } from './accounts.schema.ts';
import { writerOf } from './fast-serializer.ts';
import { MyDaySchema } from './my-day.schema.ts';

const zodJson = (schema: z.ZodType, value: unknown) => JSON.stringify(z.encode(schema, value as never));

const Sample = z.object({
  name: z.string(),
  note: z.string().nullable(),
  nick: z.string().optional(),
  score: z.number().nullable(),
  count: z.number().int(),
  active: z.boolean(),
  colour: z.enum(['green', 'amber', 'red']),
  tags: z.array(z.string()),
  extra: z.unknown(),
  by: z.record(z.string(), z.number()),
  target: z.discriminatedUnion('type', [z.object({ type: z.literal('meeting'), id: z.string() }), z.object({ type: z.literal('account'), id: z.string(), section: z.string() })]),
});

describe('answers written straight from their schema', () => {
  it('writes the same bytes as zod: key order, dropped keys, escapes, numbers and unions', () => {
    const write = writerOf(Sample)!;
    const values = [
      {
        target: { section: 'renewal', id: 'a1', type: 'account', secret: 1 },
        by: { b: 2, a: 1.5 },
        extra: { nested: ['x', null] },
        tags: ['strategic', 'emea'],
        colour: 'amber',
        active: false,
        count: -0,
        score: 1e21,
        note: null,
        name: 'Acme "GmbH" \\ \n\t\u0001 é 😀 \ud800',
        password: 'never sent',
      },
      { name: '', note: 'x', nick: 'N', score: 0.1 + 0.2, count: 42, active: true, colour: 'red', tags: [], extra: undefined, by: {}, target: { type: 'meeting', id: 'm' } },
    ];
    for (const value of values) expect(write(value)).toBe(zodJson(Sample, value));
  });

  it('fails an answer zod would fail instead of sending a wrong type', () => {
    const write = writerOf(Sample)!;
    const good = { name: 'a', note: null, score: 1, count: 1, active: true, colour: 'green', tags: [], extra: 1, by: {}, target: { type: 'meeting', id: 'm' } };
    expect(() => write({ ...good, count: 1.5 })).toThrow();
    expect(() => write({ ...good, colour: 'blue' })).toThrow();
    expect(() => write({ ...good, name: undefined })).toThrow();
    expect(() => write({ ...good, active: 1 })).toThrow();
    expect(() => write({ ...good, target: { type: 'task', id: 't' } })).toThrow();
  });

  it('keeps zod for what it cannot write exactly', () => {
    expect(writerOf(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(writerOf(z.object({ a: z.string().default('x') }))).toBeUndefined();
    expect(writerOf(z.union([z.string(), z.number()]))).toBeUndefined();
    expect(writerOf(z.undefined())).toBeUndefined();
  });

  it('writes the book of business and My day, the answers a busy team asks most', () => {
    expect(writerOf(AccountListSchema)).toBeDefined();
    expect(writerOf(MyDaySchema)).toBeDefined();
  });
});
