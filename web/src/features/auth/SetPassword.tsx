import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../lib/api-client';

/** The token rides in the link's #fragment (browsers never send it, so no server log has it). */
function tokenOfLink(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

/**
 * The page a password-reset link opens: choose a new password, then sign in with it. Every session
 * of the account ends when it is set, so whoever held one must sign in again too.
 */
export default function SetPassword() {
  const [token] = useState(tokenOfLink);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const reset = useMutation({
    mutationFn: () => api('POST', '/api/password-reset', { token, password }),
    onSuccess: () => {
      // The token is used up: keep it out of the address bar and the history.
      window.history.replaceState(null, '', '/set-password');
    },
    onError: (e) => setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: 'Cannot reach Cadence' }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!password) return setError({ message: 'Choose a new password.', field: 'password' });
    if (password !== again) return setError({ message: 'The two passwords differ.', field: 'again' });
    reset.mutate();
  }
  if (reset.isSuccess)
    return (
      <main className="signin">
        <h1>Your password is set</h1>
        <p role="status">Sign in with your new password.</p>
        <p>
          <a className="button primary" href="/">
            Sign in
          </a>
        </p>
      </main>
    );
  if (!token)
    return (
      <main className="signin">
        <h1>Set a new password</h1>
        <p role="alert">This page needs the link from your password-reset mail. Ask your Cadence admin for a new one: it works once, for an hour.</p>
        <p>
          <a href="/">Back to sign-in</a>
        </p>
      </main>
    );
  const fieldError = (field: string, id: string) =>
    error?.field === field ? (
      <p id={id} className="error" role="alert">
        {error.message}
      </p>
    ) : null;
  return (
    <main className="signin">
      <h1>Set a new password</h1>
      <form onSubmit={submit} noValidate>
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoFocus
          aria-invalid={error?.field === 'password' || undefined}
          aria-describedby={error?.field === 'password' ? 'new-password-error' : undefined}
        />
        {fieldError('password', 'new-password-error')}
        <label htmlFor="new-password-again">New password again</label>
        <input
          id="new-password-again"
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          aria-invalid={error?.field === 'again' || undefined}
          aria-describedby={error?.field === 'again' ? 'new-password-again-error' : undefined}
        />
        {fieldError('again', 'new-password-again-error')}
        {error && error.field !== 'password' && error.field !== 'again' && (
          <p className="error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" disabled={reset.isPending}>
          {reset.isPending ? 'Setting…' : 'Set password'}
        </button>
      </form>
    </main>
  );
}
