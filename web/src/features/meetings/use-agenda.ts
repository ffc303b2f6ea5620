import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { api, ApiError } from '../../lib/api-client';
import type { Agenda, AgendaEdit, AgendaItem } from '../../lib/meeting-types';

/** The change an edit makes, applied at once so the list responds before the server answers. */
function applyLocally(items: AgendaItem[], edit: AgendaEdit): AgendaItem[] {
  if (edit.op === 'add') return items;
  const from = items.findIndex((i) => i.id === edit.itemId);
  const item = items[from];
  if (!item) return items;
  const next = items.slice();
  switch (edit.op) {
    case 'edit':
      next[from] = { ...item, text: edit.text };
      return next;
    case 'discussed':
      // The API's default: an item marked without a value is discussed.
      next[from] = { ...item, discussed: edit.discussed ?? true };
      return next;
    case 'visibility':
      next[from] = { ...item, visibility: edit.internal ? 'internal' : 'shared' };
      return next;
    case 'drop':
      return items.filter((i) => i.id !== edit.itemId);
    default: {
      const to = edit.op === 'move' ? edit.toIndex : edit.op === 'up' ? from - 1 : from + 1;
      next.splice(from, 1);
      next.splice(Math.max(0, Math.min(next.length, to)), 0, item);
      return next;
    }
  }
}

/** The agenda and its edits: optimistic, one at a time, in the order they were made. */
export function useAgenda(meetingId: string) {
  const client = useQueryClient();
  const key = ['agenda', meetingId];
  const query = useQuery({ queryKey: key, queryFn: () => api<Agenda>('GET', `/api/meetings/${meetingId}/agenda`) });
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const [error, setError] = useState<string | null>(null);

  const edit = useCallback(
    (change: AgendaEdit): Promise<Agenda | null> => {
      const before = client.getQueryData<Agenda>(key);
      if (before) client.setQueryData<Agenda>(key, { ...before, items: applyLocally(before.items, change) });
      const run = queue.current.then(async () => {
        try {
          const after = await api<Agenda>('POST', `/api/meetings/${meetingId}/agenda/edits`, change);
          client.setQueryData(key, after);
          setError(null);
          return after;
        } catch (err) {
          setError(err instanceof ApiError ? err.message : 'the agenda could not be saved; check your connection');
          await client.invalidateQueries({ queryKey: key });
          return null;
        }
      });
      queue.current = run;
      return run;
    },
    // `key` is built from meetingId and `queue` is a ref: these two are the real dependencies.
    [client, meetingId],
  );

  return { query, edit, error, clearError: () => setError(null) };
}
