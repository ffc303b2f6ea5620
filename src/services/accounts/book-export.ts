import { stringify } from 'csv-stringify/sync';
import { BOOK_COLUMN_TITLES, BOOK_COLUMNS, type BookColumn } from '../../domain/account/book-columns.ts';
import { neutraliseCell } from '../../domain/account/csv-columns.ts';
import type { Account, AccountActivity, Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { listUsers } from '../../store/users.repo.ts';
import { listAccountsWithActivity, type AccountListQuery } from './accounts.ts';

type Row = Account & { activity: AccountActivity };

function cellOf(column: BookColumn, a: Row, ownerName: (id: string | null) => string): string {
  switch (column) {
    case 'health':
      return a.healthColour ? `${a.healthColour}${a.healthScore === null ? '' : ` ${a.healthScore}`}` : '';
    case 'name':
      return a.name;
    case 'segment':
      return a.segment;
    case 'stage':
      return a.stage;
    case 'deployment':
      return a.deployment;
    case 'arr':
      return a.arr === null ? '' : String(a.arr);
    case 'renewal':
      return a.renewalDate ?? '';
    case 'last_call':
      return a.activity.lastCallAt ?? '';
    case 'next_call':
      return a.activity.nextCallDue ?? '';
    case 'overdue':
      return a.activity.overdueDays ? String(a.activity.overdueDays) : '';
    case 'risks':
      return String(a.activity.openRisks);
    case 'owner':
      return ownerName(a.ownerId);
    case 'tags':
      return a.tags.join(', ');
    case 'external_id':
      return a.externalId ?? '';
  }
}

/**
 * The book of business as the user sees it (the same filters and sort, the columns they chose), as
 * CSV safe to open in a spreadsheet: a cell that would run as a formula is prefixed with a quote.
 */
export async function exportBookView(deps: Deps, actor: Actor, query: Omit<AccountListQuery, 'cursor' | 'limit'>, columns: BookColumn[] | undefined): Promise<string> {
  const chosen = columns?.length ? [...new Set(columns)] : BOOK_COLUMNS;
  const names = new Map((await listUsers(deps.store.db)).map((u) => [u.id, u.name]));
  const ownerName = (id: string | null) => (id ? (names.get(id) ?? '') : 'Unassigned');
  const lines: string[][] = [chosen.map((c) => BOOK_COLUMN_TITLES[c])];
  let cursor: string | undefined;
  do {
    const page = await listAccountsWithActivity(deps, actor, { ...query, cursor, limit: 500 });
    for (const a of page.items) lines.push(chosen.map((c) => neutraliseCell(cellOf(c, a, ownerName))));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return stringify(lines);
}
