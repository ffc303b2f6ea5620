import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatDate, label } from '../../lib/format';
import { FREQUENCIES } from '../accounts/AccountCadence';
import type { CadenceSettingsView } from '../../../../src/server/routes/cadence.schema.ts';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from './form-errors';

type Policy = CadenceSettingsView['policy'];
// The form edits every rule the same way, so it holds them by name rather than one by one.
type Playbook = Record<string, { enabled: boolean } & Record<string, number | number[] | boolean>>;

const STAGES = ['adoption', 'steady', 'renewal', 'at_risk', 'churned'] as const;
const RULES: Record<string, string> = {
  send_agenda: 'Remind to send the agenda',
  cadence_overdue: 'Call overdue',
  touch_overdue: 'Touch overdue',
  renewal: 'Renewal coming up',
  licence_low: 'Licence use low',
  licence_high: 'Licence use high',
  security_alerts: 'Security alerts not opted in',
  no_findings: 'No product findings shared',
  health_traits: 'Review health traits',
  champion_left: 'Champion left',
  customer_items_overdue: "Customer's action items overdue",
  sales_context: 'Kickoff: get the sales context from the AE',
};

function useSection<T>(section: 'policy' | 'holidays' | 'playbook') {
  const client = useQueryClient();
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (value: T) => api<CadenceSettingsView>('PUT', '/api/settings/cadence', { [section]: value }),
    onMutate: () => {
      setProblem(null);
      setSaved(false);
    },
    onSuccess: (data) => {
      client.setQueryData(['settings', 'cadence'], data);
      void client.invalidateQueries({ queryKey: ['cadence'] });
      setSaved(true);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  return { save, problem, saved };
}

/** The team's cadence policy, its holidays and the playbook's rules, each saved on its own. */
export function CadenceSettings({ canEdit }: { canEdit: boolean }) {
  const settings = useQuery({ queryKey: ['settings', 'cadence'], queryFn: () => api<CadenceSettingsView>('GET', '/api/settings/cadence') });
  if (settings.isPending) return <Loading what="the cadence policy" />;
  if (settings.isError) return <ErrorState error={settings.error} />;
  return (
    <>
      <PolicyForm initial={settings.data.policy} canEdit={canEdit} />
      <HolidaysForm initial={settings.data.holidays} canEdit={canEdit} />
      <PlaybookForm initial={settings.data.playbook} canEdit={canEdit} />
    </>
  );
}

function Saved({ saved, what }: { saved: boolean; what: string }) {
  return saved ? (
    <span className="notice" role="status">
      {what} saved.
    </span>
  ) : null;
}

type Frequency = Policy['onboarding'];

/** The options are FREQUENCIES (and '' for "the segment's cadence"), so the value is always one of them. */
function FrequencySelect({ id, value, onChange, allowDefault, disabled, problem, field }: { id: string; value: string; onChange(v: Frequency): void; allowDefault?: boolean; disabled: boolean; problem: FieldProblem | null; field: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as Frequency)} disabled={disabled} {...invalidProps(problem, field, id)}>
      {allowDefault && <option value="">segment's cadence</option>}
      {FREQUENCIES.map((f) => (
        <option key={f} value={f}>
          {f === 'none' ? 'no calls (touches only)' : f}
        </option>
      ))}
    </select>
  );
}

