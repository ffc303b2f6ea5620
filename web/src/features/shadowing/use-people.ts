import { useQuery } from '@tanstack/react-query';
import { api, type Page, type User } from '../../lib/api-client';
import type { Tone } from '../../components/Badge';
import type { PairingWithProgress } from './shadowing-api';

/** Colleagues by id, for the pair's names. */
export function usePeople() {
  const query = useQuery({ queryKey: ['users'], queryFn: () => api<Page<User>>('GET', '/api/users'), staleTime: 5 * 60_000 });
  const byId = new Map((query.data?.items ?? []).map((u) => [u.id, u]));
  return { ...query, name: (id: string) => byId.get(id)?.name ?? 'someone' };
}

export const statusTone = (s: PairingWithProgress['progress']['status']): Tone => (s === 'active' ? 'info' : s === 'ended' ? 'neutral' : 'accent');
