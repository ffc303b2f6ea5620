import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Save } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from './form-errors';
import './admin-settings.css';

const MONTHS = Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, i, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' }));

/** The month the fiscal year starts in: the forecast's quarters follow it. Admins set it; managers see it. */
export function FiscalYearSettings({ canEdit }: { canEdit: boolean }) {
  const client = useQueryClient();
  const fy = useQuery({ queryKey: ['settings', 'fiscal-year'], queryFn: () => api<{ startMonth: number }>('GET', '/api/settings/fiscal-year') });
  const [month, setMonth] = useState<number | null>(null);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (startMonth: number) => api<{ startMonth: number }>('PUT', '/api/settings/fiscal-year', { startMonth }),
    onMutate: () => {
      setProblem(null);
      setSaved(null);
    },
    onSuccess: (r) => {
      client.setQueryData(['settings', 'fiscal-year'], r);
      void client.invalidateQueries({ queryKey: ['forecast'] });
      setSaved(`The fiscal year starts in ${MONTHS[r.startMonth - 1]}; the forecast's quarters follow it.`);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  if (fy.isPending) return <Loading what="the fiscal year" />;
  if (fy.isError) return <ErrorState error={fy.error} />;
  const shown = month ?? fy.data.startMonth;
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(shown);
  }
  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="fy-h">
      <h2 id="fy-h">Fiscal year</h2>
      <div className="field-grid">
        <label htmlFor="fy-start">Starts in</label>
        <span>
          <select id="fy-start" value={shown} disabled={!canEdit} onChange={(e) => setMonth(Number(e.target.value))} {...invalidProps(problem, 'startMonth', 'fy-start')}>
            {MONTHS.map((m, i) => (
              <option key={m} value={i + 1}>
                {m}
              </option>
            ))}
          </select>
          <FieldError problem={problem} field="startMonth" id="fy-start" />
        </span>
      </div>
      <FormError problem={problem} fields={['startMonth']} />
      {canEdit ? (
        <div className="form-actions">
          <Button type="submit" variant="primary" icon={Save} disabled={save.isPending}>
            Save the fiscal year
          </Button>
          {saved && (
            <span className="notice" role="status">
              {saved}
            </span>
          )}
        </div>
      ) : (
        <p className="hint">Admins change the fiscal year.</p>
      )}
    </form>
  );
}
