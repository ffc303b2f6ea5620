import { useQuery } from '@tanstack/react-query';
import { api, type Account, type Page } from '../../lib/api-client';

/** Names of the accounts in the user's scope, by id, for figures that carry only ids. */
export function useAccountNames() {
  const query = useQuery({
    queryKey: ['account-names'],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const names = new Map<string, { name: string; arr: number | null; ownerId: string | null }>();
      let cursor: string | null = null;
      // The book is paged; a team's book is a few thousand accounts at most.
      for (let page = 0; page < 25; page += 1) {
        const res: Page<Account> = await api<Page<Account>>('GET', `/api/accounts?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        for (const a of res.items) names.set(a.id, { name: a.name, arr: a.arr, ownerId: a.ownerId });
        cursor = res.nextCursor;
        if (!cursor) break;
      }
      return names;
    },
  });
  return query.data ?? new Map<string, { name: string; arr: number | null; ownerId: string | null }>();
}
