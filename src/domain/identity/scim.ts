/**
 * SCIM 2.0 (RFC 7643 resources, RFC 7644 protocol): the pure parts. Filters, PATCH operations and
 * the error body, so the service only loads, decides and writes.
 */

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** RFC 7644 §3.12 scimType values Cadence answers with. */
export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidPath' | 'invalidValue' | 'uniqueness' | 'mutability' | 'noTarget' | 'tooMany';

/** A SCIM failure: the HTTP status and the RFC 7644 error body. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
    this.name = 'ScimError';
  }

  get body() {
    return { schemas: [SCIM_ERROR], status: String(this.status), ...(this.scimType ? { scimType: this.scimType } : {}), detail: this.detail };
  }
}

/** One `attribute eq "value"` comparison, the filter IdPs send to find a user or group before creating it. */
export interface ScimEqualityFilter {
  attribute: string;
  value: string;
}

/**
 * Parses the filters Cadence supports: `<attr> eq "<value>"` on the given attributes (compared
 * case-insensitively by name, as RFC 7644 §3.4.2.2 asks). Anything else is an invalidFilter error.
 */
export function parseScimFilter(filter: string | undefined, attributes: readonly string[]): ScimEqualityFilter | null {
  if (filter === undefined || filter.trim() === '') return null;
  const match = /^\s*([A-Za-z][\w.]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  if (!match) throw new ScimError(400, `only filters of the form attribute eq "value" are supported, not: ${filter.slice(0, 200)}`, 'invalidFilter');
  const attribute = attributes.find((a) => a.toLowerCase() === match[1]!.toLowerCase());
  if (!attribute) throw new ScimError(400, `filtering on ${match[1]} is not supported; use one of ${attributes.join(', ')}`, 'invalidFilter');
  return { attribute, value: match[2]!.replace(/\\(.)/g, '$1') };
}

/** RFC 7644 §3.4.2.4: startIndex is 1-based (below 1 means 1), count below 0 means 0; Cadence caps a page at 200. */
export function scimPage(startIndex: unknown, count: unknown): { offset: number; limit: number; startIndex: number } {
  const start = Math.max(1, Math.floor(Number(startIndex ?? 1)) || 1);
  const rawCount = count === undefined || count === '' ? 100 : Math.floor(Number(count));
  const limit = Number.isFinite(rawCount) ? Math.min(200, Math.max(0, rawCount)) : 100;
  return { offset: start - 1, limit, startIndex: start };
}

export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  /** Lower-cased path, without the core schema prefix; null when the value is an object of attributes. */
  path: string | null;
  value: unknown;
}

/** Normalises RFC 7644 §3.5.2 operations: IdPs send `Replace` as well as `replace`, and may prefix paths with the schema URN. */
export function parsePatchOperations(body: unknown, schema: string): PatchOperation[] {
  const b = body as { schemas?: unknown; Operations?: unknown } | null;
  if (!b || typeof b !== 'object' || !Array.isArray(b.Operations)) throw new ScimError(400, 'a PATCH body needs an Operations list', 'invalidSyntax');
  if (b.Operations.length > 1000) throw new ScimError(400, 'at most 1000 operations in one PATCH', 'tooMany');
  return b.Operations.map((raw, i) => {
    const o = raw as { op?: unknown; path?: unknown; value?: unknown } | null;
    const op = typeof o?.op === 'string' ? o.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw new ScimError(400, `Operations[${i}].op must be add, replace or remove`, 'invalidSyntax');
    let path: string | null = null;
    if (o!.path !== undefined && o!.path !== null) {
      if (typeof o!.path !== 'string') throw new ScimError(400, `Operations[${i}].path must be a string`, 'invalidPath');
      path = o!.path.trim();
      if (path.toLowerCase().startsWith(`${schema.toLowerCase()}:`)) path = path.slice(schema.length + 1);
      path = path.toLowerCase();
    }
    if (op === 'remove' && path === null) throw new ScimError(400, `Operations[${i}]: remove needs a path`, 'noTarget');
    return { op, path, value: o!.value };
  });
}

/** SCIM booleans as IdPs send them: `false`, and Entra's `"False"`. */
export function scimBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw new ScimError(400, `${field} must be true or false`, 'invalidValue');
}

/** The member ids a `members[value eq "…"]` path names, or null when the path is `members` itself. */
export function memberFilterOf(path: string): string | null | undefined {
  if (path === 'members') return null;
  const match = /^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$/i.exec(path);
  return match ? match[1] : undefined;
}

/** The ids in a SCIM members value: `[{ value }]` (or a single one). */
export function memberIds(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.map((m, i) => {
    const id = (m as { value?: unknown } | null)?.value;
    if (typeof id !== 'string' || id === '') throw new ScimError(400, `members[${i}].value must be a user id`, 'invalidValue');
    return id;
  });
}
