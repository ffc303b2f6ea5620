import type { Risk, RiskRegisterView } from '../../../../src/server/routes/risks.schema.ts';
import { RiskTypeOptions, SeverityOptions } from '../../lib/risk-options';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError } from '../../lib/api-client';
import { formatArr, formatDay, label } from '../../lib/format';
import { RiskDetail } from './RiskDetail';
import { useUsers } from './use-users';

const errorOf = (e: unknown) => (e instanceof ApiError ? { message: e.message, field: e.field } : { message: 'Cadence could not be reached' });

/** The account's risks: open ones first, to raise, mitigate or close with what resolved them. */
export function AccountRisks({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const [showClosed, setShowClosed] = useState(false);
  const status = showClosed ? 'closed' : 'open,mitigating';
  const risks = useQuery({ queryKey: ['risks', accountId, status], queryFn: () => api<RiskRegisterView>('GET', `/api/risks?accountId=${accountId}&status=${status}`) });
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<string | null>(null);
  // ?risk=<id> opens that risk's details, so a risk has an address (from the register, a mail, a colleague).
  const [search, setSearch] = useSearchParams();
  const open = search.get('risk');
  const users = useUsers();
  const showRisk = (riskId: string | null) => {
    const next = new URLSearchParams(search);
    if (riskId) next.set('risk', riskId);
    else next.delete('risk');
    setSearch(next, { replace: true });
  };
  const changed = () => {
    void client.invalidateQueries({ queryKey: ['risks', accountId] });
    void client.invalidateQueries({ queryKey: ['timeline', accountId] });
    void client.invalidateQueries({ queryKey: ['accounts'] });
  };

  return (
    <section aria-labelledby="risks-h">
      <div className="panel-head">
        <h2 id="risks-h">Risks</h2>
        <div className="segmented" role="group" aria-label="Which risks">
          <button type="button" aria-pressed={!showClosed} onClick={() => setShowClosed(false)}>
            Open
          </button>
          <button type="button" aria-pressed={showClosed} onClick={() => setShowClosed(true)}>
            Closed
          </button>
        </div>
      </div>
      {risks.isPending ? (
        <Loading what="risks" />
      ) : risks.isError ? (
        <ErrorState error={risks.error} />
      ) : risks.data.items.length === 0 ? (
        <Empty>{showClosed ? 'No closed risks.' : 'No open risks.'}</Empty>
      ) : (
        <ul className="risk-list">
          {risks.data.items.map((r) => (
            <li key={r.id}>
              <div>
                <span className={`badge sev-${r.severity}`}>{r.severity}</span> <strong>{label(r.type)}</strong>
                {r.arrAtRisk !== null && <span className="muted"> · {formatArr(r.arrAtRisk)} at risk</span>}
                {r.status === 'mitigating' && <span className="badge">mitigating</span>}
              </div>
              <p>{r.evidence}</p>
              <small className="muted">
                raised {formatDay(r.createdAt)}
                {r.closedAt ? ` · closed ${formatDay(r.closedAt)}: ${r.resolution ?? ''}` : ''}
              </small>
              {open !== r.id && (
                <div className="buttons">
                  <button type="button" onClick={() => showRisk(r.id)} aria-label={`Details of risk: ${label(r.type)}`}>
                    {canEdit && r.status !== 'closed' ? 'Details and edit' : 'Details'}
                  </button>
                  {canEdit && r.status !== 'closed' && closing !== r.id && (
                    <button type="button" onClick={() => setClosing(r.id)} aria-label={`Close risk: ${label(r.type)}`}>
                      Close…
                    </button>
                  )}
                </div>
              )}
              {open === r.id && <RiskDetail riskId={r.id} canEdit={canEdit} users={users.data?.items ?? []} onClose={() => showRisk(null)} />}
              {closing === r.id && (
                <CloseRisk
                  risk={r}
                  onDone={() => {
                    setClosing(null);
                    changed();
                  }}
                  onCancel={() => setClosing(null)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {open && risks.data && !risks.data.items.some((r) => r.id === open) && <RiskDetail riskId={open} canEdit={canEdit} users={users.data?.items ?? []} onClose={() => showRisk(null)} />}
      {canEdit && !adding && (
        <button type="button" className="link" onClick={() => setAdding(true)}>
          Raise a risk
        </button>
      )}
      {adding && (
        <AddRisk
          accountId={accountId}
          onDone={() => {
            setAdding(false);
            setShowClosed(false);
            changed();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </section>
  );
}

function AddRisk({ accountId, onDone, onCancel }: { accountId: string; onDone(): void; onCancel(): void }) {
  const [type, setType] = useState<string>('other');
  const [severity, setSeverity] = useState<string>('medium');
  const [evidence, setEvidence] = useState('');
  const [arr, setArr] = useState('');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const add = useMutation({
    mutationFn: () => api('POST', '/api/risks', { accountId, type, severity, evidence: evidence.trim(), arrAtRisk: arr.trim() === '' ? null : Number(arr) }),
    onSuccess: onDone,
    onError: (e) => setError(errorOf(e)),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!evidence.trim()) return setError({ message: 'Say what you saw or heard: the evidence.', field: 'evidence' });
    if (arr.trim() !== '' && !(Number(arr) >= 0)) return setError({ message: 'ARR at risk must be a positive amount.', field: 'arrAtRisk' });
    add.mutate();
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Raise a risk">
      <div className="form-row">
        <label>
          Type{' '}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <RiskTypeOptions />
          </select>
        </label>
        <label>
          Severity{' '}
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <SeverityOptions />
          </select>
        </label>
        <label>
          ARR at risk <input inputMode="numeric" size={9} value={arr} onChange={(e) => setArr(e.target.value)} aria-invalid={error?.field === 'arrAtRisk'} />
        </label>
      </div>
      <label htmlFor="new-risk-evidence">Evidence</label>
      <input id="new-risk-evidence" value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={4000} aria-invalid={error?.field === 'evidence'} />
      {error && (
        <p className="error" role="alert">
          {error.message}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" disabled={add.isPending}>
          Raise risk
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CloseRisk({ risk, onDone, onCancel }: { risk: Risk; onDone(): void; onCancel(): void }) {
  const [resolution, setResolution] = useState('');
  const [error, setError] = useState<string | null>(null);
  const close = useMutation({ mutationFn: () => api('POST', `/api/risks/${risk.id}/close`, { resolution: resolution.trim() }), onSuccess: onDone, onError: (e) => setError(errorOf(e).message) });
  return (
    <form
      className="inline-form"
      aria-label={`Close risk ${label(risk.type)}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!resolution.trim()) return setError('Closing a risk needs its resolution.');
        close.mutate();
      }}
    >
      <label htmlFor={`resolution-${risk.id}`}>Resolution</label>
      <input id={`resolution-${risk.id}`} autoFocus value={resolution} onChange={(e) => setResolution(e.target.value)} maxLength={4000} aria-invalid={!!error} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="buttons">
        <button type="submit" className="primary" disabled={close.isPending}>
          Close risk
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
