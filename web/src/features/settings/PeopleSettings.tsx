import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, type Page, type User } from '../../lib/api-client';
import { formatInstant, getDisplayZone } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from './form-errors';
import { AccountsWithoutOwner, UserActions } from './UserLifecycle';
import type { ApiToken } from '../../../../src/server/routes/users.schema.ts';

const ROLES = ['csm', 'manager', 'viewer', 'admin'] as const;

/** Everyone who signs in; admins add, deactivate and reactivate people, reset passwords and end sessions here. */
export function UsersSettings({ isAdmin }: { isAdmin: boolean }) {
  const client = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => api<Page<User & { active?: boolean; managerId?: string | null }>>('GET', '/api/users') });
  const [form, setForm] = useState({ email: '', name: '', role: 'csm', timezone: getDisplayZone(), managerId: '', password: '' });
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: () =>
      api<User>('POST', '/api/users', { email: form.email.trim(), name: form.name.trim(), role: form.role, timezone: form.timezone.trim(), managerId: form.managerId || null, ...(form.password ? { password: form.password } : {}) }),
    onSuccess: (u) => {
      setAdded(`${u.name} added.`);
      setProblem(null);
      setForm({ ...form, email: '', name: '', password: '' });
      void client.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const managers = (users.data?.items ?? []).filter((u) => u.role === 'manager' || u.role === 'admin');
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    add.mutate();
  }
  return (
    <section className="settings-form" aria-labelledby="users-h">
      <h2 id="users-h">Users</h2>
      {users.isPending ? (
        <Loading what="users" />
      ) : users.isError ? (
        <ErrorState error={users.error} />
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Time zone</th>
              <th scope="col">Manager</th>
              {isAdmin && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.name} {u.active === false && <span className="badge">inactive</span>}
                </td>
                <td>{u.email}</td>
                <td>{u.role}</td>
                <td>{u.timezone}</td>
                <td>{u.managerId ? (users.data.items.find((m) => m.id === u.managerId)?.name ?? '…') : '—'}</td>
                {isAdmin && (
                  <td>
                    <UserActions user={u} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin ? (
        <form className="inline-form" onSubmit={submit} noValidate aria-labelledby="add-user-h">
          <h3 id="add-user-h">Add a user</h3>
          <div className="field-grid">
            <label htmlFor="u-name">Name</label>
            <span>
              <input id="u-name" value={form.name} onChange={set('name')} {...invalidProps(problem, 'name', 'u-name')} />
              <FieldError problem={problem} field="name" id="u-name" />
            </span>
            <label htmlFor="u-email">Email</label>
            <span>
              <input id="u-email" type="email" value={form.email} onChange={set('email')} {...invalidProps(problem, 'email', 'u-email')} />
              <FieldError problem={problem} field="email" id="u-email" />
            </span>
            <label htmlFor="u-role">Role</label>
            <span>
              <select id="u-role" value={form.role} onChange={set('role')}>
                {ROLES.map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </span>
            <label htmlFor="u-tz">Time zone</label>
            <span>
              <input id="u-tz" value={form.timezone} onChange={set('timezone')} {...invalidProps(problem, 'timezone', 'u-tz')} />
              <FieldError problem={problem} field="timezone" id="u-tz" />
            </span>
            <label htmlFor="u-manager">Manager</label>
            <span>
              <select id="u-manager" value={form.managerId} onChange={set('managerId')}>
                <option value="">none</option>
                {managers.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            </span>
            <label htmlFor="u-password">Password (optional)</label>
            <span>
              <input id="u-password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} {...invalidProps(problem, 'password', 'u-password')} />
              <FieldError problem={problem} field="password" id="u-password" />
            </span>
          </div>
          <FormError problem={problem} fields={['name', 'email', 'timezone', 'password']} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={add.isPending}>
              Add user
            </button>
            {added && (
              <span className="notice" role="status">
                {added}
              </span>
            )}
          </div>
        </form>
      ) : (
        <p className="hint">Only admins add users.</p>
      )}
      <AccountsWithoutOwner />
    </section>
  );
}

type Token = ApiToken;

/** The user's own API tokens, for scripts; a new token is shown once. */
export function TokensSettings() {
  const client = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => api<Page<Token>>('GET', '/api/tokens') });
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<{ name: string; token: string } | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const create = useMutation({
    mutationFn: () => api<{ id: string; token: string }>('POST', '/api/tokens', { name: name.trim() || 'api' }),
    onSuccess: (r) => {
      setFresh({ name: name.trim() || 'api', token: r.token });
      setName('');
      setProblem(null);
      void client.invalidateQueries({ queryKey: ['tokens'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const revoke = useMutation({ mutationFn: (id: string) => api('DELETE', `/api/tokens/${id}`), onSuccess: () => void client.invalidateQueries({ queryKey: ['tokens'] }), onError: (e) => setProblem(problemOf(e)) });
  return (
    <section className="settings-form" aria-labelledby="tokens-h">
      <h2 id="tokens-h">API tokens</h2>
      <p className="hint">Scripts use a token as a Bearer header; it acts as you.</p>
      {fresh && (
        <div className="notice" role="status">
          <p>Token “{fresh.name}” made. Copy it now: it is not shown again.</p>
          <label>
            Token <input readOnly value={fresh.token} size={50} onFocus={(e) => e.target.select()} aria-label="New API token" />
          </label>
        </div>
      )}
      {tokens.isPending ? (
        <Loading what="tokens" />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} />
      ) : tokens.data.items.length === 0 ? (
        <Empty>No tokens.</Empty>
      ) : (
        <ul className="share-links">
          {tokens.data.items.map((t) => (
            <li key={t.id}>
              <span>
                <strong>{t.name}</strong>{' '}
                <span className="muted">
                  made {formatInstant(t.createdAt)} · {t.lastUsedAt ? `last used ${formatInstant(t.lastUsedAt)}` : 'never used'}
                </span>
                {t.revokedAt && <span className="badge">revoked</span>}
              </span>
              {!t.revokedAt && (
                <button type="button" onClick={() => revoke.mutate(t.id)} aria-label={`Revoke token ${t.name}`}>
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="e.g. CRM sync" />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
      <FormError problem={problem} fields={[]} />
    </section>
  );
}
