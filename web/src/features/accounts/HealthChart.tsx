import { colourOf } from '../../lib/charts';

export interface HealthReading {
  at: string;
  score: number;
  colour: string | null;
  explanation: string | null;
}

const W = 560;
const H = 230;
const PAD = { l: 34, r: 16, t: 12, b: 28 };

/** Evenly spread tick times between the first and last reading (at most `count`). */
function ticks(min: number, max: number, count: number): number[] {
  if (max === min) return [min];
  return Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
}

/**
 * The health score over time: the score's line over its colour bands (green from 70, red below 40),
 * each reading a dot in its colour, dated axes, the latest score labelled. Screen readers get a
 * summary and the readings as a table.
 */
export function HealthChart({ readings, bands = { greenFrom: 70, redBelow: 40 }, zone }: { readings: HealthReading[]; bands?: { greenFrom: number; redBelow: number }; zone: string }) {
  const w = W - PAD.l - PAD.r;
  const h = H - PAD.t - PAD.b;
  const times = readings.map((r) => Date.parse(r.at));
  const min = Math.min(...times);
  const max = Math.max(...times);
  const x = (t: number) => PAD.l + (max === min ? w / 2 : ((t - min) / (max - min)) * w);
  const y = (v: number) => PAD.t + h - (Math.max(0, Math.min(100, v)) / 100) * h;
  const day = (t: number) => new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: zone });
  const line = readings.map((r, i) => `${i === 0 ? 'M' : 'L'}${x(times[i]!).toFixed(1)},${y(r.score).toFixed(1)}`).join(' ');
  const first = readings[0];
  const last = readings[readings.length - 1];
  const summary =
    first && last
      ? readings.length === 1
        ? `One reading so far: ${last.score} (${last.colour ?? 'unscored'}) on ${day(max)}.`
        : `${readings.length} readings from ${day(min)} (${first.score}, ${first.colour ?? 'unscored'}) to ${day(max)} (${last.score}, ${last.colour ?? 'unscored'}).`
      : 'No readings yet.';
  const xTicks = ticks(min, max, Math.min(5, Math.max(2, readings.length)));
  return (
    <figure className="health-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Health score over time. ${summary}`} preserveAspectRatio="xMidYMid meet">
        <rect x={PAD.l} y={y(100)} width={w} height={y(bands.greenFrom) - y(100)} className="band band-green" />
        <rect x={PAD.l} y={y(bands.greenFrom)} width={w} height={y(bands.redBelow) - y(bands.greenFrom)} className="band band-yellow" />
        <rect x={PAD.l} y={y(bands.redBelow)} width={w} height={y(0) - y(bands.redBelow)} className="band band-red" />
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line x1={PAD.l} x2={PAD.l + w} y1={y(v)} y2={y(v)} className="grid" />
            <text x={PAD.l - 6} y={y(v) + 4} textAnchor="end" className="axis">
              {v}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text key={t} x={x(t)} y={H - 8} className="axis" textAnchor={xTicks.length === 1 ? 'middle' : i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}>
            {day(t)}
          </text>
        ))}
        {readings.length > 1 && <path d={line} className="line" />}
        {readings.map((r, i) => (
          <circle key={`${r.at}-${i}`} cx={x(times[i]!)} cy={y(r.score)} r={i === readings.length - 1 ? 5.5 : 4} fill={colourOf(r.colour ?? 'unscored')} className="dot">
            <title>{`${day(times[i]!)}: ${r.score} (${r.colour ?? 'unscored'})${r.explanation ? ` — ${r.explanation}` : ''}`}</title>
          </circle>
        ))}
        {last && (
          <text x={Math.min(x(max), PAD.l + w - 4)} y={y(last.score) - 10} textAnchor="end" className="last-label">
            {last.score}
          </text>
        )}
      </svg>
      <table className="visually-hidden">
        <caption>Health readings</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Score</th>
            <th scope="col">Colour</th>
          </tr>
        </thead>
        <tbody>
          {readings.map((r, i) => (
            <tr key={`${r.at}-${i}`}>
              <td>{day(times[i]!)}</td>
              <td>{r.score}</td>
              <td>{r.colour ?? 'unscored'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
