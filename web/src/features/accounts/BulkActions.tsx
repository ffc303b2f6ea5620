import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError, type Account, type User } from '../../lib/api-client';

type Action = 'owner' | 'tag' | 'call' | null;

/**
 * What to do with the selected rows: hand them to another CSM (a handoff each, with its note),
 * add a tag, or schedule a call on each. Says what happened, account by account when one fails.
 */
export function BulkActions({ selected, users, onDone }: { selected: Account[]; users: User[]; onDone: (notice?: string) => void }) {
  const client = useQueryClient();
  const [action, setAction] = useState<Action>(null);
  const [owner, setOwner] = useState('');
  const [reason, setReason] = useState('');
  const [tag, setTag] = useState('');
  const [when, setWhen] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: string | null; problems: string[] }>({ ok: null, problems: [] });
  const n = selected.length;
  const what = `${n} account${n === 1 ? '' : 's'}`;

  async function run(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const problems: string[] = [];
    let ok: string | null = null;
    const message = (e: unknown) => (e instanceof ApiError ? e.message : 'failed');
    try {
      if (action === 'owner') {
        const to = users.find((u) => u.id === owner);
        const answer = await api<{ handoffs: unknown[] }>('POST', '/api/handoffs', { accountIds: selected.map((a) => a.id), toUserId: owner, ...(reason.trim() ? { reason: reason.trim() } : {}) });
        ok = `${answer.handoffs.length} account${answer.handoffs.length === 1 ? '' : 's'} handed to ${to?.name ?? 'the new owner'}, each with a handoff note.`;
      } else if (action === 'tag') {
        const t = tag.trim().toLowerCase();
        let done = 0;
        for (const a of selected) {
          if (a.tags.includes(t)) continue;
          try {
            await api('PATCH', `/api/accounts/${a.id}`, { tags: [...a.tags, t] });
            done += 1;
          } catch (e) {
            problems.push(`${a.name}: ${message(e)}`);
          }
        }
        ok = `Tag “${t}” added to ${done} account${done === 1 ? '' : 's'}.`;
      } else if (action === 'call') {
        const startsAt = new Date(when).toISOString();
        let done = 0;
        for (const a of selected) {
          try {
            await api('POST', '/api/meetings', { accountId: a.id, type: 'cadence', startsAt });
            done += 1;
          } catch (e) {
            problems.push(`${a.name}: ${message(e)}`);
          }
        }
        ok = `${done} call${done === 1 ? '' : 's'} scheduled.`;
      }
    } catch (e) {
      problems.push(message(e));
    } finally {
      setBusy(false);
    }
    setOutcome({ ok: problems.length && !ok ? null : ok, problems });
    await client.invalidateQueries({ queryKey: ['accounts'] });
    if (!problems.length) {
      setAction(null);
      // The selection goes, and this bar with it: the page says what was done.
      onDone(ok ?? undefined);
    }
  }

  return (
    <div className="bulk-bar" role="region" aria-label="Selected accounts">
      <strong>{what} selected</strong>
      <button type="button" aria-pressed={action === 'owner'} onClick={() => setAction(action === 'owner' ? null : 'owner')}>
        Change owner
      </button>
      <button type="button" aria-pressed={action === 'tag'} onClick={() => setAction(action === 'tag' ? null : 'tag')}>
        Add a tag
      </button>
      <button type="button" aria-pressed={action === 'call'} onClick={() => setAction(action === 'call' ? null : 'call')}>
        Schedule calls
      </button>
      <button type="button" className="link" onClick={() => onDone()}>
        Clear selection
      </button>
      {action && (
        <form className="form-row" onSubmit={(e) => void run(e)} aria-label={action === 'owner' ? 'Hand the accounts to' : action === 'tag' ? 'Tag the accounts' : 'Schedule a call on each'}>
          {action === 'owner' && (
            <>
              <label>
                New owner{' '}
                <select required value={owner} onChange={(e) => setOwner(e.target.value)}>
                  <option value="">Choose…</option>
                  {users
                    .filter((u) => u.active && u.role !== 'viewer')
                    .map((u) => (
                      <option key={u.id} value={u.id}>
                        {u.name}
                      </option>
                    ))}
                </select>
              </label>
              <label>
                Reason <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="e.g. territory rebalance" />
              </label>
            </>
          )}
          {action === 'tag' && (
            <label>
              Tag <input required value={tag} onChange={(e) => setTag(e.target.value)} maxLength={50} />
            </label>
          )}
          {action === 'call' && (
            <label>
              Call at <input required type="datetime-local" value={when} onChange={(e) => setWhen(e.target.value)} />
            </label>
          )}
          <button type="submit" disabled={busy}>
            {action === 'owner' ? `Hand over ${what}` : action === 'tag' ? `Tag ${what}` : `Schedule ${n} call${n === 1 ? '' : 's'}`}
          </button>
        </form>
      )}
      {(outcome.ok || outcome.problems.length > 0) && (
        <div role="status" className="bulk-outcome">
          {outcome.ok && <p>{outcome.ok}</p>}
          {outcome.problems.length > 0 && (
            <ul className="error">
              {outcome.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
