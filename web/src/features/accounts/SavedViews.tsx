import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../lib/api-client';
import { apiQueryOf, columnsOf, paramsOfView, viewFiltersOf, viewKey, type SavedView } from './book-view';

/** Named views of the book (filters, columns, sort), kept on the server: your own, and your team's shared ones. */
export function SavedViews() {
  const [params, setParams] = useSearchParams();
  const client = useQueryClient();
  const views = useQuery({ queryKey: ['saved-views'], queryFn: () => api<{ items: SavedView[] }>('GET', '/api/saved-views') });
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The view last opened: once its filters are changed, its maker (or their manager) may save the changes into it.
  const [openedId, setOpenedId] = useState<string | null>(null);
  const items = views.data?.items ?? [];
  const current = viewKey(params);
  const active = items.find((v) => viewKey(paramsOfView(v)) === current);
  const changed = apiQueryOf(params).toString() !== '' || params.has('cols');

  const body = () => ({ columns: columnsOf(params), filters: viewFiltersOf(params), sort: params.get('sort') });
  const done = (view?: SavedView) => {
    void client.invalidateQueries({ queryKey: ['saved-views'] });
    if (view) setParams(paramsOfView(view), { replace: true });
    setNaming(false);
    setName('');
    setError(null);
  };
  const failed = (e: unknown) => setError(e instanceof ApiError ? e.message : 'Saving the view failed');
  const create = useMutation({ mutationFn: () => api<SavedView>('POST', '/api/saved-views', { name: name.trim(), shared: shared ? 'team' : 'private', ...body() }), onSuccess: done, onError: failed });
  const opened = items.find((v) => v.id === openedId);
  const change = useMutation({ mutationFn: (id: string) => api<SavedView>('PATCH', `/api/saved-views/${id}`, body()), onSuccess: done, onError: failed });
  const remove = useMutation({ mutationFn: (id: string) => api<void>('DELETE', `/api/saved-views/${id}`), onSuccess: () => done(), onError: failed });

  function save(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) create.mutate();
  }
  function open(id: string) {
    const view = items.find((v) => v.id === id);
    setOpenedId(view?.id ?? null);
    setParams(view ? paramsOfView(view) : new URLSearchParams(), { replace: true });
  }

  return (
    <div className="saved-views">
      <label>
        View{' '}
        <select value={active?.id ?? ''} onChange={(e) => open(e.target.value)}>
          <option value="">{active || !changed ? 'All accounts' : 'Unsaved view'}</option>
          {items.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
              {v.shared === 'team' ? ' (team)' : ''}
            </option>
          ))}
        </select>
      </label>
      {naming ? (
        <form onSubmit={save} className="form-row" aria-label="Save this view">
          <label htmlFor="view-name" className="visually-hidden">
            Name of the view
          </label>
          <input id="view-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="Name, e.g. Enterprise renewals" maxLength={80} onKeyDown={(e) => e.key === 'Escape' && setNaming(false)} />
          <label className="check">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} /> Share with my team
          </label>
          <button type="submit" disabled={create.isPending}>
            Save
          </button>
        </form>
      ) : (
        <>
          {changed && !active && (
            <button type="button" className="link" onClick={() => setNaming(true)}>
              Save view
            </button>
          )}
          {changed && !active && opened?.canEdit && (
            <button type="button" className="link" onClick={() => change.mutate(opened.id)} disabled={change.isPending}>
              Save changes to {opened.name}
            </button>
          )}
          {active?.canEdit && (
            <button type="button" className="link" onClick={() => remove.mutate(active.id)} aria-label={`Delete view ${active.name}`}>
              Delete view
            </button>
          )}
        </>
      )}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
