import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus, Trash2 } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { Button } from '../../components/Button';
import { api, type Account, type User } from '../../lib/api-client';
import { label } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import { DEPLOYMENTS, SEGMENTS, STAGES, TEAM_ROLES } from '../../../../src/domain/model.ts';
import './csm-forms.css';

const FIELDS = ['name', 'segment', 'stage', 'deployment', 'productVersion', 'arr', 'renewalDate', 'contractStartDate', 'licencesBought', 'licencesUsed', 'ownerId', 'timezone', 'securityAlertsOptIn', 'externalId', 'crmId', 'tags', 'team'];

/** The zones a browser knows, for the time-zone field's suggestions. */
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

interface Draft {
  name: string;
  segment: string;
  stage: string;
  deployment: string;
  productVersion: string;
  arr: string;
  renewalDate: string;
  contractStartDate: string;
  licencesBought: string;
  licencesUsed: string;
  ownerId: string;
  timezone: string;
  securityAlertsOptIn: boolean;
  externalId: string;
  crmId: string;
  tags: string;
  team: { userId: string; role: string }[];
}

/** A number field: empty is "not known" (null), anything else must read as a number (the server says what is wrong). */
const amount = (v: string) => (v.trim() === '' ? null : Number(v.replace(/[, _]/g, '')));
const text = (v: string) => (v.trim() === '' ? undefined : v.trim());

