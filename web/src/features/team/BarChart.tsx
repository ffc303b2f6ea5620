import { Suspense, lazy } from 'react';
import { colourOf } from '../../lib/charts';

export interface Bar {
  key: string;
  label: string;
  /** 0..1 for rates, any for amounts; null when there is nothing to count. */
  value: number | null;
  /** The figure as written beside the bar, e.g. "80% (4/5)" or "$120,000". */
  display: string;
  colour?: string;
  /** Choosing the bar (click, Enter or Space) drills into the records behind it. */
  onSelect?: () => void;
}

export interface StackPart {
  key: string;
  label: string;
  value: number;
  colour: string;
}

// Recharts is sizeable: it loads with the first team page that draws a chart, as the account's health chart does.
const BarChartPlot = lazy(() => import('./BarChartPlot'));
const StackedBarPlot = lazy(() => import('./BarChartPlot').then((m) => ({ default: m.StackedBarPlot })));

/** Pixels per bar, so a chart of seven rates and one of two owners keep the same rhythm. */
const ROW = 30;

/**
 * Horizontal bars, one per row, drawn with Recharts. A bar that drills in is a button (Tab, Enter,
 * Space, or a click), named after its label and figure, so keyboard and screen-reader users reach
 * what a mouse does. The figures are also a table under the chart (as the health chart's readings
 * are): it is there before the chart library has loaded, and it reads in order.
 */
export function BarChart({ bars, max, title, what }: { bars: Bar[]; max?: number; title: string; what: string }) {
  const height = bars.length * ROW + 8;
  return (
    <figure className="bar-chart" aria-label={title}>
      <Suspense fallback={<div className="skeleton bar-chart-skeleton" style={{ height }} />}>
        <BarChartPlot bars={bars} max={max ?? Math.max(1, ...bars.map((b) => b.value ?? 0))} height={height} />
      </Suspense>
      <details className="chart-table">
        <summary>Show the figures as a table</summary>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{what}</th>
              <th scope="col">Figure</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td>{b.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * One stacked bar of parts (health colours). The bar says the split to a screen reader in one
 * sentence; the legend below it says the numbers, and each part with records is a button there
 * (clicking the part in the bar does the same).
 */
export function StackedBar({ parts, title, onSelect }: { parts: StackPart[]; title: string; onSelect?: (key: string) => void }) {
  return (
    <div className="stacked">
      <div className="stacked-plot" role="img" aria-label={`${title}: ${parts.map((p) => `${p.value} ${p.label}`).join(', ')}`}>
        <Suspense fallback={<div className="skeleton stacked-skeleton" />}>
          <StackedBarPlot parts={parts} onSelect={onSelect} />
        </Suspense>
      </div>
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
