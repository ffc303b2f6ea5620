/**
 * Cursors for trackers that can only be asked "what changed since T" (Jira, GitLab, GitHub):
 * the cursor is the latest `updated` instant seen. Asking again with "on or after T" repeats
 * the items changed exactly at T, which an upsert absorbs, and never skips one.
 */
export function laterInstant(a: string | null, b: string | null | undefined): string | null {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * The stored cursor as an instant. An empty cursor (nothing seen yet) or anything unreadable
 * starts over rather than skip items.
 */
export function instantFromCursor(cursor: string | null): string | null {
  if (cursor === null || Number.isNaN(Date.parse(cursor))) return null;
  return new Date(Date.parse(cursor)).toISOString();
}
