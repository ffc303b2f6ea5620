import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, LogOut, Pencil, UserCheck, UserX } from 'lucide-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { Button } from '../../components/Button';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { api, type Page, type User } from '../../lib/api-client';
import { formatInstant } from '../../lib/format';
import type { AccountNeedingOwner, ResetLink, SessionItem } from '../../../../src/server/routes/users.schema.ts';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from './form-errors';
import './admin-settings.css';

/**
 * What an admin does when someone leaves or is locked out: deactivate (sign-in, sessions and API
 * tokens end at once), reactivate, a one-time set-password link, and signing them out everywhere.
 */
export function UserActions({ user }: { user: User }) {
  const client = useQueryClient();
  const me = useSession().user;
  const [confirming, setConfirming] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [showSessions, setShowSessions] = useState(false);
  const [editing, setEditing] = useState(false);
  const done = (text: string) => {
    setSaid(text);
    setProblem(null);
    void client.invalidateQueries({ queryKey: ['users'] });
    void client.invalidateQueries({ queryKey: ['users', 'needs-new-owner'] });
  };
  const start = () => {
    setSaid(null);
    setLink(null);
    setProblem(null);
  };
  const deactivate = useMutation({
    mutationFn: () => api<User>('POST', `/api/users/${encodeURIComponent(user.id)}/deactivate`),
    onMutate: start,
    onSuccess: () => done(`${user.name} is deactivated: signed out everywhere, their API tokens no longer work.`),
    onError: (e) => setProblem(problemOf(e)),
  });
  const reactivate = useMutation({
    mutationFn: () => api<User>('POST', `/api/users/${encodeURIComponent(user.id)}/reactivate`),
    onMutate: start,
    onSuccess: () => done(`${user.name} may sign in again.`),
    onError: (e) => setProblem(problemOf(e)),
  });
  const reset = useMutation({
    mutationFn: () => api<ResetLink>('POST', `/api/users/${encodeURIComponent(user.id)}/password-reset`),
    onMutate: start,
    onSuccess: (r) => {
      setSaid(r.mailed ? `A set-password link was mailed to ${user.email}; it works until ${formatInstant(r.expiresAt)}.` : `Pass this one-time link to ${user.name}; it works until ${formatInstant(r.expiresAt)}.`);
      setLink(r.link);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const endSessions = useMutation({
    mutationFn: () => api<{ sessionsEnded: number }>('DELETE', `/api/users/${encodeURIComponent(user.id)}/sessions`),
    onMutate: start,
    onSuccess: (r) => {
      done(`${user.name} is signed out everywhere (${r.sessionsEnded} session${r.sessionsEnded === 1 ? '' : 's'} ended).`);
      void client.invalidateQueries({ queryKey: ['users', user.id, 'sessions'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const edit = useMutation({
    mutationFn: (changes: { name: string; role: string }) => api<User>('PATCH', `/api/users/${encodeURIComponent(user.id)}`, changes),
    onMutate: start,
    onSuccess: (u) => {
      setEditing(false);
      done(`${u.name} is saved as ${u.role}.`);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const busy = edit.isPending || deactivate.isPending || reactivate.isPending || reset.isPending || endSessions.isPending;
  const self = me.id === user.id;
  return (
    <div className="people-actions" role="group" aria-label={`Manage ${user.name}`}>
      {editing ? (
        <EditUser user={user} busy={busy} problem={problem} onSave={(changes) => edit.mutate(changes)} onCancel={() => (setEditing(false), setProblem(null))} />
      ) : (
        <Button size="sm" icon={Pencil} disabled={busy} onClick={() => (start(), setEditing(true))} aria-label={`Edit ${user.name}`}>
          Edit
        </Button>
      )}
      {user.active ? (
        confirming ? (
          <span className="confirm">
            Deactivate {user.name}?{' '}
            <Button
              size="sm"
              variant="danger"
              disabled={busy}
              aria-label={`Yes, deactivate ${user.name}`}
              onClick={() => {
                setConfirming(false);
                deactivate.mutate();
              }}
            >
              Yes, deactivate
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setConfirming(false)}>
              No, keep
            </Button>
          </span>
        ) : (
          <Button size="sm" variant="danger" icon={UserX} disabled={busy || self} title={self ? 'Another admin deactivates you' : undefined} onClick={() => setConfirming(true)} aria-label={`Deactivate ${user.name}`}>
            Deactivate
          </Button>
        )
      ) : (
        <Button size="sm" icon={UserCheck} disabled={busy} onClick={() => reactivate.mutate()} aria-label={`Reactivate ${user.name}`}>
          Reactivate
        </Button>
      )}
      {user.active && (
        <>
          <Button size="sm" icon={KeyRound} disabled={busy} onClick={() => reset.mutate()} aria-label={`Reset password for ${user.name}`}>
            Reset password
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setShowSessions(!showSessions)} aria-expanded={showSessions} aria-label={`Sessions of ${user.name}`}>
            Sessions
          </Button>
          <Button size="sm" variant="ghost" icon={LogOut} disabled={busy} onClick={() => endSessions.mutate()} aria-label={`Sign out everywhere: ${user.name}`}>
            Sign out everywhere
          </Button>
        </>
      )}
      {showSessions && user.active && <UserSessions user={user} />}
      {said && (
        <p className="notice" role="status">
          {said}
        </p>
      )}
      {link && (
        <label>
          Set-password link <input readOnly value={link} size={40} onFocus={(e) => e.target.select()} />
        </label>
      )}
      <FormError problem={problem} fields={editing ? ['name', 'role'] : []} />
    </div>
  );
}

const ROLES = ['csm', 'manager', 'viewer', 'admin'] as const;

/** The name colleagues see and the role; the server refuses, beside the field, to demote the last admin. */
function EditUser({ user, busy, problem, onSave, onCancel }: { user: User; busy: boolean; problem: FieldProblem | null; onSave: (changes: { name: string; role: string }) => void; onCancel: () => void }) {
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<string>(user.role);
  const id = `edit-${user.id}`;
  return (
    <form
      className="form-actions"
      aria-label={`Edit ${user.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ name: name.trim(), role });
      }}
    >
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} {...invalidProps(problem, 'name', `${id}-name`)} />
      <FieldError problem={problem} field="name" id={`${id}-name`} />
      <label htmlFor={`${id}-role`}>Role</label>
      <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value)} {...invalidProps(problem, 'role', `${id}-role`)}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <FieldError problem={problem} field="role" id={`${id}-role`} />
      <Button size="sm" variant="primary" type="submit" disabled={busy}>
        Save
      </Button>
      <Button size="sm" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </form>
  );
}

function UserSessions({ user }: { user: User }) {
  const sessions = useQuery({ queryKey: ['users', user.id, 'sessions'], queryFn: () => api<Page<SessionItem>>('GET', `/api/users/${encodeURIComponent(user.id)}/sessions`) });
  if (sessions.isPending) return <Loading what="sessions" />;
  if (sessions.isError) return <ErrorState error={sessions.error} />;
  if (sessions.data.items.length === 0) return <p className="hint">{user.name} is not signed in anywhere.</p>;
  return (
    <ul aria-label={`Sessions of ${user.name}`}>
      {sessions.data.items.map((s) => (
        <li key={s.id}>
          {s.userAgent ?? 'an unknown browser'}: signed in {formatInstant(s.createdAt)}, last seen {formatInstant(s.lastSeenAt)}
          {s.current && ' (this one)'}
        </li>
      ))}
    </ul>
  );
}

/** Accounts whose owner was deactivated: each needs a new owner, handed off with a note. */
export function AccountsWithoutOwner() {
  const client = useQueryClient();
  const orphans = useQuery({ queryKey: ['users', 'needs-new-owner'], queryFn: () => api<Page<AccountNeedingOwner>>('GET', '/api/users/needs-new-owner') });
  const people = useQuery({ queryKey: ['users'], queryFn: () => api<Page<User>>('GET', '/api/users') });
  const owners = (people.data?.items ?? []).filter((u) => u.active && u.role !== 'viewer');
  const [to, setTo] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const handOff = useMutation({
    mutationFn: (accountIds: string[]) => api<{ handoffs: unknown[] }>('POST', '/api/handoffs', { accountIds, toUserId: to, reason: 'the previous owner left' }),
    onMutate: () => {
      setSaid(null);
      setProblem(null);
    },
    onSuccess: (r) => {
      const name = owners.find((u) => u.id === to)?.name ?? 'the new owner';
      setSaid(`${r.handoffs.length} account${r.handoffs.length === 1 ? '' : 's'} handed to ${name}, each with a handoff note to review.`);
      void client.invalidateQueries({ queryKey: ['users', 'needs-new-owner'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  return (
    <section aria-labelledby="orphans-h">
      <h3 id="orphans-h">Accounts left without an owner</h3>
      {orphans.isPending ? (
        <Loading what="accounts without an owner" />
      ) : orphans.isError ? (
        <ErrorState error={orphans.error} />
      ) : orphans.data.items.length === 0 ? (
        <p className="hint">None: every account&apos;s owner can sign in.</p>
      ) : (
        <>
          <ul aria-label="Accounts left without an owner">
            {orphans.data.items.map((o) => (
              <li key={o.accountId}>
                <Link to={`/accounts/${o.accountId}`}>{o.accountName}</Link> <span className="muted">(was {o.owner.name}&apos;s)</span>
              </li>
            ))}
          </ul>
          <div className="form-actions">
            <label htmlFor="orphans-to">Hand them to</label>
            <select id="orphans-to" value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">choose…</option>
              {owners.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
            <Button variant="primary" disabled={!to || handOff.isPending} onClick={() => handOff.mutate(orphans.data.items.map((o) => o.accountId))}>
              Hand off {orphans.data.items.length} account{orphans.data.items.length === 1 ? '' : 's'}
            </Button>
          </div>
          <p className="hint">
            Each handoff gets a note for the new owner; they find it under <Link to="/handoffs">Handoffs</Link>.
          </p>
        </>
      )}
      {said && (
        <p className="notice" role="status">
          {said}
        </p>
      )}
      <FormError problem={problem} fields={[]} />
    </section>
  );
}
