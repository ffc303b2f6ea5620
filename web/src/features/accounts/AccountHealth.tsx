import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError } from '../../lib/api-client';
import { ScoreLine } from '../../lib/charts';
import { formatDay, formatInstant } from '../../lib/format';
import type { AccountHealthView } from '../../../../src/server/routes/health.schema.ts';

const TREND: Record<string, string> = { improving: '▲ improving', declining: '▼ declining', steady: '▬ steady', unknown: 'trend not known yet' };

/** The health score, why it moved, the groups behind it and its history as a chart. */
export function AccountHealth({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const health = useQuery({ queryKey: ['health', accountId], queryFn: () => api<AccountHealthView>('GET', `/api/accounts/${accountId}/health`) });
  const recompute = useMutation({
    mutationFn: () => api<AccountHealthView>('POST', `/api/accounts/${accountId}/health/recompute`),
    onSuccess: (data) => {
      client.setQueryData(['health', accountId], data);
      void client.invalidateQueries({ queryKey: ['account', accountId] });
    },
  });
  if (health.isPending) return <Loading what="health" />;
  if (health.isError) return <ErrorState error={health.error} />;
  const h = health.data;
  const points = [...h.history].filter((p) => p.score !== null).reverse();
  return (
    <section className="health-card" aria-labelledby="health-h">
      <h2 id="health-h">
        Health{' '}
        {h.current ? (
          <span className={`health ${h.current.colour ?? ''}`}>
            {h.current.colour ?? '—'} {h.current.score ?? ''}
          </span>
        ) : (
          <span className="health">not scored</span>
        )}{' '}
        <small className="muted">
          {TREND[h.trend.direction] ?? h.trend.direction}
          {h.trend.delta !== null ? ` (${h.trend.delta > 0 ? '+' : ''}${h.trend.delta} in 30 days)` : ''}
        </small>
      </h2>
      {h.explanation ? <p className="explanation">{h.explanation}</p> : <Empty>No health score yet.</Empty>}
      {h.override && (
        <p className="hint">
          Set to {h.override.colour} by hand until {formatInstant(h.override.expiresAt)}: {h.override.reason}
        </p>
      )}
      {points.length > 1 ? (
        <ScoreLine
          title="Health score history"
          description={`${points.length} scores from ${formatDay(points[0]!.at)} (${points[0]!.score}) to ${formatDay(points[points.length - 1]!.at)} (${points[points.length - 1]!.score})`}
          points={points.map((p) => ({ at: Date.parse(p.at), value: p.score!, colour: p.colour, title: `${formatDay(p.at)}: ${p.score} (${p.colour ?? 'unscored'})${p.explanation ? ` — ${p.explanation}` : ''}` }))}
        />
      ) : (
        h.current && <p className="hint">The history chart appears after the second score.</p>
      )}
      {h.current && (
        <details>
          <summary>What the score is made of</summary>
          <ul className="groups">
            {h.current.groups.map((g) => (
              <li key={g.key}>
                <span className={`health ${g.colour ?? ''}`}>{g.score ?? '—'}</span> {g.label} <small className="muted">weight {g.effectiveWeight}%</small>
              </li>
            ))}
          </ul>
          <ul className="measures">
            {h.current.measures
              .filter((m) => m.detail)
              .map((m) => (
                <li key={m.key}>
                  {m.detail}
                  {m.critical ? ' (critical)' : ''}
                </li>
              ))}
          </ul>
          <p className="hint">Scored {formatInstant(h.current.computedAt)}.</p>
        </details>
      )}
      {canEdit && (
        <button type="button" className="link" onClick={() => recompute.mutate()} disabled={recompute.isPending}>
          {recompute.isPending ? 'Scoring…' : 'Score now'}
        </button>
      )}
      {recompute.isError && (
        <p className="error" role="alert">
          {recompute.error instanceof ApiError ? recompute.error.message : 'Could not score'}
        </p>
      )}
    </section>
  );
}
