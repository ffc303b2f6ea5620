import { CompiledQuery, type Compilable } from 'kysely';
import type { Executor } from './database.ts';

const SLOT = Symbol('slot');
type Slot = { readonly [SLOT]: number };
type Shape = { sql: string; parameters: ({ value: number } | { constant: unknown })[] };

const isSlot = (p: unknown): p is Slot => typeof p === 'object' && p !== null && SLOT in p;

/** Compiled shapes kept per query and dialect, one per count of values (a page size): enough for the sizes asked. */
const SHAPES_PER_QUERY = 32;

/**
 * A query whose SQL depends only on the dialect and how many values it is given, built and compiled
 * by Kysely once for each and then run with fresh values: building and compiling the accounts
 * page's activity query alone took ~145 µs of each request's CPU (issue #16). The query is built
 * with stand-ins for the values; one that does not carry every stand-in as a parameter
 * (a value written into the SQL itself) is not kept, and is built again with the real values every time.
 */
export function compiledOnce<V, R>(build: (db: Executor, values: readonly V[]) => Compilable<R>): (db: Executor, values: readonly V[]) => Promise<R[]> {
  const shapes = new WeakMap<object, Map<number, Shape | null>>();
  return async (db, values) => {
    // One adapter per database (its transactions share it), and the SQL differs only by dialect.
    const adapter = db.getExecutor().adapter;
    let byCount = shapes.get(adapter);
    if (!byCount) shapes.set(adapter, (byCount = new Map()));
    let shape = byCount.get(values.length);
    if (shape === undefined) {
      shape = shapeOf(
        build(
          db,
          values.map((_, i) => ({ [SLOT]: i }) as unknown as V),
        ).compile(),
        values.length,
      );
      if (byCount.size < SHAPES_PER_QUERY) byCount.set(values.length, shape);
    }
    if (shape === null) return (await db.executeQuery(build(db, values))).rows;
    const parameters = shape.parameters.map((p) => ('value' in p ? values[p.value] : p.constant));
    return (await db.executeQuery(CompiledQuery.raw(shape.sql, parameters) as CompiledQuery<R>)).rows;
  };
}

function shapeOf(compiled: CompiledQuery, count: number): Shape | null {
  const seen = new Set<number>();
  const parameters = compiled.parameters.map((p) => {
    if (!isSlot(p)) return { constant: p };
    seen.add(p[SLOT]);
    return { value: p[SLOT] };
  });
  return seen.size === count ? { sql: compiled.sql, parameters } : null;
}

/** Shapes kept per query beyond which a query is built afresh each time: filters combine, a book's requests do not. */
const KEYS_PER_QUERY = 64;

/**
 * A query whose SQL also depends on which filters are given (and how many values each has): one
 * `compiledOnce` per shape, the shape's key from `keyOf`. `build` reads the filters' values from
 * `values` in the order the caller lays them out, which the shape decides.
 */
export function compiledPerShape<S, V, R>(keyOf: (shape: S) => string, build: (db: Executor, shape: S, values: readonly V[]) => Compilable<R>): (db: Executor, shape: S, values: readonly V[]) => Promise<R[]> {
  const byKey = new Map<string, (db: Executor, values: readonly V[]) => Promise<R[]>>();
  return async (db, shape, values) => {
    const key = keyOf(shape);
    let query = byKey.get(key);
    if (!query) {
      if (byKey.size >= KEYS_PER_QUERY) return (await db.executeQuery(build(db, shape, values))).rows;
      byKey.set(key, (query = compiledOnce((d: Executor, v: readonly V[]) => build(d, shape, v))));
    }
    return query(db, values);
  };
}
