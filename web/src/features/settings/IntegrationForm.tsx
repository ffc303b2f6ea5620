import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Save } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { api } from '../../lib/api-client';
import type { IntegrationListView } from '../../../../src/server/routes/integrations.schema.ts';
import { KINDS, kindInfo, settingsFrom } from './integration-fields';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from './form-errors';

type Integration = IntegrationListView['items'][number];
const REDACTED = '[redacted]';

/** Connect a new integration, or edit one: its name, its settings (secrets write-only) and whether it is on. */
export function IntegrationForm({ editing, onDone }: { editing?: Integration; onDone: () => void }) {
  const client = useQueryClient();
  const [kind, setKind] = useState(editing?.kind ?? 'zendesk');
  const [name, setName] = useState(editing?.name ?? '');
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  // Plain settings are shown as stored; a secret reads "[redacted]" from the API and is never put back in a field.
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(editing?.settings ?? {}).flatMap(([k, v]) => (typeof v === 'string' && v !== REDACTED ? [[k, v]] : typeof v === 'number' ? [[k, String(v)]] : []))),
  );
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const info = kindInfo(kind) ?? KINDS[0]!;
  const save = useMutation({
    mutationFn: () => {
      const settings = settingsFrom(info, values, editing?.settings ?? null);
      return editing
        ? api('PATCH', `/api/integrations/${encodeURIComponent(editing.id)}`, { ...(name.trim() !== editing.name ? { name: name.trim() } : {}), enabled, ...(Object.keys(settings).length ? { settings } : {}) })
        : api('POST', '/api/integrations', { name: name.trim(), kind, enabled, settings });
    },
    onMutate: () => setProblem(null),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['settings'] });
      onDone();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const title = editing ? `Edit ${editing.name}` : 'Connect an integration';
  const fieldNames = ['name', 'kind', ...info.fields.map((f) => `settings.${f.key}`)];
  return (
    <form className="settings-form inline-form" onSubmit={submit} noValidate aria-labelledby="integration-form-h">
      <h2 id="integration-form-h">{title}</h2>
      <div className="field-grid">
        {!editing && (
          <>
            <label htmlFor="int-kind">Kind</label>
            <span>
              <select id="int-kind" value={kind} onChange={(e) => setKind(e.target.value)} {...invalidProps(problem, 'kind', 'int-kind')}>
                {KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label} ({k.what})
                  </option>
                ))}
              </select>
              <FieldError problem={problem} field="kind" id="int-kind" />
            </span>
          </>
        )}
        <label htmlFor="int-name">Name</label>
        <span>
          <input id="int-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={`e.g. ${info.kind}`} {...invalidProps(problem, 'name', 'int-name')} />
          <FieldError problem={problem} field="name" id="int-name" />
        </span>
        {info.fields.map((f) => {
          const id = `int-${f.key}`;
          const stored = editing?.settings[f.key] !== undefined;
          return (
            <FieldRow key={f.key} id={id} label={`${f.label}${f.required ? '' : ' (optional)'}`}>
              <input
                id={id}
                type={f.secret ? 'password' : f.type === 'email' ? 'email' : f.type === 'url' ? 'url' : 'text'}
                autoComplete={f.secret ? 'new-password' : 'off'}
                value={values[f.key] ?? ''}
                onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
                placeholder={f.secret && stored ? 'stored: leave blank to keep it' : f.hint}
                {...invalidProps(problem, `settings.${f.key}`, id)}
                aria-describedby={isFieldProblem(problem, f.key) ? `${id}-error` : f.secret && stored ? `${id}-kept` : undefined}
              />
              {f.secret && stored && (
                <small id={`${id}-kept`} className="muted">
                  {' '}
                  A value is stored; it is never shown.
                </small>
              )}
              <FieldError problem={problem} field={`settings.${f.key}`} id={id} />
            </FieldRow>
          );
        })}
        <span />
        <label className="check">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> On (syncs and receives)
        </label>
      </div>
      <FormError problem={problem} fields={fieldNames} />
      <div className="form-actions">
        <Button type="submit" variant="primary" icon={Save} disabled={save.isPending}>
          {editing ? `Save ${editing.name}` : 'Connect'}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

const isFieldProblem = (problem: FieldProblem | null, key: string) => problem?.field === `settings.${key}` || Boolean(problem?.field?.startsWith(`settings.${key}.`));

function FieldRow({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <span>{children}</span>
    </>
  );
}
