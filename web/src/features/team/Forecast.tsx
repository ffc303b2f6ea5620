import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { BarChart } from './BarChart';
import { formatArr, formatDate } from '../../lib/format';
import { useUsers } from '../accounts/use-users';
import type { RenewalForecastView } from '../../../../src/server/routes/forecast.schema.ts';

/** "FY2027 Q1" → "fc-FY2027-Q1": an id has no spaces (aria-labelledby would read it as two). */
const quarterId = (label: string) => `fc-${label.replace(/\W+/g, '-')}`;

/** A quarter's bar opens its renewals: the focus moves to their heading, so the keyboard lands there too. */
function showQuarter(label: string) {
  const heading = document.getElementById(quarterId(label));
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus({ preventScroll: true });
}

/** Renewals this fiscal quarter and next: ARR and what is left of it once risks and health are counted. */
export function Forecast() {
  const users = useUsers();
  const forecast = useQuery({ queryKey: ['forecast'], queryFn: () => api<RenewalForecastView>('GET', '/api/forecast') });
  if (forecast.isPending) return <Loading what="the forecast" />;
  if (forecast.isError) return <ErrorState error={forecast.error} />;
  const quarters = [forecast.data.current, forecast.data.next];
  const top = Math.max(1, ...quarters.map((q) => q.arr));
  return (
    <div className="forecast">
      <section className="card" aria-labelledby="fc-h">
        <h2 id="fc-h">Renewing ARR, and risk-adjusted</h2>
        <BarChart
          title="Renewing ARR by quarter"
          what="Quarter"
          max={top}
          bars={quarters.flatMap((q) => [
            { key: `${q.quarter.label}-arr`, label: `${q.quarter.label} renewing`, value: q.arr, display: formatArr(q.arr), onSelect: () => showQuarter(q.quarter.label) },
            { key: `${q.quarter.label}-adj`, label: `${q.quarter.label} risk-adjusted`, value: q.riskAdjustedArr, display: formatArr(q.riskAdjustedArr), colour: 'green', onSelect: () => showQuarter(q.quarter.label) },
          ])}
        />
      </section>
      {quarters.map((q) => (
        <section key={q.quarter.label} className="card" aria-labelledby={quarterId(q.quarter.label)}>
          <h2 id={quarterId(q.quarter.label)} tabIndex={-1}>
            {q.quarter.label}{' '}
            <small className="muted">
              ({formatDate(q.quarter.start)} – {formatDate(q.quarter.end)})
            </small>
          </h2>
          {q.renewals.length === 0 ? (
            <Empty>No renewals.</Empty>
          ) : (
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Renews</th>
                  <th scope="col">Owner</th>
                  <th scope="col" className="num">
                    ARR
                  </th>
                  <th scope="col" className="num">
                    Risk-adjusted
                  </th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {q.renewals.map((r) => (
                  <tr key={r.accountId}>
                    <td>
                      <Link to={`/accounts/${r.accountId}`}>{r.name}</Link>
                    </td>
                    <td>{formatDate(r.renewalDate)}</td>
                    <td>{r.ownerId ? (users.byId.get(r.ownerId)?.name ?? '…') : '—'}</td>
                    <td className="num">{formatArr(r.arr)}</td>
                    <td className="num">{formatArr(r.riskAdjustedArr)}</td>
                    <td className="muted">{r.reasons.join('; ') || 'no risk'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
