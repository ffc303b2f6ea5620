/**
 * Small charts in plain SVG for lists of bars that are also buttons (a chart library draws the
 * health over time, see features/accounts/HealthChartPlot.tsx).
 * Every chart has a title and a text description for screen readers, and a table-like legend.
 */

// Tokens from styles.css, so the marks follow the light or dark theme.
const COLOURS: Record<string, string> = {
  green: 'var(--color-chart-green)',
  yellow: 'var(--color-chart-yellow)',
  red: 'var(--color-chart-red)',
  unscored: 'var(--color-chart-unscored)',
  blue: 'var(--color-chart-blue)',
};

export function colourOf(name: string): string {
  return COLOURS[name] ?? COLOURS.blue!;
}

export interface LinePoint {
  at: number;
  value: number;
  colour?: string | null;
  title?: string;
}

/** A score over time (0–100) with colour bands behind it. */
export function ScoreLine({
  points,
  title,
  description,
  bands = { greenFrom: 70, redBelow: 40 },
  width = 520,
  height = 160,
}: {
  points: LinePoint[];
  title: string;
  description: string;
  bands?: { greenFrom: number; redBelow: number };
  width?: number;
  height?: number;
}) {
  const pad = { l: 30, r: 10, t: 8, b: 22 };
  const w = width - pad.l - pad.r;
  const h = height - pad.t - pad.b;
  const times = points.map((p) => p.at);
  const min = Math.min(...times);
  const max = Math.max(...times);
  const x = (t: number) => pad.l + (max === min ? w / 2 : ((t - min) / (max - min)) * w);
  const y = (v: number) => pad.t + h - (Math.max(0, Math.min(100, v)) / 100) * h;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const day = (t: number) => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return (
    <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}. ${description}`} preserveAspectRatio="xMidYMid meet">
      <title>{title}</title>
      <rect x={pad.l} y={y(100)} width={w} height={y(bands.greenFrom) - y(100)} fill="var(--color-band-green)" />
      <rect x={pad.l} y={y(bands.greenFrom)} width={w} height={y(bands.redBelow) - y(bands.greenFrom)} fill="var(--color-band-yellow)" />
      <rect x={pad.l} y={y(bands.redBelow)} width={w} height={y(0) - y(bands.redBelow)} fill="var(--color-band-red)" />
      {[0, 40, 70, 100].map((v) => (
        <text key={v} x={pad.l - 4} y={y(v) + 4} textAnchor="end" fontSize="10" fill="var(--color-text-muted)">
          {v}
        </text>
      ))}
      <path d={path} fill="none" stroke="var(--color-chart-line)" strokeWidth="2" />
      {points.map((p, i) => (
        <circle key={i} cx={x(p.at)} cy={y(p.value)} r="4" fill={colourOf(p.colour ?? 'blue')} stroke="var(--color-surface)">
          <title>{p.title ?? `${day(p.at)}: ${p.value}`}</title>
        </circle>
      ))}
      {points.length > 0 && (
        <>
          <text x={pad.l} y={height - 6} fontSize="10" fill="var(--color-text-muted)">
            {day(min)}
          </text>
          <text x={pad.l + w} y={height - 6} fontSize="10" fill="var(--color-text-muted)" textAnchor="end">
            {day(max)}
          </text>
        </>
      )}
    </svg>
  );
}

export interface Bar {
  key: string;
  label: string;
  /** 0..1 for rates, any for amounts. */
  value: number | null;
  display: string;
  colour?: string;
  onSelect?: () => void;
}

/** Horizontal bars, one per row, each optionally a button that drills into the records behind it. */
export function BarList({ bars, max, title }: { bars: Bar[]; max?: number; title: string }) {
  const top = max ?? Math.max(1, ...bars.map((b) => b.value ?? 0));
  return (
    <ul className="bars" aria-label={title}>
      {bars.map((b) => {
        const share = b.value === null ? 0 : Math.max(0, Math.min(1, b.value / top));
        const content = (
          <>
            <span className="bar-label">{b.label}</span>
            <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
              <rect x="0" y="0" width="100" height="10" fill="var(--color-surface-sunken)" />
              <rect x="0" y="0" width={share * 100} height="10" fill={colourOf(b.colour ?? 'blue')} />
            </svg>
            <span className="bar-value">{b.display}</span>
          </>
        );
        return (
          <li key={b.key}>
            {b.onSelect ? (
              <button type="button" className="bar-row" onClick={b.onSelect}>
                {content}
              </button>
            ) : (
              <div className="bar-row">{content}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** One stacked bar of parts (health colours), with a legend that says the numbers. */
export function StackedBar({ parts, title, onSelect }: { parts: { key: string; label: string; value: number; colour: string }[]; title: string; onSelect?: (key: string) => void }) {
  const total = parts.reduce((s, p) => s + p.value, 0);
  let offset = 0;
  return (
    <div className="stacked">
      <svg viewBox="0 0 100 12" preserveAspectRatio="none" role="img" aria-label={`${title}: ${parts.map((p) => `${p.value} ${p.label}`).join(', ')}`}>
        {total === 0 ? (
          <rect x="0" y="0" width="100" height="12" fill="var(--color-surface-sunken)" />
        ) : (
          parts.map((p) => {
            const w = (p.value / total) * 100;
            const r = <rect key={p.key} x={offset} y="0" width={w} height="12" fill={colourOf(p.colour)} />;
            offset += w;
            return r;
          })
        )}
      </svg>
      <ul className="legend">
        {parts.map((p) => (
          <li key={p.key}>
            <span className="swatch" style={{ background: colourOf(p.colour) }} aria-hidden="true" />
            {onSelect && p.value > 0 ? (
              <button type="button" className="link" onClick={() => onSelect(p.key)}>
                {p.label}: {p.value}
              </button>
            ) : (
              <span>
                {p.label}: {p.value}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
