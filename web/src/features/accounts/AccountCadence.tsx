import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { api, ApiError } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import type { AccountCadence, AccountCadence as CadenceDue } from '../../../../src/server/routes/cadence.schema.ts';

export const FREQUENCIES = ['weekly', 'biweekly', 'monthly', 'quarterly', 'none'] as const;

export type { AccountCadence as CadenceDue };

const frequencyText = (f: string) => (f === 'none' ? 'no recurring calls (touches only)' : f === 'biweekly' ? 'every two weeks' : f);

/** What cadence the account is owed and why, when the next call and touch are due, and an override with its reason. */
export function AccountCadence({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const cadence = useQuery({ queryKey: ['cadence', accountId], queryFn: () => api<CadenceDue>('GET', `/api/accounts/${accountId}/cadence`) });
  const [editing, setEditing] = useState(false);
  const [frequency, setFrequency] = useState('monthly');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const done = (data: CadenceDue) => {
    client.setQueryData(['cadence', accountId], data);
    void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    void client.invalidateQueries({ queryKey: ['accounts'] });
    setEditing(false);
    setError(null);
  };
  const fail = (e: unknown) => setError(e instanceof ApiError ? { message: e.message, field: e.field } : { message: 'Cadence could not be reached' });
  const save = useMutation({ mutationFn: () => api<CadenceDue>('PUT', `/api/accounts/${accountId}/cadence-override`, { frequency, reason: reason.trim() }), onSuccess: done, onError: fail });
  const remove = useMutation({ mutationFn: () => api<CadenceDue>('DELETE', `/api/accounts/${accountId}/cadence-override`), onSuccess: done, onError: fail });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return setError({ message: 'Say why this account needs a different cadence.', field: 'reason' });
    save.mutate();
  }

  if (cadence.isPending) return <Loading what="the cadence" />;
  if (cadence.isError) return <ErrorState error={cadence.error} />;
  const c = cadence.data;
  const late = (days: number) => (days > 0 ? <span className="overdue"> ({days} d overdue)</span> : null);
  return (
    <section className="cadence-card" aria-labelledby="cadence-h">
      <h2 id="cadence-h">
        Cadence <span className={`badge cadence-${c.state}`}>{c.state.replace(/_/g, ' ')}</span>
      </h2>
      <p>
        <strong>{frequencyText(c.frequency)}</strong> <span className="muted">because {c.because}</span>
      </p>
      {c.override && (
        <p className="hint">
          Overridden: {c.override.reason}
          {canEdit && (
            <button type="button" className="link" onClick={() => remove.mutate()} disabled={remove.isPending}>
              remove override
            </button>
          )}
        </p>
      )}
      <dl className="facts">
        <dt>Next call due</dt>
        <dd>
          {c.nextCallDue ? formatDate(c.nextCallDue) : 'none'}
          {late(c.callOverdueDays)}
        </dd>
        <dt>Next touch due</dt>
        <dd>
          {c.nextTouchDue ? formatDate(c.nextTouchDue) : 'none'}
          {late(c.touchOverdueDays)}
        </dd>
        <dt>Last call</dt>
        <dd>{formatDate(c.lastCallOn)}</dd>
        <dt>Last touch</dt>
        <dd>{formatDate(c.lastTouchOn)}</dd>
      </dl>
      {canEdit && !editing && (
        <button
          type="button"
          className="link"
          onClick={() => {
            setFrequency(c.override?.frequency ?? c.frequency);
            setEditing(true);
          }}
        >
          {c.override ? 'Change the override' : 'Override the cadence'}
        </button>
      )}
      {editing && (
        <form onSubmit={submit} className="inline-form" aria-label="Override the cadence">
          <label>
            Frequency{' '}
            <select value={frequency} onChange={(e) => setFrequency(e.target.value)}>
              {FREQUENCIES.map((f) => (
                <option key={f} value={f}>
                  {frequencyText(f)}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor="cadence-reason">Reason</label>
          <input id="cadence-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} aria-invalid={error?.field === 'reason'} placeholder="e.g. exec sponsor asked for weekly calls until go-live" />
          <div className="buttons">
            <button type="submit" className="primary" disabled={save.isPending}>
              Save override
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
    </section>
  );
}
