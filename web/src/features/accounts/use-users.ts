import { useQuery } from '@tanstack/react-query';
import { api, type Page, type User } from '../../lib/api-client';

/** Colleagues by id, for owner and team names. */
export function useUsers() {
  const query = useQuery({ queryKey: ['users'], queryFn: () => api<Page<User>>('GET', '/api/users'), staleTime: 5 * 60_000 });
  const byId = new Map((query.data?.items ?? []).map((u) => [u.id, u]));
  return { ...query, byId };
}
