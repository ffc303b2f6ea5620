import { AppError } from '../errors.ts';

const camel = (column: string) => column.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/**
 * Turns a unique-constraint violation from either dialect into a 409 naming the field, so a
 * race between two writers reads as a clash, not as a server failure.
 */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const e = err as { code?: string; message?: string; detail?: string };
  let column: string | undefined;
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    column = /UNIQUE constraint failed: \w+\.(\w+)/.exec(e.message ?? '')?.[1];
  } else if (e?.code === '23505') {
    column = /Key \(([\w, ]+)\)=/
      .exec(e.detail ?? '')?.[1]
      ?.split(',')[0]
      ?.trim();
  } else {
    return undefined;
  }
  const field = column ? camel(column) : undefined;
  return new AppError('conflict', field ? `another record already has this ${field}` : 'this record clashes with an existing one', { field, cause: err });
}
