import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TrendingUp } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Card } from '../../components/Card';
import { api, type Page, type TimelineEntry } from '../../lib/api-client';
import { formatArr, formatDay } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import './csm-forms.css';

interface Expansion {
  accountId: string;
  note: string | null;
  amount: number | null;
}

const FLAGGED = 'account.expansion_flagged';
const CLEARED = 'account.expansion_cleared';

/**
 * An expansion opportunity on the account (the forecast and the monthly review count it): what it
 * is and roughly how much. What is flagged now is the timeline's last expansion entry.
 */
export function AccountExpansion({ accountId, canEdit, timeline }: { accountId: string; canEdit: boolean; timeline: Page<TimelineEntry> | undefined }) {
  const client = useQueryClient();
  const last = timeline?.items.find((t) => t.kind === FLAGGED || t.kind === CLEARED);
  const [saved, setSaved] = useState<Expansion | null>(null);
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState('');
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const save = useMutation({
    mutationFn: (body: { note: string | null; amount?: number | null }) => api<Expansion>('PUT', `/api/accounts/${accountId}/expansion`, body),
    onSuccess: (e) => {
      setSaved(e);
      setEditing(false);
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      void client.invalidateQueries({ queryKey: ['forecast'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!note.trim()) return setProblem({ field: 'note', message: 'Say what the opportunity is.' });
    save.mutate({ note: note.trim(), amount: amount.trim() === '' ? null : Number(amount.replace(/[, _]/g, '')) });
  }
  const flagged = saved ? saved.note !== null : last?.kind === FLAGGED;
  const description = saved
    ? saved.note
      ? `${saved.note}${saved.amount !== null ? ` (${formatArr(saved.amount)})` : ''}`
      : null
    : last?.kind === FLAGGED
      ? `${last.summary.replace(/^Expansion opportunity: /, '')} (since ${formatDay(last.occurredAt)})`
      : null;
  return (
    <Card
      id="expansion"
      title="Expansion"
      icon={TrendingUp}
      actions={
        canEdit && !editing ? (
          <button type="button" className="btn btn-sm" onClick={() => setEditing(true)}>
            {flagged ? 'Change' : 'Flag an opportunity'}
          </button>
        ) : undefined
      }
    >
      <p data-testid="expansion-state">{flagged && description ? description : 'No expansion opportunity flagged.'}</p>
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
