import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api-client';
import { getDisplayZone, wallClockIn, zonedToUtc } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import type { AccountHealthView } from '../../../../src/server/routes/health.schema.ts';
import './csm-forms.css';

const FIELDS = ['colour', 'score', 'reason', 'expiresAt'];

/**
 * Sets the health colour by hand, with the reason and until when (the CSM knows something the score
 * cannot see: an exec sponsor who left). The score stays computed unless one is given.
 */
export function HealthOverrideForm({ accountId, onDone, onCancel }: { accountId: string; onDone(): void; onCancel(): void }) {
  const client = useQueryClient();
  const zone = getDisplayZone();
  const [colour, setColour] = useState('yellow');
  const [score, setScore] = useState('');
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(() => wallClockIn(zone, new Date(Date.now() + 30 * 86_400_000)).date);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api<AccountHealthView>('POST', `/api/accounts/${accountId}/health/override`, {
        colour,
        ...(score.trim() === '' ? {} : { score: Number(score) }),
        reason: reason.trim(),
        expiresAt: zonedToUtc(until, '23:59', zone),
      }),
    onSuccess: (h) => {
      client.setQueryData(['health', accountId], h);
      void client.invalidateQueries({ queryKey: ['account', accountId] });
      void client.invalidateQueries({ queryKey: ['accounts'] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
      onDone();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!reason.trim()) return setProblem({ field: 'reason', message: 'An override needs a reason: what do you know that the score does not?' });
    if (!until) return setProblem({ field: 'expiresAt', message: 'Say until when the override holds.' });
    save.mutate();
  }
  return (
    <form className="settings-form override-form" onSubmit={submit} noValidate aria-label="Override the health">
      <div className="field-grid">
        <label htmlFor="ho-colour">Colour</label>
        <span>
          <select id="ho-colour" value={colour} onChange={(e) => setColour(e.target.value)} {...invalidProps(problem, 'colour', 'ho-colour')}>
            <option value="green">green</option>
            <option value="yellow">yellow</option>
            <option value="red">red</option>
          </select>
          <FieldError problem={problem} field="colour" id="ho-colour" />
        </span>
        <label htmlFor="ho-score">Score (optional)</label>
        <span>
          <input id="ho-score" inputMode="decimal" size={5} value={score} onChange={(e) => setScore(e.target.value)} {...invalidProps(problem, 'score', 'ho-score')} />
          <small className="muted">empty: keep the computed score</small>
          <FieldError problem={problem} field="score" id="ho-score" />
        </span>
        <label htmlFor="ho-reason">Reason</label>
        <span>
          <input id="ho-reason" className="grow" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} autoFocus {...invalidProps(problem, 'reason', 'ho-reason')} />
          <FieldError problem={problem} field="reason" id="ho-reason" />
        </span>
        <label htmlFor="ho-until">Until</label>
        <span>
          <input id="ho-until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} {...invalidProps(problem, 'expiresAt', 'ho-until')} />
          <small className="muted">the end of that day; then the computed health shows again</small>
          <FieldError problem={problem} field="expiresAt" id="ho-until" />
        </span>
      </div>
      <FormError problem={problem} fields={FIELDS} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Override health'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Ends the override now: the computed health shows again. */
export function useClearOverride(accountId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<AccountHealthView>('DELETE', `/api/accounts/${accountId}/health/override`),
    onSuccess: (h) => {
      client.setQueryData(['health', accountId], h);
      void client.invalidateQueries({ queryKey: ['account', accountId] });
      void client.invalidateQueries({ queryKey: ['accounts'] });
      void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    },
  });
}
