import { Area, CartesianGrid, ComposedChart, Dot, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { colourOf } from '../../lib/charts';
import type { HealthReading } from './HealthChart';

interface Row {
  t: number;
  score: number;
  colour: string;
  explanation: string | null;
}

/**
 * The Recharts drawing behind HealthChart, in its own module so the chart library loads only when an
 * account's health is on screen (the first screen's bundle stays small). The mouse gets a tooltip per
 * reading; keyboard and screen-reader users get the same readings in the table HealthChart renders.
 */
export default function HealthChartPlot({ readings, bands, day }: { readings: HealthReading[]; bands: { greenFrom: number; redBelow: number }; day: (t: number) => string }) {
  const rows: Row[] = readings.map((r) => ({ t: Date.parse(r.at), score: r.score, colour: r.colour ?? 'unscored', explanation: r.explanation }));
  const min = rows[0]?.t ?? 0;
  const max = rows[rows.length - 1]?.t ?? 0;
  // One reading still needs a visible span for its dot to sit in the middle of.
  const domain: [number, number] = min === max ? [min - 86_400_000, max + 86_400_000] : [min, max];
  const last = rows.length - 1;
  return (
    <ResponsiveContainer width="100%" height={240}>
      <ComposedChart data={rows} margin={{ top: 12, right: 16, bottom: 4, left: -12 }} accessibilityLayer={false}>
        <defs>
          <linearGradient id="health-fill" x1="0" y1="0" x2="0" y2="1">
            <stop offset="0%" stopColor="var(--color-chart-line)" stopOpacity={0.18} />
            <stop offset="100%" stopColor="var(--color-chart-line)" stopOpacity={0} />
          </linearGradient>
        </defs>
        <ReferenceArea y1={bands.greenFrom} y2={100} fill="var(--color-band-green)" fillOpacity={1} ifOverflow="hidden" />
        <ReferenceArea y1={bands.redBelow} y2={bands.greenFrom} fill="var(--color-band-yellow)" fillOpacity={1} ifOverflow="hidden" />
        <ReferenceArea y1={0} y2={bands.redBelow} fill="var(--color-band-red)" fillOpacity={1} ifOverflow="hidden" />
        <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="t" type="number" scale="time" domain={domain} tickFormatter={day} tick={{ fill: 'var(--color-text-muted)', fontSize: 11 }} stroke="var(--color-border-strong)" tickCount={Math.min(5, Math.max(2, rows.length))} />
        <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tick={{ fill: 'var(--color-text-muted)', fontSize: 11 }} stroke="var(--color-border-strong)" />
        <Tooltip content={(props) => <ReadingTip active={props.active} row={props.payload?.[0]?.payload as Row | undefined} day={day} />} cursor={{ stroke: 'var(--color-border-strong)' }} />
        <Area
          type="monotone"
          dataKey="score"
          stroke="var(--color-chart-line)"
          strokeWidth={2.25}
          fill="url(#health-fill)"
          isAnimationActive={false}
          dot={(p: { cx?: number; cy?: number; index?: number; payload?: Row }) => (
            <Dot key={`dot-${p.index}`} cx={p.cx} cy={p.cy} r={p.index === last ? 5.5 : 4} fill={colourOf(p.payload?.colour ?? 'unscored')} stroke="var(--color-surface)" strokeWidth={2} className="dot" />
          )}
          activeDot={{ r: 6, stroke: 'var(--color-surface)', strokeWidth: 2 }}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}

function ReadingTip({ active, row, day }: { active?: boolean; row: Row | undefined; day: (t: number) => string }) {
  if (!active || !row) return null;
  return (
    <div className="chart-tip">
      <strong>
        {day(row.t)}: {row.score}
      </strong>{' '}
      <span>({row.colour})</span>
      {row.explanation && <p>{row.explanation}</p>}
    </div>
  );
}
