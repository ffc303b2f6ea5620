import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError, type Page } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import type { ActionItem } from '../../lib/meeting-types';

/** Open action items on both sides, to complete or drop between calls. */
export function AccountActionItems({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const items = useQuery({ queryKey: ['action-items', accountId], queryFn: () => api<Page<ActionItem>>('GET', `/api/action-items?accountId=${accountId}&status=open`) });
  const change = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'done' | 'dropped' }) => api('PATCH', `/api/action-items/${id}`, { status }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['action-items', accountId] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    },
  });
  const today = new Date().toISOString().slice(0, 10);
  const render = (side: 'vendor' | 'customer') => {
    const list = (items.data?.items ?? []).filter((a) => a.side === side);
    if (list.length === 0) return <Empty>Nothing open.</Empty>;
    return (
      <ul className="action-items">
        {list.map((a) => (
          <li key={a.id}>
            <span>{a.text}</span>
            <small>
              {a.owner.name}
              {a.dueDate && <span className={a.dueDate < today ? 'overdue' : undefined}> · due {formatDate(a.dueDate)}</span>}
            </small>
            {canEdit && (
              <span className="row-actions">
                <button type="button" onClick={() => change.mutate({ id: a.id, status: 'done' })} aria-label={`Done: ${a.text}`}>
                  Done
                </button>
                <button type="button" onClick={() => change.mutate({ id: a.id, status: 'dropped' })} aria-label={`Drop: ${a.text}`}>
                  Drop
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <section aria-labelledby="ai-list-h">
      <h2 id="ai-list-h">Open action items</h2>
      {change.isError && (
        <p className="error" role="alert">
          {change.error instanceof ApiError ? change.error.message : 'Could not update'}
        </p>
      )}
      {items.isPending ? (
        <Loading what="action items" />
      ) : items.isError ? (
        <ErrorState error={items.error} />
      ) : (
        <div className="two-sides">
          <div>
            <h3>Ours</h3>
            {render('vendor')}
          </div>
          <div>
            <h3>Customer's</h3>
            {render('customer')}
          </div>
        </div>
      )}
    </section>
  );
}
