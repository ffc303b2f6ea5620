import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TrendingUp } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Card } from '../../components/Card';
import { api } from '../../lib/api-client';
import { formatArr, formatDay } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import type { Expansion } from '../../../../src/server/routes/reviews.schema.ts';
import './csm-forms.css';

/**
 * An expansion opportunity on the account (the forecast and the monthly review count it): what it
 * is, roughly how much, and since when. It is read from the account itself, so a flag stays on the
 * card however much has happened on the timeline since.
 */
export function AccountExpansion({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const queryKey = ['expansion', accountId];
  const expansion = useQuery({ queryKey, queryFn: () => api<Expansion>('GET', `/api/accounts/${accountId}/expansion`) });
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const save = useMutation({
    mutationFn: (body: { note: string | null; amount?: number | null }) => api<Expansion>('PUT', `/api/accounts/${accountId}/expansion`, body),
    onSuccess: (answer) => {
      client.setQueryData(queryKey, answer);
      setEditing(false);
      void client.invalidateQueries({ queryKey });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      void client.invalidateQueries({ queryKey: ['forecast'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const current = expansion.data;
  const flagged = Boolean(current?.note);
  function startEditing() {
    // Changing a flag starts from what is flagged, so a new amount does not need the note typed again.
    setNote(current?.note ?? '');
    setAmount(current?.amount === null || current?.amount === undefined ? '' : String(current.amount));
    setProblem(null);
    setEditing(true);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!note.trim()) return setProblem({ field: 'note', message: 'Say what the opportunity is.' });
    save.mutate({ note: note.trim(), amount: amount.trim() === '' ? null : Number(amount.replace(/[, _]/g, '')) });
  }
  return (
    <Card
      id="expansion"
      title="Expansion"
      icon={TrendingUp}
      actions={
        canEdit && current && !editing ? (
          <button type="button" className="btn btn-sm" onClick={startEditing}>
            {flagged ? 'Change' : 'Flag an opportunity'}
          </button>
        ) : undefined
      }
    >
      {expansion.isPending ? (
        <div role="status" aria-live="polite" className="skeleton" style={{ height: '1.5em', borderRadius: 'var(--radius-md)', background: 'var(--color-surface-sunken)' }}>
          <span className="visually-hidden">Loading the expansion flag…</span>
        </div>
      ) : expansion.isError ? (
        <p className="error" role="alert">
          The expansion flag could not be loaded: {problemOf(expansion.error).message}
        </p>
      ) : (
        <p data-testid="expansion-state">
          {current?.note ? (
            <>
              {current.note}
              {current.amount !== null && ` (${formatArr(current.amount)})`}
              {current.flaggedAt && <span className="muted"> · since {formatDay(current.flaggedAt)}</span>}
            </>
          ) : (
            'No expansion opportunity flagged.'
          )}
        </p>
      )}
      {canEdit && flagged && !editing && (
        <button type="button" className="link" onClick={() => save.mutate({ note: null })} disabled={save.isPending}>
          {save.isPending ? 'Clearing…' : 'Clear the flag'}
        </button>
      )}
      {editing && (
        <form className="inline-form" onSubmit={submit} noValidate aria-label="Flag an expansion opportunity">
          <label htmlFor="exp-note">What is the opportunity</label>
          <input id="exp-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} placeholder="e.g. a second region wants 200 seats" autoFocus {...invalidProps(problem, 'note', 'exp-note')} />
          <FieldError problem={problem} field="note" id="exp-note" />
          <label htmlFor="exp-amount">Amount (ARR, optional)</label>
          <input id="exp-amount" inputMode="decimal" size={10} value={amount} onChange={(e) => setAmount(e.target.value)} {...invalidProps(problem, 'amount', 'exp-amount')} />
          <FieldError problem={problem} field="amount" id="exp-amount" />
          <FormError problem={problem} fields={['note', 'amount']} />
          <div className="buttons">
            <button type="submit" className="primary" disabled={save.isPending}>
              Save
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {save.isError && !editing && (
        <p className="error" role="alert">
          {problemOf(save.error).message}
        </p>
      )}
    </Card>
  );
}
