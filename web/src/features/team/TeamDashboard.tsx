import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { BarChart, StackedBar } from './BarChart';
import { formatArr, formatInstant } from '../../lib/format';
import { useUsers } from '../accounts/use-users';
import { useAccountNames } from './use-account-names';
import type { DrillView, Figure, TeamDashboardView as Dashboard } from '../../../../src/server/routes/dashboards.schema.ts';

type Breakdown = Dashboard['figures']['cadenceAdherence'];

/** Each rate on the dashboard: what it is called, and whether its hits are the good or the bad part. */
const RATES = [
  { key: 'cadenceAdherence', title: 'Cadence adherence', hint: 'expected calls held', bad: 'misses' },
  { key: 'agendaOnTime', title: 'Agenda sent on time', hint: 'calls with the agenda out 2 business days ahead', bad: 'misses' },
  { key: 'followUpWithinOneBusinessDay', title: 'Follow-up SLA', hint: 'follow-ups sent within one business day', bad: 'misses' },
  { key: 'completeEngagements', title: 'Complete engagements', hint: 'calls with agenda, follow-up and requests opened', bad: 'misses' },
  { key: 'notEffective', title: 'Not effective', hint: 'calls that left something undone (lower is better)', bad: 'hits' },
  { key: 'customerActionItemCompletion', title: 'Customer action items done', hint: "customers' items completed on time", bad: 'misses' },
  { key: 'notTouchedIn30Days', title: 'Not touched in 30 days', hint: 'accounts with no call or touch (lower is better)', bad: 'hits' },
] as const;
type RateKey = (typeof RATES)[number]['key'];

