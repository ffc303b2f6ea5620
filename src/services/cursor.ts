import { invalid } from '../errors.ts';

/**
 * Opaque keyset cursors: the sort they belong to, the last row's sort value and id. A cursor
 * from another sort order is refused rather than silently giving a wrong page.
 */
export function encodeCursor(sort: string, value: string | number, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string): { value: string | number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 3 && parsed[0] === sort && (typeof parsed[1] === 'string' || typeof parsed[1] === 'number') && typeof parsed[2] === 'string') {
      return { value: parsed[1], id: parsed[2] };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid('cursor is not valid for this list and sort', 'cursor');
}
