import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { api, ApiError } from '../../lib/api-client';

import type { z } from 'zod';
import type { UseCaseTemplatesSchema } from '../../../../src/server/routes/use-cases.schema.ts';

type Templates = z.output<typeof UseCaseTemplatesSchema>;
interface Row {
  id?: string;
  product: string;
  name: string;
  customerWording: string;
  enablementOffer: string;
  findingMatch: string;
}

const FIELDS: { key: keyof Omit<Row, 'id'>; label: string }[] = [
  { key: 'product', label: 'Product' },
  { key: 'name', label: 'Use case' },
  { key: 'customerWording', label: "In the customer's words" },
  { key: 'enablementOffer', label: 'Enablement we offer' },
  { key: 'findingMatch', label: 'Findings whose title contains (optional)' },
];

/** Settings → Use cases: the list per product the account page scores and the agenda suggests from. */
export function UseCaseSettings() {
  const client = useQueryClient();
  const saved = useQuery({ queryKey: ['settings', 'use-cases'], queryFn: () => api<Templates>('GET', '/api/settings/use-cases') });
  const [rows, setRows] = useState<Row[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    if (saved.data) setRows(saved.data.templates.map((t) => ({ id: t.id, product: t.product, name: t.name, customerWording: t.customerWording, enablementOffer: t.enablementOffer, findingMatch: t.findingMatch ?? '' })));
  }, [saved.data]);
  const save = useMutation({
    mutationFn: () =>
      api<Templates>('PUT', '/api/settings/use-cases', {
        templates: rows.map((r) => ({ ...(r.id ? { id: r.id } : {}), product: r.product, name: r.name, customerWording: r.customerWording, enablementOffer: r.enablementOffer, findingMatch: r.findingMatch.trim() || null })),
      }),
    onSuccess: () => {
      setStatus('Use cases saved');
      void client.invalidateQueries({ queryKey: ['settings', 'use-cases'] });
    },
  });
  const problem = save.error instanceof ApiError ? save.error : null;
  const change = (i: number, key: keyof Omit<Row, 'id'>, value: string) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [key]: value } : r)));
  function submit(event: FormEvent) {
    event.preventDefault();
    setStatus(null);
    save.mutate();
  }
  if (saved.isPending) return <Loading what="use cases" />;
  if (saved.isError) return <ErrorState error={saved.error} />;
  return (
    <form onSubmit={submit} className="use-case-settings" aria-labelledby="use-case-settings-h">
      <h2 id="use-case-settings-h">Use cases</h2>
      <p className="hint">Each account scores these red, yellow or green; the agenda suggests up to two that are not green, in the customer&apos;s words with the offer.</p>
      {rows.map((r, i) => (
        <fieldset key={r.id ?? `new-${i}`}>
          <legend>{r.name || `Use case ${i + 1}`}</legend>
          {FIELDS.map((f) => {
            const id = `use-case-${i}-${f.key}`;
            const invalid = problem?.field === `templates.${i}.${f.key}`;
            return (
              <p key={f.key}>
                <label htmlFor={id}>{f.label}</label>
                <input id={id} value={r[f.key]} aria-invalid={invalid || undefined} onChange={(e) => change(i, f.key, e.currentTarget.value)} />
              </p>
            );
          })}
          <button type="button" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} aria-label={`Remove ${r.name || `use case ${i + 1}`}`}>
            Remove
          </button>
        </fieldset>
      ))}
      <p>
        <button type="button" onClick={() => setRows((rs) => [...rs, { product: rs.at(-1)?.product ?? '', name: '', customerWording: '', enablementOffer: '', findingMatch: '' }])}>
          Add a use case
        </button>{' '}
        <button type="submit" disabled={save.isPending}>
          Save use cases
        </button>
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem.field ? `${problem.field}: ` : ''}
          {problem.message}
        </p>
      )}
      {status && <p role="status">{status}</p>}
    </form>
  );
}