const pct = (f: Figure | undefined) => (f?.rate === null || f?.rate === undefined ? '—' : `${Math.round(f.rate * 100)}%`);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** The team's figures over a period, each one opening the records behind it. */
export function TeamDashboard() {
  const [from, setFrom] = useState(daysAgo(29));
  const [to, setTo] = useState(daysAgo(0));
  const [figure, setFigure] = useState<RateKey>('followUpWithinOneBusinessDay');
  const [drill, setDrill] = useState<{ figure: RateKey; part: 'hits' | 'misses'; csm?: string; title: string } | null>(null);
  const users = useUsers();
  const names = useAccountNames();
  const [healthDrill, setHealthDrill] = useState<{ title: string; ids: string[] } | null>(null);
  const dashboard = useQuery({ queryKey: ['dashboard', from, to], queryFn: () => api<Dashboard>('GET', `/api/dashboards/team?from=${from}&to=${to}`) });
  const breakdownOf = (d: Dashboard, key: RateKey): Breakdown => (key === 'agendaOnTime' ? d.figures.agendaLeadTime.onTime : d.figures[key]);
  const nameOf = (id: string) => users.byId.get(id)?.name ?? 'someone';

  return (
    <div className="dashboard">
      <form className="toolbar" onSubmit={(e) => e.preventDefault()} aria-label="Period">
        <label>
          From <input type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </label>
        <label>
          To <input type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </label>
        {dashboard.data && <span className="count">{dashboard.data.accounts} accounts in scope</span>}
      </form>
      {dashboard.isPending ? (
        <Loading what="the dashboard" />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} />
      ) : (
        <div className="dash-grid">
          <section className="card" aria-labelledby="rates-h">
            <h2 id="rates-h">Team rates</h2>
            <p className="hint">Choose a figure to see it by CSM; choose a bar to list the records behind it.</p>
            <BarChart
              title="Team rates"
              what="Rate"
              max={1}
              bars={RATES.map((r) => {
                const f = breakdownOf(dashboard.data, r.key).all;
                return {
                  key: r.key,
                  label: r.title,
                  value: f.rate,
                  display: `${pct(f)} (${f.numerator}/${f.denominator})`,
                  colour: f.rate === null ? 'unscored' : (r.bad === 'hits' ? 1 - f.rate : f.rate) >= 0.8 ? 'green' : (r.bad === 'hits' ? 1 - f.rate : f.rate) >= 0.5 ? 'yellow' : 'red',
                  onSelect: () => {
                    setFigure(r.key);
                    setDrill({ figure: r.key, part: r.bad, title: `${r.title}: ${r.bad === 'hits' ? 'the records counted' : 'the misses'}` });
                  },
                };
              })}
            />
          </section>
          <section className="card" aria-labelledby="bycsm-h">
            <h2 id="bycsm-h">By CSM</h2>
            <label>
              Figure{' '}
              <select value={figure} onChange={(e) => setFigure(e.target.value as RateKey)}>
                {RATES.map((r) => (
                  <option key={r.key} value={r.key}>
                    {r.title}
                  </option>
                ))}
              </select>
            </label>
            <p className="hint">{RATES.find((r) => r.key === figure)?.hint}</p>
            {Object.keys(breakdownOf(dashboard.data, figure).byCsm).length === 0 ? (
              <Empty>Nothing to count in this period.</Empty>
            ) : (
              <BarChart
                title={`${RATES.find((r) => r.key === figure)?.title} by CSM`}
                what="CSM"
                max={1}
                bars={Object.entries(breakdownOf(dashboard.data, figure).byCsm).map(([csm, f]) => {
                  const rate = RATES.find((r) => r.key === figure)!;
                  return {
                    key: csm,
                    label: nameOf(csm),
                    value: f.rate,
                    display: `${pct(f)} (${f.numerator}/${f.denominator})`,
                    onSelect: () => setDrill({ figure, part: rate.bad, csm, title: `${rate.title} for ${nameOf(csm)}` }),
                  };
                })}
              />
            )}
          </section>
          <section className="card" aria-labelledby="health-dist-h">
            <h2 id="health-dist-h">Health distribution</h2>
            <StackedBar
              title="Accounts by health"
              parts={(['green', 'yellow', 'red', 'unscored'] as const).map((c) => ({ key: c, label: c, value: dashboard.data.figures.health.byColour[c].length, colour: c }))}
              onSelect={(c) => setHealthDrill({ title: `Accounts in ${c}`, ids: dashboard.data.figures.health.byColour[c as 'green'] })}
            />
            <p className="hint">
              Movement: {dashboard.data.figures.health.movement.improved.length} improved, {dashboard.data.figures.health.movement.declined.length} declined, {dashboard.data.figures.health.movement.newlyScored.length} newly scored.
              {dashboard.data.figures.health.movement.declined.length > 0 && (
                <button type="button" className="link" onClick={() => setHealthDrill({ title: 'Accounts whose health declined', ids: dashboard.data.figures.health.movement.declined })}>
                  See the declines
                </button>
              )}
            </p>
          </section>
          <section className="card" aria-labelledby="arr-h">
            <h2 id="arr-h">ARR at risk: {formatArr(dashboard.data.figures.arrAtRisk.total)}</h2>
            {Object.keys(dashboard.data.figures.arrAtRisk.byCsm).length === 0 ? (
              <Empty>No ARR at risk.</Empty>
            ) : (
              <BarChart title="ARR at risk by CSM" what="CSM" bars={Object.entries(dashboard.data.figures.arrAtRisk.byCsm).map(([csm, arr]) => ({ key: csm, label: nameOf(csm), value: arr, display: formatArr(arr), colour: 'red' }))} />
            )}
            {dashboard.data.figures.arrAtRisk.accountIds.length > 0 && (
              <button type="button" className="link" onClick={() => setHealthDrill({ title: 'Accounts with ARR at risk', ids: dashboard.data.figures.arrAtRisk.accountIds })}>
                List the accounts
              </button>
            )}
          </section>
        </div>
      )}
      {drill && <Drill {...drill} from={from} to={to} onClose={() => setDrill(null)} />}
      {healthDrill && (
        <section className="card drill" aria-labelledby="hdrill-h">
          <div className="panel-head">
            <h2 id="hdrill-h">{healthDrill.title}</h2>
            <button type="button" className="link" onClick={() => setHealthDrill(null)}>
              Close
            </button>
          </div>
          {healthDrill.ids.length === 0 ? (
            <Empty>None.</Empty>
          ) : (
            <ul className="drill-list">
              {healthDrill.ids.map((id) => (
                <li key={id}>
                  <Link to={`/accounts/${id}`}>{names.get(id)?.name ?? 'Account'}</Link> <span className="muted">{formatArr(names.get(id)?.arr ?? null)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function Drill({ figure, part, csm, title, from, to, onClose }: { figure: RateKey; part: 'hits' | 'misses'; csm?: string; title: string; from: string; to: string; onClose(): void }) {
  const [shown, setShown] = useState(part);
  const query = new URLSearchParams({ figure, part: shown, from, to, ...(csm ? { csm } : {}) });
  const drill = useQuery({ queryKey: ['drill', query.toString()], queryFn: () => api<DrillView>('GET', `/api/dashboards/team/drill?${query.toString()}`) });
  return (
    <section className="card drill" aria-labelledby="drill-h" aria-live="polite">
      <div className="panel-head">
        <h2 id="drill-h">{title}</h2>
        <div className="segmented" role="group" aria-label="Which records">
          <button type="button" aria-pressed={shown === 'misses'} onClick={() => setShown('misses')}>
            Misses
          </button>
          <button type="button" aria-pressed={shown === 'hits'} onClick={() => setShown('hits')}>
            Hits
          </button>
        </div>
        <button type="button" className="link" onClick={onClose}>
          Close
        </button>
      </div>
      {drill.isPending ? (
        <Loading what="the records" />
      ) : drill.isError ? (
        <ErrorState error={drill.error} />
      ) : drill.data.items.length === 0 ? (
        <Empty>No records.</Empty>
      ) : (
        <ul className="drill-list">
          {drill.data.items.map((i) => (
            <li key={i.id}>
              <Link to={i.kind === 'meeting' ? `/meetings/${i.id}` : `/accounts/${i.accountId ?? i.id}`}>{i.label}</Link> <span className="badge">{i.kind.replace(/_/g, ' ')}</span>
              {i.at && <span className="muted"> {formatInstant(i.at)}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