function PolicyForm({ initial, canEdit }: { initial: Policy; canEdit: boolean }) {
  const [policy, setPolicy] = useState(initial);
  useEffect(() => setPolicy(initial), [initial]);
  const { save, problem, saved } = useSection<Policy>('policy');
  const set = (patch: Partial<Policy>) => setPolicy((p) => ({ ...p, ...patch }));
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  function submit(event: FormEvent) {
    event.preventDefault();
    const byStage = Object.fromEntries(Object.entries(policy.byStage).filter(([, v]) => v));
    save.mutate({ ...policy, byStage });
  }
  const fields = ['onboarding', 'bySegment', 'byStage', 'easeWhenHealthy', 'easeFloor', 'touchFloorDays', 'dueSoonDays'];
  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="policy-h">
      <h2 id="policy-h">Cadence policy</h2>
      <p className="hint">How often each account is owed a call. The handbooks: weekly while onboarding, enterprise monthly, commercial quarterly, and every customer contacted at least monthly.</p>
      <div className="field-grid">
        <label htmlFor="p-onboarding">While onboarding</label>
        <span>
          <FrequencySelect id="p-onboarding" value={policy.onboarding} onChange={(v) => set({ onboarding: v })} disabled={!canEdit} problem={problem} field="onboarding" />
          <FieldError problem={problem} field="onboarding" id="p-onboarding" />
        </span>
        {(['enterprise', 'commercial', 'scale'] as const).map((segment) => (
          <FieldRow key={segment} id={`p-seg-${segment}`} label={`${label(segment)} accounts`} problem={problem} field={`bySegment.${segment}`}>
            <FrequencySelect id={`p-seg-${segment}`} value={policy.bySegment[segment]} onChange={(v) => set({ bySegment: { ...policy.bySegment, [segment]: v } })} disabled={!canEdit} problem={problem} field={`bySegment.${segment}`} />
          </FieldRow>
        ))}
        {STAGES.map((stage) => (
          <FieldRow key={stage} id={`p-stage-${stage}`} label={`In stage ${label(stage)}`} problem={problem} field={`byStage.${stage}`}>
            <FrequencySelect
              id={`p-stage-${stage}`}
              allowDefault
              value={policy.byStage[stage] ?? ''}
              onChange={(v) => set({ byStage: { ...policy.byStage, [stage]: v || undefined } })}
              disabled={!canEdit}
              problem={problem}
              field={`byStage.${stage}`}
            />
          </FieldRow>
        ))}
        <label htmlFor="p-ease">Ease healthy accounts a step</label>
        <span>
          <input id="p-ease" type="checkbox" checked={policy.easeWhenHealthy} onChange={(e) => set({ easeWhenHealthy: e.target.checked })} disabled={!canEdit} />
        </span>
        <FieldRow id="p-floor" label="Never ease past" problem={problem} field="easeFloor">
          <select id="p-floor" value={policy.easeFloor} onChange={(e) => set({ easeFloor: e.target.value as Policy['easeFloor'] })} disabled={!canEdit} {...invalidProps(problem, 'easeFloor', 'p-floor')}>
            {['biweekly', 'monthly', 'quarterly'].map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </FieldRow>
        <FieldRow id="p-touch" label="Touch floor (days)" problem={problem} field="touchFloorDays">
          <input
            id="p-touch"
            type="number"
            inputMode="numeric"
            value={Number.isNaN(policy.touchFloorDays) ? '' : policy.touchFloorDays}
            onChange={(e) => set({ touchFloorDays: num(e.target.value) })}
            disabled={!canEdit}
            {...invalidProps(problem, 'touchFloorDays', 'p-touch')}
          />
        </FieldRow>
        <FieldRow id="p-soon" label="Due soon (days ahead)" problem={problem} field="dueSoonDays">
          <input
            id="p-soon"
            type="number"
            inputMode="numeric"
            value={Number.isNaN(policy.dueSoonDays) ? '' : policy.dueSoonDays}
            onChange={(e) => set({ dueSoonDays: num(e.target.value) })}
            disabled={!canEdit}
            {...invalidProps(problem, 'dueSoonDays', 'p-soon')}
          />
        </FieldRow>
      </div>
      <FormError problem={problem} fields={fields} />
      {canEdit && (
        <div className="buttons">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save policy
          </button>
          <Saved saved={saved} what="Policy" />
        </div>
      )}
    </form>
  );
}

function FieldRow({ id, label: text, problem, field, children }: { id: string; label: string; problem: FieldProblem | null; field: string; children: React.ReactNode }) {
  return (
    <>
      <label htmlFor={id}>{text}</label>
      <span>
        {children}
        <FieldError problem={problem} field={field} id={id} />
      </span>
    </>
  );
}

