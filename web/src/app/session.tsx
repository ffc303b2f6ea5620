import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, type User } from '../lib/api-client';
import { setDisplayZone } from '../lib/format';
import { setLogoPattern } from '../lib/logo';

interface SessionValue {
  user: User;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

export function useSessionQuery() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const s = await api<{ user: User; csrfToken: string | null; logoUrlPattern?: string | null }>('GET', '/api/session');
        setCsrfToken(s.csrfToken);
        setLogoPattern(s.logoUrlPattern);
        return s.user;
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: Infinity,
  });
}

export function SessionProvider({ user, children }: { user: User; children: ReactNode }) {
  const client = useQueryClient();
  // Set during render so the very first dates drawn are already in the user's zone.
  setDisplayZone(user.timezone);
  const signOut = async () => {
    await api('DELETE', '/api/session');
    setCsrfToken(null);
    setDisplayZone(undefined);
    client.clear();
    client.setQueryData(['session'], null);
    // With OpenID Connect configured, end the IdP session too (the server sends only OIDC users on to the IdP).
    const options = client.getQueryData<{ providers: { id: string }[] }>(['sign-in-options']) ?? (await api<{ providers: { id: string }[] }>('GET', '/api/auth/providers').catch(() => null));
    if (options?.providers.some((p) => p.id === 'oidc')) window.location.assign('/auth/oidc/logout');
  };
  return <SessionContext.Provider value={{ user, signOut }}>{children}</SessionContext.Provider>;
}
