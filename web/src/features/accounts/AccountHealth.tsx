import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ArrowDownRight, ArrowRight, ArrowUpRight, Hand, HeartPulse, Minus, RefreshCw } from 'lucide-react';
import { useState } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { Badge, healthTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { api, ApiError } from '../../lib/api-client';
import { formatInstant, getDisplayZone } from '../../lib/format';
import { HealthChart } from './HealthChart';
import { HealthOverrideForm, useClearOverride } from './HealthOverride';
import type { AccountHealthView } from '../../../../src/server/routes/health.schema.ts';

const TREND = {
  improving: { icon: ArrowUpRight, text: 'improving' },
  declining: { icon: ArrowDownRight, text: 'declining' },
  steady: { icon: ArrowRight, text: 'steady' },
  unknown: { icon: Minus, text: 'trend not known yet' },
} as const;

/** The account's health: its score and trend, the history as a chart with why it moved beside it, and what it is made of. */
export function AccountHealth({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const client = useQueryClient();
  const health = useQuery({ queryKey: ['health', accountId], queryFn: () => api<AccountHealthView>('GET', `/api/accounts/${accountId}/health`) });
  const [overriding, setOverriding] = useState(false);
  const clear = useClearOverride(accountId);
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
  const readings = [...h.history]
    .filter((p) => p.score !== null)
    .reverse()
    .map((p) => ({ at: p.at, score: p.score!, colour: p.colour, explanation: p.explanation }));
  const trend = TREND[h.trend.direction];
  const TrendIcon = trend.icon;
  return (
    <section className="ui-card health-card" aria-labelledby="health-h">
      <header className="ui-card-head">
        <h2 id="health-h">
          <HeartPulse aria-hidden="true" size={18} /> Health{' '}
          {h.current ? (
            <Badge tone={healthTone(h.current.colour)} className="health-pill">
              {h.current.colour ?? '—'} {h.current.score ?? ''}
            </Badge>
          ) : (
            <Badge>not scored</Badge>
          )}{' '}
          <small className={`trend trend-${h.trend.direction}`}>
            <TrendIcon aria-hidden="true" size={14} strokeWidth={2.5} /> {trend.text}
            {h.trend.delta !== null ? ` (${h.trend.delta > 0 ? '+' : ''}${h.trend.delta} in 30 days)` : ''}
          </small>
        </h2>
        {canEdit && (
          <div className="ui-card-actions">
            <Button size="sm" variant="ghost" icon={RefreshCw} onClick={() => recompute.mutate()} disabled={recompute.isPending}>
              {recompute.isPending ? 'Scoring…' : 'Score now'}
            </Button>
            {!h.override && (
              <Button size="sm" variant="ghost" icon={Hand} onClick={() => setOverriding(true)} aria-expanded={overriding}>
                Override…
              </Button>
            )}
          </div>
        )}
      </header>
      {overriding && !h.override && <HealthOverrideForm accountId={accountId} onDone={() => setOverriding(false)} onCancel={() => setOverriding(false)} />}
      <div className="health-body">
        <div className="health-plot">
          {readings.length > 0 ? <HealthChart readings={readings} zone={getDisplayZone()} /> : <Empty>No health score yet.</Empty>}
          {readings.length === 1 && <p className="hint">The line appears with the second reading.</p>}
        </div>
        <div className="health-why">
          <h3>Why</h3>
          {h.explanation ? <p className="explanation">{h.explanation}</p> : <p className="hint">Cadence explains the score once it has one.</p>}
          {h.override && (
            <p className="hint" data-testid="health-override">
              Set to {h.override.colour} by hand until {formatInstant(h.override.expiresAt)}: {h.override.reason}
              {canEdit && (
                <>
                  {' '}
                  <button type="button" className="link" onClick={() => clear.mutate()} disabled={clear.isPending}>
                    {clear.isPending ? 'Clearing…' : 'Clear override'}
                  </button>
                </>
              )}
            </p>
          )}
          {clear.isError && (
            <p className="error" role="alert">
              {clear.error instanceof ApiError ? clear.error.message : 'Could not clear the override'}
            </p>
          )}
          {h.current && (
            <ul className="groups" aria-label="What the score is made of">
              {h.current.groups.map((g) => (
                <li key={g.key}>
                  <span className="group-label">{g.label}</span>
                  <span className="meter" aria-hidden="true">
                    <span className={`meter-fill meter-${g.colour ?? 'none'}`} style={{ width: `${Math.max(0, Math.min(100, g.score ?? 0))}%` }} />
                  </span>
                  <span className="group-score">{g.score ?? '—'}</span>
                  <small className="muted">{g.effectiveWeight}%</small>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {h.current && (
        <details>
          <summary>The measures behind it</summary>
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
      {recompute.isError && (
        <p className="error" role="alert">
          {recompute.error instanceof ApiError ? recompute.error.message : 'Could not score'}
        </p>
      )}
    </section>
  );
}
