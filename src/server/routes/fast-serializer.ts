import type { FastifyInstance, FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';

/**
 * Answers written straight from the response schema, for the routes a busy book asks most (issue
 * #16). The type provider's serializer re-parses every answer with zod and then calls
 * JSON.stringify: for a page of 50 accounts that was a fifth of the request's CPU. This one walks
 * the answer once, in the schema's key order, writing each value as JSON.stringify would: the same
 * bytes, and a key the schema does not name is left out, as zod leaves it out. It checks each
 * value's type (and each enum's values) so a service bug still fails the answer, but not the
 * finer checks (lengths, patterns), which a response schema does not carry anyway.
 *
 * A schema with a part it cannot write exactly (a transform, a default, a non-discriminated union,
 * a strict or loose object …) keeps the zod serializer. In test builds, where build-app sets a
 * stricter serializer of its own (it records every key an answer loses), that serializer still
 * writes the answer and this one must write the very same bytes, or the request fails: every API
 * test of these routes is also a test of this file. It is not Fastify's fast-json-stringify on
 * purpose: that one loads Ajv, which the server no longer loads at start.
 */
type Writer = (value: unknown) => string;

type Compile = Parameters<FastifySerializerCompiler<unknown>>[0];

/** The route option `serializerCompiler` for a hot route: `{ serializerCompiler: fastSerializer(app) }`. */
export function fastSerializer(app: FastifyInstance): FastifySerializerCompiler<unknown> {
  const configured = app.serializerCompiler ?? (zodSerializerCompiler as FastifySerializerCompiler<unknown>);
  const checking = configured !== (zodSerializerCompiler as unknown);
  return (route: Compile) => {
    const slow = configured(route);
    const write = writerOf(route.schema as z.ZodType);
    if (!write) return slow;
    if (!checking) return write;
    return (data) => {
      const json = slow(data);
      const fast = write(data);
      if (fast !== json) throw new Error(`the fast serializer of ${route.method} ${route.url} (${route.httpStatus}) wrote ${fast.slice(0, 300)} where zod wrote ${json.slice(0, 300)}`);
      return json;
    };
  };
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  entries?: Record<string, unknown>;
  values?: unknown[];
  options?: z.ZodType[];
  discriminator?: string;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  checks?: { _zod: { def: { check: string; format?: string } } }[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

function fail(expected: string, value: unknown): never {
  throw new Error(`the answer has ${value === null ? 'null' : typeof value} where its schema says ${expected}`);
}

const writeString: Writer = (v) => (typeof v === 'string' ? JSON.stringify(v) : fail('a string', v));
const writeBoolean: Writer = (v) => (v === true ? 'true' : v === false ? 'false' : fail('a boolean', v));
const writeNumber: Writer = (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : fail('a number', v));
const writeInteger: Writer = (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : fail('a whole number', v));
const writeNull: Writer = (v) => (v === null ? 'null' : fail('null', v));
const writeAny: Writer = (v) => JSON.stringify(v) ?? fail('a value', v);

/** The writer of a schema, or undefined when it has a part this file does not write exactly as zod. */
export function writerOf(schema: z.ZodType): Writer | undefined {
  if (!(schema as unknown as { _zod?: unknown })?._zod) return undefined;
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return writeString;
    case 'boolean':
      return writeBoolean;
    case 'null':
      return writeNull;
    case 'unknown':
    case 'any':
      return writeAny;
    case 'number': {
      const checks = (def.checks ?? []).map((c) => c._zod.def);
      if (checks.length === 0) return writeNumber;
      return checks.every((c) => c.check === 'number_format' && c.format === 'safeint') ? writeInteger : undefined;
    }
    case 'enum':
    case 'literal': {
      const allowed = def.type === 'enum' ? Object.values(def.entries ?? {}) : (def.values ?? []);
      if (!allowed.every((v): v is string => typeof v === 'string')) return undefined;
      const set = new Set<unknown>(allowed);
      return (v) => (set.has(v) ? JSON.stringify(v) : fail(`one of ${allowed.join(', ')}`, v));
    }
    case 'nullable': {
      const inner = writerOf(def.innerType!);
      return inner && ((v) => (v === null ? 'null' : inner(v)));
    }
    case 'array': {
      const item = writerOf(def.element!);
      if (!item) return undefined;
      return (v) => {
        if (!Array.isArray(v)) fail('a list', v);
        let out = '[';
        for (let i = 0; i < v.length; i += 1) out += (i ? ',' : '') + item(v[i]);
        return `${out}]`;
      };
    }
    case 'object':
      return objectWriter(def);
    case 'record': {
      if (defOf(def.keyType!).type !== 'string' || defOf(def.keyType!).checks?.length) return undefined;
      const value = writerOf(def.valueType!);
      if (!value) return undefined;
      return (v) => {
        if (!isPlainObject(v)) fail('an object', v);
        let out = '{';
        let first = true;
        for (const key of Object.keys(v)) {
          out += `${first ? '' : ','}${JSON.stringify(key)}:${value(v[key])}`;
          first = false;
        }
        return `${out}}`;
      };
    }
    case 'union':
      return def.discriminator ? discriminatedWriter(def.discriminator, def.options ?? []) : undefined;
    default:
      return undefined;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectWriter(def: Def): Writer | undefined {
  // A strict object refuses unknown keys and a loose one keeps them: only zod's default (strip) is written here.
  if (def.catchall) return undefined;
  const fields: { key: string; name: string; optional: boolean; write: Writer }[] = [];
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const fieldDef = defOf(field);
    const optional = fieldDef.type === 'optional';
    const write = writerOf(optional ? fieldDef.innerType! : field);
    if (!write) return undefined;
    // zod drops a missing unknown like an optional key; any other missing key fails the answer.
    fields.push({ key, name: `${JSON.stringify(key)}:`, optional: optional || fieldDef.type === 'unknown' || fieldDef.type === 'any', write });
  }
  return (v) => {
    if (!isPlainObject(v)) fail('an object', v);
    let out = '{';
    let first = true;
    for (const field of fields) {
      const value = v[field.key];
      if (value === undefined) {
        if (field.optional) continue;
        fail(`a value for ${field.key}`, value);
      }
      out += (first ? '' : ',') + field.name + field.write(value);
      first = false;
    }
    return `${out}}`;
  };
}

function discriminatedWriter(discriminator: string, options: z.ZodType[]): Writer | undefined {
  const byTag = new Map<unknown, Writer>();
  for (const option of options) {
    const def = defOf(option);
    const tag = def.type === 'object' ? def.shape?.[discriminator] : undefined;
    const tagDef = tag && defOf(tag);
    const write = writerOf(option);
    if (!tagDef || tagDef.type !== 'literal' || !write) return undefined;
    for (const value of tagDef.values ?? []) if (!byTag.has(value)) byTag.set(value, write);
  }
  return (v) => {
    const write = isPlainObject(v) ? byTag.get(v[discriminator]) : undefined;
    return write ? write(v) : fail(`an object whose ${discriminator} is one of ${[...byTag.keys()].join(', ')}`, v);
  };
}
