import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, type Account, type Page } from '../../lib/api-client';
import { formatArr, formatDate, formatDay, formatInstant, label } from '../../lib/format';
import { SavedViews } from './SavedViews';
import { useUsers } from './use-users';

const SEGMENTS = ['enterprise', 'commercial', 'scale'];
const STAGES = ['onboarding', 'adoption', 'steady', 'renewal', 'at_risk', 'churned'];
const COLUMNS: { key: string; title: string; sort?: string; width: string }[] = [
  { key: 'health', title: 'Health', width: '4.5rem' },
  { key: 'name', title: 'Account', sort: 'name', width: 'minmax(12rem, 2fr)' },
  { key: 'segment', title: 'Segment', width: '7rem' },
  { key: 'stage', title: 'Stage', width: '7rem' },
  { key: 'arr', title: 'ARR', sort: 'arr', width: '7rem' },
  { key: 'renewal', title: 'Renewal', sort: 'renewal', width: '7.5rem' },
  { key: 'last', title: 'Last call', width: '7rem' },
  { key: 'next', title: 'Next call due', sort: 'next_call', width: '10.5rem' },
  { key: 'risks', title: 'Risks', width: '3.5rem' },
  { key: 'owner', title: 'Owner', width: 'minmax(7rem, 1fr)' },
];
const GRID = COLUMNS.map((c) => c.width).join(' ');

const WEEK_AHEAD = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
const dueSoon = (date: string | null | undefined) => !!date && date <= WEEK_AHEAD;

/** The book of business: every account the user may see, filtered, sorted, virtualised. */
export function BookOfBusiness() {
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const sort = params.get('sort') ?? 'name';
  const query = useMemo(() => {
    const p = new URLSearchParams();
    for (const key of ['q', 'segment', 'stage', 'owner', 'sort']) {
      const v = params.get(key);
      if (v) p.set(key, v);
    }
    p.set('limit', '200');
    return p;
  }, [params]);
  const users = useUsers();
  // The import writes: viewers read the book and never see the way in (the API refuses their lines).
  const canImport = useSession().user.role !== 'viewer';

  const urlQ = params.get('q') ?? '';
  const typedQ = useRef(urlQ);
  useEffect(() => {
    // A saved view switched the search (not the user's typing): show its words in the box.
    if (urlQ !== typedQ.current) {
      typedQ.current = urlQ;
      setQ(urlQ);
    }
  }, [urlQ]);

  useEffect(() => {
    const t = setTimeout(() => {
      typedQ.current = q.trim();
      update('q', q.trim() || null);
    }, 250);
    return () => clearTimeout(t);
    // Only the typing restarts the wait; `update` is rebuilt on every render.
  }, [q]);

  function update(key: string, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if ((params.get(key) ?? null) !== value) setParams(next, { replace: true });
  }

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

  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => 40, overscan: 12 });
  const items = virtual.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 20 && accounts.hasNextPage && !accounts.isFetchingNextPage) void accounts.fetchNextPage();
  }, [lastIndex, rows.length, accounts]);

  function toggleSort(key: string) {
    update('sort', sort === key ? `-${key}` : key);
  }

  return (
    <section className="book">
      <div className="toolbar">
        <h1>Book of business</h1>
        <label className="search">
          <span className="visually-hidden">Search accounts</span>
          <input type="search" placeholder="Search accounts, external ids, tags" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          Segment{' '}
          <select value={params.get('segment') ?? ''} onChange={(e) => update('segment', e.target.value || null)}>
            <option value="">All</option>
            {SEGMENTS.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Stage{' '}
          <select value={params.get('stage') ?? ''} onChange={(e) => update('stage', e.target.value || null)}>
            <option value="">All</option>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </label>
        <SavedViews />
        <label className="check">
          <input type="checkbox" checked={params.get('owner') === 'me'} onChange={(e) => update('owner', e.target.checked ? 'me' : null)} /> Mine only
        </label>
        {canImport && (
          <Link className="btn btn-sm" to="/import">
            Import accounts
          </Link>
        )}
      </div>

      <div className="table" role="table" aria-label="Accounts" aria-rowcount={rows.length + 1}>
        <div className="row head" role="row" style={{ gridTemplateColumns: GRID }}>
          {COLUMNS.map((c) => {
            const active = sort === c.sort || sort === `-${c.sort}`;
            return (
              <div key={c.key} role="columnheader" aria-sort={active ? (sort.startsWith('-') ? 'descending' : 'ascending') : undefined}>
                {c.sort ? (
                  <button type="button" onClick={() => toggleSort(c.sort!)}>
                    {c.title} {active ? (sort.startsWith('-') ? '▼' : '▲') : ''}
                  </button>
                ) : (
                  c.title
                )}
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
            {canImport ? (
              <>
                , or <Link to="/import">import your book of business from a CSV file</Link> (a CRM export or a spreadsheet)
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
                return (
                  <div key={a.id} role="row" className="row" style={{ gridTemplateColumns: GRID, transform: `translateY(${item.start}px)`, height: item.size }}>
                    <div role="cell">
                      <span className={`health ${a.healthColour ?? 'unknown'}`} title={a.healthColour ? `Health ${a.healthColour}` : 'Health not scored yet'}>
                        {a.healthColour ?? '—'}
                      </span>
                    </div>
                    <div role="cell">
                      <Link to={`/accounts/${a.id}`}>{a.name}</Link>
                    </div>
                    <div role="cell">{label(a.segment)}</div>
                    <div role="cell">{label(a.stage)}</div>
                    <div role="cell" className="num">
                      {formatArr(a.arr)}
                    </div>
                    <div role="cell">{formatDate(a.renewalDate)}</div>
                    <div role="cell">{a.activity?.lastCallAt ? formatDay(a.activity.lastCallAt) : '—'}</div>
                    <div role="cell" className={a.activity?.overdueDays ? 'overdue' : undefined} title={a.activity?.nextCallAt ? `Next call booked ${formatInstant(a.activity.nextCallAt)}` : 'No call booked'}>
                      {a.activity?.nextCallDue ? <time dateTime={a.activity.nextCallDue}>{formatDate(a.activity.nextCallDue)}</time> : '—'}
                      {a.activity?.overdueDays ? ` (${a.activity.overdueDays} d late)` : dueSoon(a.activity?.nextCallDue) ? <span className="badge due-soon">soon</span> : ''}
                    </div>
                    <div role="cell" className="num">
                      {a.activity?.openRisks ? <span className="badge warn">{a.activity.openRisks}</span> : '0'}
                    </div>
                    <div role="cell" title={a.tags.length ? `Tags: ${a.tags.join(', ')}` : undefined}>
                      {a.ownerId ? (users.byId.get(a.ownerId)?.name ?? '…') : 'Unassigned'}
                    </div>
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
      </p>
    </section>
  );
}
