import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Save, X } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { label } from '../../lib/format';
import { ACCOUNT_TARGETS, IGNORE, TAG } from '../../../../src/domain/import/fields.ts';
import { DEFAULT_CONFLICT_RULES, PULLED_FIELDS, type PulledField } from '../../../../src/domain/import/crm-mapping.ts';
import { DEPLOYMENTS, SEGMENTS, STAGES } from '../../../../src/domain/model.ts';
import type { z } from 'zod';
import type { CrmMappingViewSchema } from '../../../../src/server/routes/crm-pull.schema.ts';
import type { IntegrationListView } from '../../../../src/server/routes/integrations.schema.ts';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from './form-errors';

type Integration = IntegrationListView['items'][number];
type CrmMappingView = z.output<typeof CrmMappingViewSchema>;
type Mapping = CrmMappingView['mapping'];
type ValueTarget = 'segment' | 'stage' | 'deployment';
const VALUE_TARGETS: { key: ValueTarget; label: string; values: readonly string[] }[] = [
  { key: 'segment', label: 'Segment', values: SEGMENTS },
  { key: 'stage', label: 'Stage', values: STAGES },
  { key: 'deployment', label: 'Deployment', values: DEPLOYMENTS },
];
const TARGETS = [...Object.entries(ACCOUNT_TARGETS).map(([key, t]) => ({ key, label: t.label })), { key: TAG, label: 'A tag (field:value)' }, { key: IGNORE, label: 'Ignore it' }];

interface Row {
  crm: string;
  target: string;
}
interface ValueRow {
  target: ValueTarget;
  raw: string;
  value: string;
}

/**
 * How a CRM connection's records become accounts: each CRM field → a Cadence field, the CRM's
 * values → Cadence's (its "Customer - Direct" is our adoption), and, per field changed on both
 * sides since the last pull, which side wins. Saved whole, as the API takes it.
 */
export function CrmMappingEditor({ integration, onDone }: { integration: Integration; onDone: () => void }) {
  const view = useQuery({ queryKey: ['settings', 'crm-mapping', integration.id], queryFn: () => api<CrmMappingView>('GET', `/api/integrations/${encodeURIComponent(integration.id)}/crm-mapping`) });
  if (view.isPending) return <Loading what={`${integration.name}'s mapping`} />;
  if (view.isError) return <ErrorState error={view.error} />;
  return <MappingForm integration={integration} view={view.data} onDone={onDone} />;
}

