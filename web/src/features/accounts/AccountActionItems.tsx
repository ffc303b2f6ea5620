import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError, type Page } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import type { ActionItem } from '../../lib/meeting-types';

/**
 * Open action items on both sides: add one, give it a next step and a date, complete or drop it,
 * between calls or after a call's wrap-up (`meetingId` links what is added to that call). A
 * follow-up not sent yet is redrafted by the server, so its query is refreshed too.
 */
export function AccountActionItems({ accountId, canEdit, meetingId }: { accountId: string; canEdit: boolean; meetingId?: string }) {
  const client = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['action-items', accountId] });
    void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    void client.invalidateQueries({ queryKey: ['follow-up'] });
  };
  // Paged, oldest first: an account with years of open items shows the first pages and offers the rest.
  const items = useInfiniteQuery({
    queryKey: ['action-items', accountId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<Page<ActionItem>>('GET', `/api/action-items?accountId=${accountId}&status=open&limit=100${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    getNextPageParam: (last) => last.nextCursor,
  });
  const open = items.data?.pages.flatMap((p) => p.items) ?? [];
  const change = useMutation({
    mutationFn: ({ id, ...patch }: { id: string; status?: 'done' | 'dropped'; lastUpdate?: string | null; expectedUpdateOn?: string | null; dueDate?: string | null }) => api('PATCH', `/api/action-items/${id}`, patch),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
  });
  const add = useMutation({
    mutationFn: (body: { text: string; side: 'vendor' | 'customer'; owner: { name: string }; dueDate: string | null }) => api('POST', '/api/action-items', { accountId, ...(meetingId ? { meetingId } : {}), ...body }),
    onSuccess: refresh,
  });
  const today = new Date().toISOString().slice(0, 10);
  const render = (side: 'vendor' | 'customer') => {
    const list = open.filter((a) => a.side === side);
    if (list.length === 0) return <Empty>{items.hasNextPage ? 'None among those shown.' : 'Nothing open.'}</Empty>;
    return (
      <ul className="action-items">
        {list.map((a) => (
          <li key={a.id}>
            <span>{a.text}</span>
            <small>
              {a.owner.name}
              {a.dueDate && <span className={a.dueDate < today ? 'overdue' : undefined}> · due {formatDate(a.dueDate)}</span>}
            </small>
            {a.lastUpdate && <small> · next step: {a.lastUpdate}</small>}
            {a.expectedUpdateOn && <small> · news by {formatDate(a.expectedUpdateOn)}</small>}
            {canEdit && editing === a.id && <ItemUpdateForm item={a} busy={change.isPending} onSave={(patch) => change.mutate({ id: a.id, ...patch })} onCancel={() => setEditing(null)} />}
            {canEdit && (
              <span className="row-actions">
                <button type="button" onClick={() => setEditing(editing === a.id ? null : a.id)} aria-label={`Update: ${a.text}`}>
                  Update
                </button>
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
      {(change.isError || add.isError) && (
        <p className="error" role="alert">
          {(change.error ?? add.error) instanceof ApiError ? (change.error ?? add.error)!.message : 'Could not save'}
        </p>
      )}
      {canEdit && <AddActionItemForm busy={add.isPending} onAdd={(body) => add.mutate(body)} />}
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
      {items.hasNextPage && (
        <button type="button" onClick={() => void items.fetchNextPage()} disabled={items.isFetchingNextPage}>
          {items.isFetchingNextPage ? 'Loading…' : `Show more (${open.length} shown)`}
        </button>
      )}
    </section>
  );
}

/** A next step, the date the customer hears by, and the due date: what makes an open item addressed in a follow-up. */
function ItemUpdateForm({ item, busy, onSave, onCancel }: { item: ActionItem; busy: boolean; onSave: (patch: { lastUpdate: string | null; expectedUpdateOn: string | null; dueDate: string | null }) => void; onCancel: () => void }) {
  const [step, setStep] = useState(item.lastUpdate ?? '');
  const [newsBy, setNewsBy] = useState(item.expectedUpdateOn ?? '');
  const [due, setDue] = useState(item.dueDate ?? '');
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave({ lastUpdate: step.trim() || null, expectedUpdateOn: newsBy || null, dueDate: due || null });
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={`Update ${item.text}`}>
      <label>
        Next step <input value={step} onChange={(e) => setStep(e.target.value)} maxLength={2000} />
      </label>
      <label>
        News by <input type="date" value={newsBy} onChange={(e) => setNewsBy(e.target.value)} />
      </label>
      <label>
        Due <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function AddActionItemForm({ busy, onAdd }: { busy: boolean; onAdd: (body: { text: string; side: 'vendor' | 'customer'; owner: { name: string }; dueDate: string | null }) => void }) {
  const [text, setText] = useState('');
  const [side, setSide] = useState<'vendor' | 'customer'>('vendor');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim() || !owner.trim()) return;
    onAdd({ text: text.trim(), side, owner: { name: owner.trim() }, dueDate: due || null });
    setText('');
    setDue('');
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add an action item">
      <label>
        Action item <input value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} required />
      </label>
      <label>
        Side{' '}
        <select value={side} onChange={(e) => setSide(e.target.value as 'vendor' | 'customer')}>
          <option value="vendor">Ours</option>
          <option value="customer">Customer's</option>
        </select>
      </label>
      <label>
        Owner <input value={owner} onChange={(e) => setOwner(e.target.value)} maxLength={200} required />
      </label>
      <label>
        Due <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Add
      </button>
    </form>
  );
}
