import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../app/states';
import { api, type User } from '../../lib/api-client';
import { formatArr, formatInstant, label } from '../../lib/format';
import { RiskTypeOptions, SeverityOptions } from '../../lib/risk-options';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import type { Risk } from '../../../../src/server/routes/risks.schema.ts';
import './csm-forms.css';

const FIELDS = ['type', 'severity', 'arrAtRisk', 'evidence', 'ownerId', 'status'];

/** One risk: everything the register knows of it, and (for those who may) its edit. Read fresh from the API. */
export function RiskDetail({ riskId, canEdit, users, onClose }: { riskId: string; canEdit: boolean; users: User[]; onClose(): void }) {
  const risk = useQuery({ queryKey: ['risk', riskId], queryFn: () => api<Risk>('GET', `/api/risks/${riskId}`), staleTime: 0 });
  const [editing, setEditing] = useState(false);
  if (risk.isPending) return <Loading what="the risk" />;
  if (risk.isError) return <ErrorState error={risk.error} />;
  const r = risk.data;
  const name = (id: string | null) => (id ? (users.find((u) => u.id === id)?.name ?? 'someone') : 'nobody yet');
  return (
    <div className="risk-detail" role="region" aria-label={`Risk: ${label(r.type)}`}>
      {editing ? (
        <EditRisk risk={r} users={users} onDone={() => setEditing(false)} />
      ) : (
        <>
          <dl className="facts">
            <dt>Type</dt>
            <dd>{label(r.type)}</dd>
            <dt>Severity</dt>
            <dd>
              <span className={`badge sev-${r.severity}`}>{r.severity}</span>
            </dd>
            <dt>Status</dt>
            <dd>{r.status}</dd>
            <dt>ARR at risk</dt>
            <dd>{formatArr(r.arrAtRisk)}</dd>
            <dt>Owner</dt>
            <dd>{name(r.ownerId)}</dd>
            <dt>Evidence</dt>
            <dd>{r.evidence}</dd>
            {r.meetingId && (
              <>
                <dt>Raised in</dt>
                <dd>
                  <Link to={`/meetings/${r.meetingId}`}>the call it came from</Link>
                </dd>
              </>
            )}
            <dt>Raised</dt>
            <dd>{formatInstant(r.createdAt)}</dd>
            <dt>Last changed</dt>
            <dd>{formatInstant(r.updatedAt)}</dd>
            {r.closedAt && (
              <>
                <dt>Closed</dt>
                <dd>
                  {formatInstant(r.closedAt)}: {r.resolution}
                </dd>
              </>
            )}
          </dl>
          <div className="buttons">
            {canEdit && r.status !== 'closed' && (
              <button type="button" className="primary" onClick={() => setEditing(true)}>
                Edit risk
              </button>
            )}
            <button type="button" onClick={onClose}>
              Close details
            </button>
          </div>
        </>
      )}
    </div>
  );
}

function EditRisk({ risk, users, onDone }: { risk: Risk; users: User[]; onDone(): void }) {
  const client = useQueryClient();
  const [type, setType] = useState<string>(risk.type);
  const [severity, setSeverity] = useState<string>(risk.severity);
  const [arr, setArr] = useState(risk.arrAtRisk === null ? '' : String(risk.arrAtRisk));
  const [evidence, setEvidence] = useState(risk.evidence);
  const [ownerId, setOwnerId] = useState(risk.ownerId ?? '');
  const [status, setStatus] = useState<string>(risk.status);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const save = useMutation({
    mutationFn: () =>
      api<Risk>('PATCH', `/api/risks/${risk.id}`, {
        type,
        severity,
        arrAtRisk: arr.trim() === '' ? null : Number(arr.replace(/[, _]/g, '')),
        evidence: evidence.trim(),
        ownerId: ownerId || null,
        status,
      }),
    onSuccess: (saved) => {
      client.setQueryData(['risk', risk.id], saved);
      void client.invalidateQueries({ queryKey: ['risks', risk.accountId] });
      void client.invalidateQueries({ queryKey: ['risk-register'] });
      void client.invalidateQueries({ queryKey: ['timeline', risk.accountId] });
      onDone();
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!evidence.trim()) return setProblem({ field: 'evidence', message: 'Say what you saw or heard: the evidence.' });
    save.mutate();
  }
  const id = (f: string) => `risk-${risk.id}-${f}`;
  return (
    <form className="settings-form" onSubmit={submit} noValidate aria-label={`Edit risk: ${label(risk.type)}`}>
      <div className="field-grid">
        <label htmlFor={id('type')}>Type</label>
        <span>
          <select id={id('type')} value={type} onChange={(e) => setType(e.target.value)} {...invalidProps(problem, 'type', id('type'))}>
            <RiskTypeOptions />
          </select>
          <FieldError problem={problem} field="type" id={id('type')} />
        </span>
        <label htmlFor={id('severity')}>Severity</label>
        <span>
          <select id={id('severity')} value={severity} onChange={(e) => setSeverity(e.target.value)} {...invalidProps(problem, 'severity', id('severity'))}>
            <SeverityOptions />
          </select>
          <FieldError problem={problem} field="severity" id={id('severity')} />
        </span>
        <label htmlFor={id('status')}>Status</label>
        <span>
          <select id={id('status')} value={status} onChange={(e) => setStatus(e.target.value)} {...invalidProps(problem, 'status', id('status'))}>
            <option value="open">open</option>
            <option value="mitigating">mitigating</option>
          </select>
          <small className="muted">closing asks for the resolution: use Close…</small>
          <FieldError problem={problem} field="status" id={id('status')} />
        </span>
        <label htmlFor={id('arr')}>ARR at risk</label>
        <span>
          <input id={id('arr')} inputMode="decimal" size={10} value={arr} onChange={(e) => setArr(e.target.value)} {...invalidProps(problem, 'arrAtRisk', id('arr'))} />
          <FieldError problem={problem} field="arrAtRisk" id={id('arr')} />
        </span>
        <label htmlFor={id('owner')}>Owner</label>
        <span>
          <select id={id('owner')} value={ownerId} onChange={(e) => setOwnerId(e.target.value)} {...invalidProps(problem, 'ownerId', id('owner'))}>
            <option value="">Nobody yet</option>
            {users
              .filter((u) => u.active || u.id === risk.ownerId)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
          <FieldError problem={problem} field="ownerId" id={id('owner')} />
        </span>
        <label htmlFor={id('evidence')}>Evidence</label>
        <span>
          <textarea id={id('evidence')} rows={3} cols={50} value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={4000} {...invalidProps(problem, 'evidence', id('evidence'))} />
          <FieldError problem={problem} field="evidence" id={id('evidence')} />
        </span>
      </div>
      <FormError problem={problem} fields={FIELDS} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save risk'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
