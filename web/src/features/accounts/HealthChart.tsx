import { Suspense, lazy } from 'react';

export interface HealthReading {
  at: string;
  score: number;
  colour: string | null;
  explanation: string | null;
}

// Recharts is sizeable: it loads with the first account whose health is shown, not with the first screen.
const HealthChartPlot = lazy(() => import('./HealthChartPlot'));

/**
 * The health score over time: the score as an area over its colour bands (green from 70, red below 40),
 * each reading a dot in its colour with a tooltip, dated axes. Screen readers get a summary as the
 * chart's name, and everyone can open the readings as a table.
 */
export function HealthChart({ readings, bands = { greenFrom: 70, redBelow: 40 }, zone }: { readings: HealthReading[]; bands?: { greenFrom: number; redBelow: number }; zone: string }) {
  const times = readings.map((r) => Date.parse(r.at));
  const min = Math.min(...times);
  const max = Math.max(...times);
  const day = (t: number) => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: zone });
  const first = readings[0];
  const last = readings[readings.length - 1];
  const summary =
    first && last
      ? readings.length === 1
        ? `One reading so far: ${last.score} (${last.colour ?? 'unscored'}) on ${day(max)}.`
        : `${readings.length} readings from ${day(min)} (${first.score}, ${first.colour ?? 'unscored'}) to ${day(max)} (${last.score}, ${last.colour ?? 'unscored'}).`
      : 'No readings yet.';
  return (
    <figure className="health-chart">
      <div className="health-plot" role="img" aria-label={`Health score over time. ${summary}`}>
        <Suspense fallback={<div className="skeleton health-plot-skeleton" />}>
          <HealthChartPlot readings={readings} bands={bands} day={day} />
        </Suspense>
      </div>
      <figcaption className="health-caption">
        <span className="legend-band band-green">Green from {bands.greenFrom}</span>
        <span className="legend-band band-yellow">
          Yellow {bands.redBelow}–{bands.greenFrom - 1}
        </span>
        <span className="legend-band band-red">Red below {bands.redBelow}</span>
        {last && <strong className="last-label">Now {last.score}</strong>}
      </figcaption>
      <details className="chart-table">
        <summary>Show the readings as a table</summary>
        <table>
          <caption>Health readings</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Score</th>
              <th scope="col">Colour</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {readings.map((r, i) => (
              <tr key={`${r.at}-${i}`}>
                <td>{day(times[i]!)}</td>
                <td>{r.score}</td>
                <td>{r.colour ?? 'unscored'}</td>
                <td>{r.explanation ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