function MappingForm({ integration, view, onDone }: { integration: Integration; view: CrmMappingView; onDone: () => void }) {
  const client = useQueryClient();
  const m = view.mapping;
  const [rows, setRows] = useState<Row[]>(() => Object.entries(view.effectiveFields).map(([crm, target]) => ({ crm, target })));
  const [valueRows, setValueRows] = useState<ValueRow[]>(() => VALUE_TARGETS.flatMap((t) => Object.entries(m.values[t.key] ?? {}).map(([raw, value]) => ({ target: t.key, raw, value: String(value) }))));
  const [conflicts, setConflicts] = useState<Partial<Record<PulledField, string>>>(() => ({ ...m.conflicts }));
  const [scheduled, setScheduled] = useState(m.scheduled);
  const [every, setEvery] = useState(String(m.everyMinutes));
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => {
      const values: Record<string, Record<string, string>> = { ...(m.values as Record<string, Record<string, string>>) };
      for (const t of VALUE_TARGETS) delete values[t.key];
      for (const r of valueRows) if (r.raw.trim()) values[r.target] = { ...values[r.target], [r.raw.trim()]: r.value };
      const body: Mapping = {
        ...m,
        fields: Object.fromEntries(rows.filter((r) => r.crm.trim()).map((r) => [r.crm.trim(), r.target])),
        values: values as Mapping['values'],
        conflicts: conflicts as Mapping['conflicts'],
        scheduled,
        everyMinutes: Number(every),
      };
      return api<CrmMappingView>('PUT', `/api/integrations/${encodeURIComponent(integration.id)}/crm-mapping`, body);
    },
    onMutate: () => {
      setProblem(null);
      setSaved(null);
    },
    onSuccess: (v) => {
      client.setQueryData(['settings', 'crm-mapping', integration.id], v);
      void client.invalidateQueries({ queryKey: ['settings', 'crm-pull'] });
      setSaved(`${integration.name}'s mapping saved${v.mapping.scheduled ? `: pulled every ${v.mapping.everyMinutes} minutes` : ''}.`);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const setRow = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setValueRow = (i: number, patch: Partial<ValueRow>) => setValueRows(valueRows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="crm-map-h">
      <h2 id="crm-map-h">{integration.name}: CRM fields → Cadence</h2>
      <p className="hint">{view.saved ? 'The saved mapping, over the vendor’s standard fields.' : 'Nothing saved yet: these are the vendor’s standard fields. Saving turns on the scheduled pull.'}</p>
      <table className="data crm-map">
        <caption className="visually-hidden">Fields</caption>
        <thead>
          <tr>
            <th scope="col">CRM field</th>
            <th scope="col">Cadence field</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              <td>
                <input value={r.crm} onChange={(e) => setRow(i, { crm: e.target.value })} aria-label={`CRM field ${i + 1}`} {...invalidProps(problem, `fields.${r.crm}`, `crm-f-${i}`)} />
                <FieldError problem={problem} field={`fields.${r.crm}`} id={`crm-f-${i}`} />
              </td>
              <td>
                <select value={r.target} onChange={(e) => setRow(i, { target: e.target.value })} aria-label={`Cadence field for ${r.crm || `CRM field ${i + 1}`}`}>
                  {TARGETS.map((t) => (
                    <option key={t.key} value={t.key}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <Button size="sm" variant="ghost" icon={X} onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`Remove ${r.crm || `CRM field ${i + 1}`}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button size="sm" icon={Plus} onClick={() => setRows([...rows, { crm: '', target: IGNORE }])}>
        Add a CRM field
      </Button>

      <h3>CRM values → Cadence values</h3>
      {valueRows.length === 0 && <p className="hint">None: the usual words are recognised (e.g. &quot;Enterprise&quot;, &quot;Onboarding&quot;). Add one for the CRM&apos;s own words.</p>}
      <ul className="value-maps">
        {valueRows.map((r, i) => {
          const target = VALUE_TARGETS.find((t) => t.key === r.target)!;
          return (
            <li key={i}>
              <select value={r.target} onChange={(e) => setValueRow(i, { target: e.target.value as ValueTarget, value: VALUE_TARGETS.find((t) => t.key === e.target.value)!.values[0]! })} aria-label={`Field of value map ${i + 1}`}>
                {VALUE_TARGETS.map((t) => (
                  <option key={t.key} value={t.key}>
                    {t.label}
                  </option>
                ))}
              </select>{' '}
              <input value={r.raw} onChange={(e) => setValueRow(i, { raw: e.target.value })} aria-label={`CRM value ${i + 1}`} placeholder="the CRM's value" {...invalidProps(problem, `values.${r.target}`, `crm-v-${i}`)} /> →{' '}
              <select value={r.value} onChange={(e) => setValueRow(i, { value: e.target.value })} aria-label={`Cadence ${target.label.toLowerCase()} for ${r.raw || `value ${i + 1}`}`}>
                {target.values.map((v) => (
                  <option key={v} value={v}>
                    {label(v)}
                  </option>
                ))}
              </select>{' '}
              <Button size="sm" variant="ghost" icon={X} onClick={() => setValueRows(valueRows.filter((_, j) => j !== i))} aria-label={`Remove value map ${i + 1}`} />
              <FieldError problem={problem} field={`values.${r.target}`} id={`crm-v-${i}`} />
            </li>
          );
        })}
      </ul>
      <Button size="sm" icon={Plus} onClick={() => setValueRows([...valueRows, { target: 'stage', raw: '', value: 'adoption' }])}>
        Add a value map
      </Button>

      <h3>When a field changed in both places</h3>
      <p className="hint">Since the last pull, someone edited it here and someone in the CRM: which one stays.</p>
      <div className="field-grid">
        {(Object.keys(PULLED_FIELDS) as PulledField[]).map((f) => (
          <ConflictRow key={f} field={f} value={conflicts[f]} onChange={(v) => setConflicts({ ...conflicts, [f]: v })} />
        ))}
      </div>

      <h3>Schedule</h3>
      <div className="field-grid">
        <span />
        <label className="check">
          <input type="checkbox" checked={scheduled} onChange={(e) => setScheduled(e.target.checked)} /> Pull on a schedule
        </label>
        <label htmlFor="crm-every">Every (minutes)</label>
        <span>
          <input id="crm-every" type="number" min={5} max={10080} value={every} onChange={(e) => setEvery(e.target.value)} disabled={!scheduled} {...invalidProps(problem, 'everyMinutes', 'crm-every')} />
          <FieldError problem={problem} field="everyMinutes" id="crm-every" />
        </span>
      </div>
      <FormError problem={problem} fields={['everyMinutes', ...rows.map((r) => `fields.${r.crm}`), ...valueRows.map((r) => `values.${r.target}`)]} />
      <div className="form-actions">
        <Button type="submit" variant="primary" icon={Save} disabled={save.isPending}>
          Save the mapping
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Close
        </Button>
        {saved && (
          <span className="notice" role="status">
            {saved}
          </span>
        )}
      </div>
    </form>
  );
}

function ConflictRow({ field, value, onChange }: { field: PulledField; value: string | undefined; onChange: (v: string) => void }) {
  const id = `crm-conflict-${field}`;
  const usual = DEFAULT_CONFLICT_RULES[field];
  const words = (rule: string) => (rule === 'crm_wins' ? 'the CRM wins' : 'Cadence wins');
  return (
    <>
      <label htmlFor={id}>{PULLED_FIELDS[field]}</label>
      <select id={id} value={value ?? usual} onChange={(e) => onChange(e.target.value)}>
        <option value="crm_wins">{words('crm_wins')}</option>
        <option value="cadence_wins">{words('cadence_wins')}</option>
      </select>
    </>
  );
}
