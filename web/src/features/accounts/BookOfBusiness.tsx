import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, type Account, type Page } from '../../lib/api-client';
import { BookFilters } from './BookFilters';
import { BulkActions } from './BulkActions';
import { COLUMN_SPECS } from './book-columns';
import { apiQueryOf, columnsOf } from './book-view';
import { ColumnChooser } from './ColumnChooser';
import { SavedViews } from './SavedViews';
import { useUsers } from './use-users';

// Not needed for the first screen: loaded when someone opens it.
const NewAccount = lazy(() => import('./NewAccount').then((m) => ({ default: m.NewAccount })));

/**
 * The book of business as a working table: every account the user may see, sorted and filtered on
 * the server by any column, the columns of one's choosing, saved views, bulk actions on the
 * selected rows, an export of the view; virtualised, and driven from the keyboard (arrows move,
 * space selects, enter opens).
 */
export function BookOfBusiness() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const sort = params.get('sort') ?? 'name';
  const columns = columnsOf(params);
  const grid = `2.25rem ${columns.map((c) => COLUMN_SPECS[c].width).join(' ')}`;
  const query = useMemo(() => {
    const p = apiQueryOf(params);
    p.set('limit', '200');
    return p;
  }, [params]);
  const users = useUsers();
  const me = useSession().user;
  // The import writes: viewers read the book and never see the way in (the API refuses their lines).
  const canWrite = me.role !== 'viewer';

  function updateMany(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    let changed = false;
    for (const [key, value] of Object.entries(changes)) {
      if ((params.get(key) ?? null) === value) continue;
      changed = true;
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (changed) setParams(next, { replace: true });
  }
  const update = (key: string, value: string | null) => updateMany({ [key]: value });

  const accounts = useInfiniteQuery({
    queryKey: ['accounts', query.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const p = new URLSearchParams(query);
      if (pageParam) p.set('cursor', pageParam);
      return api<Page<Account>>('GET', `/api/accounts?${p.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = useMemo(() => accounts.data?.pages.flatMap((p) => p.items) ?? [], [accounts.data]);

  const [selected, setSelected] = useState<Map<string, Account>>(new Map());
  const [active, setActive] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const toggle = (a: Account) => {
    setNotice(null);
    setSelected((s) => {
      const next = new Map(s);
      if (next.has(a.id)) next.delete(a.id);
      else next.set(a.id, a);
      return next;
    });
  };
  const allLoadedSelected = rows.length > 0 && rows.every((a) => selected.has(a.id));

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 40, overscan: 12 });
  const items = virtual.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 20 && accounts.hasNextPage && !accounts.isFetchingNextPage) void accounts.fetchNextPage();
  }, [lastIndex, rows.length, accounts]);
  useEffect(() => setActive((i) => Math.min(i, Math.max(0, rows.length - 1))), [rows.length]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    // Only on the table itself: a checkbox or link inside a row keeps its own keys.
    if (e.target !== e.currentTarget || rows.length === 0) return;
    const move = (to: number) => {
      e.preventDefault();
      const i = Math.max(0, Math.min(rows.length - 1, to));
      setActive(i);
      virtual.scrollToIndex(i);
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown') move(active + 10);
    else if (e.key === 'PageUp') move(active - 10);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === ' ') {
      e.preventDefault();
      if (rows[active]) toggle(rows[active]);
    } else if (e.key === 'Enter' && rows[active]) {
      e.preventDefault();
      void navigate(`/accounts/${rows[active].id}`);
    }
  }

  const exportQuery = apiQueryOf(params);
  exportQuery.set('columns', columns.join(','));

  return (
    <section className="book">
      <div className="toolbar">
        <h1>Book of business</h1>
        <SavedViews />
        <ColumnChooser columns={columns} onChange={(next) => update('cols', next.join(','))} />
        <a className="btn btn-sm" href={`/api/accounts/export?${exportQuery.toString()}`} download>
          Export CSV
        </a>
        {canWrite && (
          <Link className="btn btn-sm" to="/import">
            Import accounts
          </Link>
        )}
        {canWrite && (
          <button type="button" className="btn btn-sm btn-primary" onClick={() => setCreating(true)} aria-expanded={creating}>
            New account
          </button>
        )}
      </div>
      {creating && (
        <Suspense fallback={<Loading what="the form" />}>
          <NewAccount users={users.data?.items ?? []} onClose={() => setCreating(false)} />
        </Suspense>
      )}
      <BookFilters params={params} update={updateMany} users={users.data?.items ?? []} />
      {selected.size > 0 && canWrite && (
        <BulkActions
          selected={[...selected.values()]}
          users={users.data?.items ?? []}
          onDone={(done) => {
            setSelected(new Map());
            setNotice(done ?? null);
          }}
        />
      )}
      <p role="status" className={notice ? 'notice' : 'visually-hidden'}>
        {notice}
      </p>

      <div
        className="table book-grid"
        role="grid"
        aria-label="Accounts"
        aria-rowcount={rows.length + 1}
        aria-multiselectable="true"
        tabIndex={0}
        aria-activedescendant={rows[active] ? `account-row-${rows[active].id}` : undefined}
        onKeyDown={onKeyDown}
        aria-describedby="book-keys"
      >
        <div className="row head" role="row" style={{ gridTemplateColumns: grid }}>
          <div role="columnheader">
            <input type="checkbox" aria-label="Select every loaded account" checked={allLoadedSelected} onChange={() => setSelected(allLoadedSelected ? new Map() : new Map(rows.map((a) => [a.id, a])))} />
          </div>
          {columns.map((key) => {
            const c = COLUMN_SPECS[key];
            const on = sort === c.sort || sort === `-${c.sort}`;
            return (
              <div key={key} role="columnheader" data-col={key} aria-sort={on ? (sort.startsWith('-') ? 'descending' : 'ascending') : undefined}>
                <button type="button" onClick={() => update('sort', sort === c.sort ? `-${c.sort}` : c.sort)}>
                  {c.title} {on ? (sort.startsWith('-') ? '▼' : '▲') : ''}
                </button>
              </div>
            );
          })}
        </div>
        {accounts.isPending ? (
          <Loading what="accounts" />
        ) : accounts.isError ? (
          <ErrorState error={accounts.error} />
        ) : rows.length === 0 ? (
          <Empty>
            No account matches. Clear the filters
            {canWrite ? (
              <>
                , add one with <strong>New account</strong>, or <Link to="/import">import your book of business from a CSV file</Link> (a CRM export or a spreadsheet)
              </>
            ) : (
              ''
            )}
            .
          </Empty>
        ) : (
          <div className="body" ref={scroller} data-testid="account-rows">
            <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const a = rows[item.index]!;
                const isSelected = selected.has(a.id);
                return (
                  <div
                    key={a.id}
                    id={`account-row-${a.id}`}
                    role="row"
                    aria-selected={isSelected}
                    aria-rowindex={item.index + 2}
                    className={`row${item.index === active ? ' active' : ''}${isSelected ? ' selected' : ''}`}
                    style={{ gridTemplateColumns: grid, transform: `translateY(${item.start}px)`, height: item.size }}
                    onClick={() => setActive(item.index)}
                  >
                    <div role="gridcell">
                      <input type="checkbox" tabIndex={-1} aria-label={`Select ${a.name}`} checked={isSelected} onChange={() => toggle(a)} />
                    </div>
                    {columns.map((key) => (
                      <div key={key} role="gridcell" data-col={key} className={COLUMN_SPECS[key].numeric ? 'num' : undefined} title={key === 'owner' && a.tags.length ? `Tags: ${a.tags.join(', ')}` : undefined}>
                        {COLUMN_SPECS[key].cell(a, users.byId)}
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          </div>
        )}
      </div>
      <p className="count" aria-live="polite">
        {rows.length} account{rows.length === 1 ? '' : 's'}
        {accounts.hasNextPage ? ' loaded; scroll for more' : ''}
        {selected.size ? ` · ${selected.size} selected` : ''}
      </p>
      <p id="book-keys" className="hint">
        In the table: ↑ ↓ move, space selects, enter opens the account.
      </p>
    </section>
  );
}
