import type { BookColumn } from '../../../../src/domain/account/book-columns.ts';

export type { BookColumn };

/** Every column the book can show, in the order the chooser lists them. */
export const ALL_COLUMNS: BookColumn[] = ['health', 'name', 'segment', 'stage', 'deployment', 'arr', 'renewal', 'last_call', 'next_call', 'overdue', 'risks', 'owner', 'tags', 'external_id'];
/** What a new user sees. */
export const DEFAULT_COLUMNS: BookColumn[] = ['health', 'name', 'segment', 'stage', 'arr', 'renewal', 'last_call', 'next_call', 'risks', 'owner'];

/** The book's filters in the address bar, with the API's names (GET /api/accounts). */
const LIST_FILTERS = ['owner', 'segment', 'stage', 'deployment', 'health', 'tag'] as const;
const NUMBER_FILTERS = ['overdueMin', 'renewalWithinDays', 'arrMin', 'arrMax'] as const;
const TEXT_FILTERS = ['q', 'risks', 'lastCallFrom', 'lastCallTo', 'nextCallFrom', 'nextCallTo'] as const;
export const FILTER_KEYS: string[] = [...TEXT_FILTERS, ...LIST_FILTERS, ...NUMBER_FILTERS];

export function columnsOf(params: URLSearchParams): BookColumn[] {
  const raw = params.get('cols');
  if (!raw) return DEFAULT_COLUMNS;
  const chosen = raw.split(',').filter((c): c is BookColumn => (ALL_COLUMNS as string[]).includes(c));
  return chosen.length ? chosen : DEFAULT_COLUMNS;
}

/** The filters and sort to send the API: what the address bar holds, nothing else. */
export function apiQueryOf(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of [...FILTER_KEYS, 'sort']) {
    const v = params.get(key);
    if (v) out.set(key, v);
  }
  return out;
}

/** The filters as a saved view keeps them (lists as arrays, numbers as numbers). */
export function viewFiltersOf(params: URLSearchParams): Record<string, unknown> {
  const filters: Record<string, unknown> = {};
  for (const key of TEXT_FILTERS) {
    const v = params.get(key);
    if (v) filters[key] = v;
  }
  for (const key of LIST_FILTERS) {
    const v = params.get(key);
    if (v) filters[key] = v.split(',').filter(Boolean);
  }
  for (const key of NUMBER_FILTERS) {
    const v = params.get(key);
    if (v && Number.isFinite(Number(v))) filters[key] = Number(v);
  }
  return filters;
}

export interface SavedView {
  id: string;
  name: string;
  columns: string[];
  filters: Record<string, unknown>;
  sort: string | null;
  shared: 'private' | 'team';
  ownerId: string;
  canEdit: boolean;
}

/** A saved view as the address bar holds it. */
export function paramsOfView(view: Pick<SavedView, 'columns' | 'filters' | 'sort'>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(view.filters)) {
    if (!FILTER_KEYS.includes(key) || value === undefined || value === null || value === '') continue;
    out.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  if (view.sort) out.set('sort', view.sort);
  out.set('cols', view.columns.join(','));
  return out;
}

/** The same filters, columns and sort, whatever order they were written in: to tell which view is on screen. */
export function viewKey(params: URLSearchParams): string {
  const p = apiQueryOf(params);
  p.set('cols', columnsOf(params).join(','));
  p.sort();
  return p.toString();
}
