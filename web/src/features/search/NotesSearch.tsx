import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api, ApiError, type Page } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';

import type { NotesHit as Hit } from '../../../../src/server/routes/meetings.schema.ts';

/** «marked» words from the server's snippet, shown highlighted without trusting any HTML. */
function Snippet({ text }: { text: string }) {
  return <>{text.split(/(«[^»]*»)/).map((part, i) => (part.startsWith('«') ? <mark key={i}>{part.slice(1, -1)}</mark> : <span key={i}>{part}</span>))}</>;
}

/** Search across meeting notes from the top bar; each result opens its meeting. */
export function NotesSearch() {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const location = useLocation();

  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(t);
  }, [text]);
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  const results = useQuery({
    queryKey: ['notes-search', q],
    queryFn: () => api<Page<Hit>>('GET', `/api/notes/search?q=${encodeURIComponent(q)}&limit=10`),
    enabled: q.length >= 2,
  });

  return (
    <div className="notes-search" ref={box} onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <form role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="notes-q" className="visually-hidden">
          Search meeting notes
        </label>
        <input
          id="notes-q"
          type="search"
          placeholder="Search notes"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          aria-controls={open && q.length >= 2 ? 'notes-results' : undefined}
        />
      </form>
      {open && q.length >= 2 && (
        <div id="notes-results" className="search-results" aria-label="Notes search results" role="region">
          {results.isPending ? (
            <p className="state" role="status">
              Searching…
            </p>
          ) : results.isError ? (
            <p className="error" role="alert">
              {results.error instanceof ApiError ? results.error.message : 'Search failed'}
            </p>
          ) : results.data.items.length === 0 ? (
            <p className="empty">No notes mention “{q}”.</p>
          ) : (
            <ul>
              {results.data.items.map((hit) => (
                <li key={hit.meetingId}>
                  <Link to={`/meetings/${hit.meetingId}`}>
                    <strong>{hit.accountName}</strong> · {hit.title}
                  </Link>
                  <small>{formatInstant(hit.startsAt)}</small>
                  <p>
                    <Snippet text={hit.snippet} />
                  </p>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
