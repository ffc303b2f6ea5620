import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, setCsrfToken, type User } from '../../lib/api-client';
import type { SignInOptions } from '../../../../src/server/routes/sso.schema.ts';

export function SignIn() {
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [forgot, setForgot] = useState(false);
  // Single sign-on buttons when an identity provider is configured; without an answer, the password form alone.
  const options = useQuery({ queryKey: ['sign-in-options'], queryFn: () => api<SignInOptions>('GET', '/api/auth/providers'), staleTime: Infinity, retry: false });
  const providers = options.data?.providers ?? [];
  const passwordLogin = options.data?.passwordLogin ?? true;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api<{ user: User; csrfToken: string }>('POST', '/api/session', { email, password });
      setCsrfToken(result.csrfToken);
      client.setQueryData(['session'], result.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Cannot reach Cadence');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin">
      <h1>Sign in to Cadence</h1>
      {providers.map((p) => (
        <p key={p.id}>
          <a className="button primary" href={p.loginUrl}>
            Sign in with {p.name}
          </a>
        </p>
      ))}
      {!passwordLogin && <p className="hint">Password sign-in is switched off here; only the break-glass admin uses the form below.</p>}
      <form onSubmit={submit} noValidate aria-label={providers.length ? 'Sign in with a password' : undefined}>
        <label htmlFor="email">Email</label>
        <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        <label htmlFor="password">Password</label>
        <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <button type="button" className="link" aria-expanded={forgot} aria-controls="forgot-help" onClick={() => setForgot(!forgot)}>
          Forgot your password?
        </button>
      </p>
      {forgot && (
        <p id="forgot-help" className="hint">
          Ask your Cadence admin to reset it (Settings → People). You get a mail with a link, or the admin hands it to you; it opens a page here where you choose a new password. It works once, for an hour.
        </p>
      )}
    </main>
  );
}
