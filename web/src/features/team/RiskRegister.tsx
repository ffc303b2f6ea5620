import type { RiskRegisterView as Register } from '../../../../src/server/routes/risks.schema.ts';
import { RiskTypeOptions, SeverityOptions } from '../../lib/risk-options';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { BarChart } from './BarChart';
import { formatArr, formatDay, label } from '../../lib/format';
import { useUsers } from '../accounts/use-users';

/** Live risks across the book, filtered by type, severity and status, with the ARR they put at risk. */
export function RiskRegister() {
  const users = useUsers();
  const [type, setType] = useState('');
  const [severity, setSeverity] = useState('');
  const [status, setStatus] = useState('open,mitigating');
  const [owner, setOwner] = useState('');
  const params = new URLSearchParams({ status, ...(type ? { type } : {}), ...(severity ? { severity } : {}), ...(owner ? { owner } : {}) });
  const risks = useQuery({ queryKey: ['risk-register', params.toString()], queryFn: () => api<Register>('GET', `/api/risks?${params.toString()}`) });
  return (
    <div className="register">
      <div className="toolbar">
        <label>
          Type{' '}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">All</option>
            <RiskTypeOptions />
          </select>
        </label>
        <label>
          Severity{' '}
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">All</option>
            <SeverityOptions />
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="open,mitigating">live</option>
            <option value="open">open</option>
            <option value="mitigating">mitigating</option>
            <option value="closed">closed</option>
          </select>
        </label>
        <label>
          Owner{' '}
          <select value={owner} onChange={(e) => setOwner(e.target.value)}>
            <option value="">All</option>
            {(users.data?.items ?? [])
              .filter((u) => u.active || u.id === owner)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
      </div>
      {risks.isPending ? (
        <Loading what="the risk register" />
      ) : risks.isError ? (
        <ErrorState error={risks.error} />
      ) : (
        <div className="dash-grid">
          <section className="card" aria-labelledby="reg-type-h">
            <h2 id="reg-type-h">
              {risks.data.items.length} risk{risks.data.items.length === 1 ? '' : 's'}, {formatArr(risks.data.register.arrAtRisk)} ARR at risk
            </h2>
            <BarChart
              title="Risks by type"
              what="Type"
              bars={Object.entries(risks.data.register.byType)
                .filter(([, b]) => b.count > 0)
                .map(([t, b]) => ({ key: t, label: label(t), value: b.count, display: `${b.count} · ${formatArr(b.arrAtRisk)}`, colour: 'red', onSelect: () => setType(t) }))}
            />
            <BarChart
              title="Risks by owner"
              what="Owner"
              bars={Object.entries(risks.data.register.byOwner).map(([o, b]) => ({
                key: o,
                label: users.byId.get(o)?.name ?? 'unassigned',
                value: b.count,
                display: `${b.count} · ${formatArr(b.arrAtRisk)}`,
                // Risks nobody owns cannot be asked for by owner; the others narrow the register to theirs.
                onSelect: users.byId.has(o) ? () => setOwner(o) : undefined,
              }))}
            />
          </section>
          <section className="card wide" aria-labelledby="reg-list-h">
            <h2 id="reg-list-h">Risks</h2>
            {risks.data.items.length === 0 ? (
              <Empty>No risk matches.</Empty>
            ) : (
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Type</th>
                    <th scope="col">Severity</th>
                    <th scope="col" className="num">
                      ARR at risk
                    </th>
                    <th scope="col">Evidence</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Raised</th>
                  </tr>
                </thead>
                <tbody>
                  {risks.data.items.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={`/accounts/${r.accountId}`}>{r.accountName}</Link>
                      </td>
                      <td>{label(r.type)}</td>
                      <td>
                        <span className={`badge sev-${r.severity}`}>{r.severity}</span>
                      </td>
                      <td className="num">{formatArr(r.arrAtRisk)}</td>
                      <td>{r.evidence}</td>
                      <td>{r.ownerId ? (users.byId.get(r.ownerId)?.name ?? '…') : '—'}</td>
                      <td>{formatDay(r.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