function HolidaysForm({ initial, canEdit }: { initial: string[]; canEdit: boolean }) {
  const [days, setDays] = useState(initial);
  const [next, setNext] = useState('');
  useEffect(() => setDays(initial), [initial]);
  const { save, problem, saved } = useSection<string[]>('holidays');
  return (
    <form
      className="settings-form"
      noValidate
      aria-labelledby="holidays-h"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(days);
      }}
    >
      <h2 id="holidays-h">Holidays</h2>
      <p className="hint">Days that are not business days besides weekends: due dates and follow-up deadlines skip them.</p>
      {days.length === 0 ? (
        <p className="empty">No holidays.</p>
      ) : (
        <ul className="chips">
          {days.map((d, i) => (
            <li key={`${d}-${i}`} className={problem?.field === String(i) ? 'invalid' : undefined}>
              {formatDate(d)}
              {canEdit && (
                <button type="button" className="link" onClick={() => setDays(days.filter((_, j) => j !== i))} aria-label={`Remove ${formatDate(d)}`}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canEdit && (
        <div className="form-row">
          <label>
            Add a day <input type="date" value={next} onChange={(e) => setNext(e.target.value)} />
          </label>
          <button
            type="button"
            onClick={() => {
              if (next && !days.includes(next)) setDays([...days, next].sort());
              setNext('');
            }}
          >
            Add
          </button>
          <button type="submit" className="primary" disabled={save.isPending}>
            Save holidays
          </button>
          <Saved saved={saved} what="Holidays" />
        </div>
      )}
      <FormError problem={problem} fields={[]} />
    </form>
  );
}

function PlaybookForm({ initial, canEdit }: { initial: Playbook; canEdit: boolean }) {
  const [rules, setRules] = useState(initial);
  // Lists (renewal reminders) are edited as "90, 60, 30".
  const [lists, setLists] = useState<Record<string, string>>({});
  useEffect(() => {
    setRules(initial);
    setLists({});
  }, [initial]);
  const { save, problem, saved } = useSection<Playbook>('playbook');
  const setParam = (rule: string, key: string, value: number | boolean) => setRules((r) => ({ ...r, [rule]: { ...r[rule]!, [key]: value } }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const out: Playbook = {};
    for (const [rule, params] of Object.entries(rules)) {
      out[rule] = { ...params };
      for (const [key, value] of Object.entries(params)) {
        const typed = lists[`${rule}.${key}`];
        if (Array.isArray(value) && typed !== undefined)
          out[rule]![key] = typed
            .split(/[,\s]+/)
            .filter(Boolean)
            .map(Number);
      }
    }
    save.mutate(out);
  }
  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-labelledby="playbook-h">
      <h2 id="playbook-h">Playbook rules</h2>
      <p className="hint">Each rule makes a task on My day when its moment comes.</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">On</th>
            <th scope="col">Settings</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(rules).map(([rule, params]) => (
            <tr key={rule}>
              <th scope="row">{RULES[rule] ?? label(rule)}</th>
              <td>
                <input type="checkbox" checked={params.enabled} onChange={(e) => setParam(rule, 'enabled', e.target.checked)} disabled={!canEdit} aria-label={`${RULES[rule] ?? label(rule)} on`} />
              </td>
              <td>
                {Object.entries(params)
                  .filter(([k]) => k !== 'enabled')
                  .map(([key, value]) => {
                    const id = `pb-${rule}-${key}`;
                    const field = `${rule}.${key}`;
                    return (
                      <span key={key} className="param">
                        <label htmlFor={id}>{label(key.replace(/([A-Z])/g, ' $1').toLowerCase())}</label>{' '}
                        {Array.isArray(value) ? (
                          <input id={id} size={12} value={lists[field] ?? value.join(', ')} onChange={(e) => setLists((l) => ({ ...l, [field]: e.target.value }))} disabled={!canEdit} {...invalidProps(problem, field, id)} />
                        ) : (
                          <input
                            id={id}
                            type="number"
                            className="short"
                            value={Number.isNaN(value as number) ? '' : String(value)}
                            onChange={(e) => setParam(rule, key, e.target.value === '' ? Number.NaN : Number(e.target.value))}
                            disabled={!canEdit}
                            {...invalidProps(problem, field, id)}
                          />
                        )}
                        <FieldError problem={problem} field={field} id={id} />
                      </span>
                    );
                  })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError problem={problem} fields={Object.keys(rules)} />
      {canEdit && (
        <div className="buttons">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save playbook rules
          </button>
          <Saved saved={saved} what="Playbook rules" />
        </div>
      )}
    </form>
  );
}