/** The book's "New account": every field the API takes, each error shown beside its field; the account opens once made. */
export function NewAccount({ users, onClose }: { users: User[]; onClose(): void }) {
  const { user } = useSession();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [d, setD] = useState<Draft>({
    name: '',
    segment: 'commercial',
    stage: 'onboarding',
    deployment: 'saas',
    productVersion: '',
    arr: '',
    renewalDate: '',
    contractStartDate: '',
    licencesBought: '',
    licencesUsed: '',
    ownerId: user.role === 'csm' ? user.id : '',
    timezone: user.timezone,
    securityAlertsOptIn: false,
    externalId: '',
    crmId: '',
    tags: '',
    team: [],
  });
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const set = (patch: Partial<Draft>) => setD((old) => ({ ...old, ...patch }));
  const create = useMutation({
    mutationFn: () =>
      api<Account>('POST', '/api/accounts', {
        name: d.name.trim(),
        segment: d.segment,
        stage: d.stage,
        deployment: d.deployment,
        productVersion: text(d.productVersion),
        arr: amount(d.arr),
        renewalDate: d.renewalDate || null,
        contractStartDate: d.contractStartDate || null,
        licencesBought: amount(d.licencesBought),
        licencesUsed: amount(d.licencesUsed),
        ownerId: d.ownerId || null,
        timezone: d.timezone.trim() || undefined,
        securityAlertsOptIn: d.securityAlertsOptIn,
        externalId: text(d.externalId),
        crmId: text(d.crmId),
        tags: d.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
        team: d.team.filter((m) => m.userId),
      }),
    onSuccess: (a) => {
      client.setQueryData(['account', a.id], a);
      void client.invalidateQueries({ queryKey: ['accounts'] });
      void navigate(`/accounts/${a.id}`);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!d.name.trim()) return setProblem({ field: 'name', message: 'Name the account.' });
    create.mutate();
  }
  const people = users.filter((u) => u.active);
  const field = (id: string, name: string, title: string, input: React.ReactNode, hint?: string) => (
    <>
      <label htmlFor={id}>{title}</label>
      <span>
        {input}
        {hint && <small className="muted">{hint}</small>}
        <FieldError problem={problem} field={name} id={id} />
      </span>
    </>
  );
  const textInput = (key: keyof Draft, id: string, title: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) =>
    field(id, key, title, <input id={id} value={d[key] as string} onChange={(e) => set({ [key]: e.target.value } as Partial<Draft>)} {...invalidProps(problem, key, id)} {...props} />, hint);
  return (
    <form className="settings-form new-account" onSubmit={submit} noValidate aria-labelledby="new-account-h">
      <h2 id="new-account-h">New account</h2>
      <div className="field-grid">
        {textInput('name', 'na-name', 'Name', { maxLength: 200, autoFocus: true, required: true })}
        {field(
          'na-segment',
          'segment',
          'Segment',
          <select id="na-segment" value={d.segment} onChange={(e) => set({ segment: e.target.value })} {...invalidProps(problem, 'segment', 'na-segment')}>
            {SEGMENTS.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'na-stage',
          'stage',
          'Lifecycle stage',
          <select id="na-stage" value={d.stage} onChange={(e) => set({ stage: e.target.value })} {...invalidProps(problem, 'stage', 'na-stage')}>
            {STAGES.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'na-deployment',
          'deployment',
          'Deployment',
          <select id="na-deployment" value={d.deployment} onChange={(e) => set({ deployment: e.target.value })} {...invalidProps(problem, 'deployment', 'na-deployment')}>
            {DEPLOYMENTS.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>,
        )}
        {textInput('productVersion', 'na-version', 'Product version', { maxLength: 50, placeholder: 'e.g. 17.4 (self-managed)' })}
        {textInput('arr', 'na-arr', 'ARR', { inputMode: 'decimal', size: 12 }, 'yearly, in USD')}
        {textInput('renewalDate', 'na-renewal', 'Renewal date', { type: 'date' })}
        {textInput('contractStartDate', 'na-start', 'Contract start', { type: 'date' })}
        {textInput('licencesBought', 'na-bought', 'Licences bought', { inputMode: 'numeric', size: 8 })}
        {textInput('licencesUsed', 'na-used', 'Licences in use', { inputMode: 'numeric', size: 8 })}
        {field(
          'na-owner',
          'ownerId',
          'Owner (CSM)',
          <select id="na-owner" value={d.ownerId} onChange={(e) => set({ ownerId: e.target.value })} {...invalidProps(problem, 'ownerId', 'na-owner')}>
            <option value="">No owner yet</option>
            {people.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.role})
              </option>
            ))}
          </select>,
        )}
        {textInput('timezone', 'na-zone', "Customer's time zone", { list: 'na-zones', placeholder: 'Europe/Berlin' }, 'their calls are checked against its working hours')}
        {field(
          'na-alerts',
          'securityAlertsOptIn',
          'Security alerts',
          <label className="inline-check">
            <input id="na-alerts" type="checkbox" checked={d.securityAlertsOptIn} onChange={(e) => set({ securityAlertsOptIn: e.target.checked })} /> opted in to security alerts
          </label>,
        )}
        {textInput('externalId', 'na-external', 'External id', { maxLength: 100 }, 'empty: Cadence uses its own id')}
        {textInput('crmId', 'na-crm', 'CRM id', { maxLength: 100 })}
        {textInput('tags', 'na-tags', 'Tags', { placeholder: 'emea, strategic' }, 'separated by commas')}
        <span className="field-label" id="na-team-label">
          Account team
        </span>
        <span className="team-picker" role="group" aria-labelledby="na-team-label">
          {d.team.map((m, i) => (
            <span key={i} className="form-row">
              <select aria-label={`Team member ${i + 1}`} value={m.userId} onChange={(e) => set({ team: d.team.map((x, j) => (j === i ? { ...x, userId: e.target.value } : x)) })} {...invalidProps(problem, `team.${i}`, `na-team-${i}`)}>
                <option value="">Choose a colleague</option>
                {people.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
              <select aria-label={`Role of team member ${i + 1}`} value={m.role} onChange={(e) => set({ team: d.team.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)) })}>
                {TEAM_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r.toUpperCase()}
                  </option>
                ))}
              </select>
              <Button size="sm" variant="ghost" icon={Trash2} onClick={() => set({ team: d.team.filter((_, j) => j !== i) })} aria-label={`Remove team member ${i + 1}`} />
              <FieldError problem={problem} field={`team.${i}`} id={`na-team-${i}`} />
            </span>
          ))}
          <Button size="sm" icon={Plus} onClick={() => set({ team: [...d.team, { userId: '', role: 'ae' }] })}>
            Add a team member
          </Button>
        </span>
      </div>
      <datalist id="na-zones">
        {ZONES.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <FormError problem={problem} fields={FIELDS} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create account'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
