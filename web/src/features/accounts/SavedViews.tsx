import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session';

interface SavedView {
  name: string;
  /** The book's filters and sort as a query string (q, segment, stage, owner, sort). */
  query: string;
}

const KEYS = ['q', 'segment', 'stage', 'owner', 'sort'];

const storageKey = (userId: string) => `cadence.views.${userId}`;

function load(userId: string): SavedView[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]') as unknown;
    return Array.isArray(parsed) ? parsed.filter((v): v is SavedView => typeof v?.name === 'string' && typeof v?.query === 'string') : [];
  } catch {
    return [];
  }
}

/** The current filters as a stable string, so the same filters match the same view. */
export function filtersOf(params: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const key of KEYS) {
    const v = params.get(key);
    if (v) out.set(key, v);
  }
  return out.toString();
}

/** Named filter sets kept on this device, to switch between "my renewals", "enterprise at risk"… */
export function SavedViews() {
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const [views, setViews] = useState<SavedView[]>(() => load(user.id));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const current = filtersOf(params);
  const active = views.find((v) => v.query === current);

  const persist = (next: SavedView[]) => {
    setViews(next);
    localStorage.setItem(storageKey(user.id), JSON.stringify(next));
  };
  function save(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    persist([...views.filter((v) => v.name !== trimmed), { name: trimmed, query: current }].sort((a, b) => a.name.localeCompare(b.name)));
    setNaming(false);
    setName('');
  }

  return (
    <div className="saved-views">
      <label>
        View{' '}
        <select value={active?.name ?? ''} onChange={(e) => setParams(new URLSearchParams(views.find((v) => v.name === e.target.value)?.query ?? ''), { replace: true })}>
          <option value="">{active ? 'All accounts' : current ? 'Unsaved filters' : 'All accounts'}</option>
          {views.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {naming ? (
        <form onSubmit={save} className="form-row" aria-label="Save these filters as a view">
          <label htmlFor="view-name" className="visually-hidden">
            Name of the view
          </label>
          <input id="view-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="Name, e.g. Enterprise renewals" maxLength={60} onKeyDown={(e) => e.key === 'Escape' && setNaming(false)} />
          <button type="submit">Save</button>
        </form>
      ) : (
        <>
          {current && !active && (
            <button type="button" className="link" onClick={() => setNaming(true)}>
              Save view
            </button>
          )}
          {active && (
            <button type="button" className="link" onClick={() => persist(views.filter((v) => v.name !== active.name))} aria-label={`Delete the view ${active.name}`}>
              Delete view
            </button>
          )}
        </>
      )}
    </div>
  );
}
