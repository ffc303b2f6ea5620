import type { KeyboardEvent } from 'react';
import { Bar as RechartsBar, BarChart, ResponsiveContainer, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { colourOf } from '../../lib/charts';
import type { Bar, StackPart } from './BarChart';
import './charts.css';

interface Row {
  name: string;
  value: number;
  bar: Bar;
}

/** Room right of the bars for the figure ("80% (4/5)", "$1,250,000 · 3"). */
const FIGURE_WIDTH = 124;

/** Room left of the bars for the longest label at 13px, so "Customer action items done" is not cut off. */
const labelWidth = (bars: Bar[]) => Math.min(260, Math.max(72, Math.ceil(Math.max(0, ...bars.map((b) => b.label.length)) * 7.6) + 16));

/**
 * The Recharts drawing behind BarChart, in its own module so the chart library loads only when a
 * team page draws a chart. Each bar is drawn by `BarShape`: its track, its value and its figure in
 * one group, so the whole row is the target of a click (a bar at 0% still has one).
 */
export default function BarChartPlot({ bars, max, height }: { bars: Bar[]; max: number; height: number }) {
  const rows: Row[] = bars.map((b) => ({ name: b.label, value: b.value === null ? 0 : Math.max(0, Math.min(max, b.value)), bar: b }));
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} layout="vertical" margin={{ top: 4, right: FIGURE_WIDTH, bottom: 4, left: 0 }} barCategoryGap={6} accessibilityLayer={false}>
        <XAxis type="number" domain={[0, max]} hide />
        <YAxis type="category" dataKey="name" width={labelWidth(bars)} axisLine={false} tickLine={false} tick={CategoryTick} interval={0} />
        <RechartsBar dataKey="value" isAnimationActive={false} shape={BarShape} />
      </BarChart>
    </ResponsiveContainer>
  );
}

function CategoryTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  // The bar's own name says the label to a screen reader; the axis says it to the eye.
  return (
    <text x={x} y={y} dy={4} dx={-8} textAnchor="end" fontSize={13} fill="var(--color-text)" aria-hidden="true">
      {String(payload?.value ?? '')}
    </text>
  );
}

function BarShape(props: BarShapeProps) {
  const row = props.payload as Row;
  const track = props.background ?? { x: props.x, y: props.y, width: props.width, height: props.height };
  const tx = track.x ?? props.x;
  const ty = track.y ?? props.y;
  const figure = (
    <text x={tx + track.width + 8} y={ty + track.height / 2} dy={4} fontSize={13} fill="var(--color-text)" className="bar-figure">
      {row.bar.display}
    </text>
  );
  const marks = (
    <>
      <rect className="bar-track" x={tx} y={ty} width={track.width} height={track.height} rx={3} fill="var(--color-surface-sunken)" />
      {props.width > 0 && <rect x={props.x} y={props.y} width={props.width} height={props.height} rx={3} fill={colourOf(row.bar.colour ?? 'blue')} />}
    </>
  );
  const name = `${row.bar.label}: ${row.bar.display}`;
  const select = row.bar.onSelect;
  if (!select) {
    return (
      <g role="img" aria-label={name}>
        {marks}
        <g aria-hidden="true">{figure}</g>
      </g>
    );
  }
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    select();
  };
  return (
    <g role="button" tabIndex={0} aria-label={name} className="bar-hit" onClick={select} onKeyDown={onKeyDown}>
      {marks}
      {figure}
    </g>
  );
}

/** The stacked health bar: one row, one segment per colour, each segment choosing its accounts. */
export function StackedBarPlot({ parts, onSelect }: { parts: StackPart[]; onSelect?: (key: string) => void }) {
  const total = parts.reduce((s, p) => s + p.value, 0);
  const row = Object.fromEntries([['name', 'accounts'], ...parts.map((p) => [p.key, p.value])]) as Record<string, number | string>;
  const shown = parts.filter((p) => p.value > 0);
  return (
    <ResponsiveContainer width="100%" height={22}>
      <BarChart data={[row]} layout="vertical" margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap={0} accessibilityLayer={false}>
        <XAxis type="number" domain={[0, Math.max(1, total)]} hide />
        <YAxis type="category" dataKey="name" hide />
        {total === 0 && <RechartsBar dataKey={() => 1} fill="var(--color-surface-sunken)" isAnimationActive={false} />}
        {shown.map((p, i) => (
          <RechartsBar
            key={p.key}
            dataKey={p.key}
            stackId="health"
            fill={colourOf(p.colour)}
            isAnimationActive={false}
            radius={shown.length === 1 ? 4 : i === 0 ? [4, 0, 0, 4] : i === shown.length - 1 ? [0, 4, 4, 0] : 0}
            className={onSelect ? 'stack-part' : undefined}
            onClick={onSelect ? () => onSelect(p.key) : undefined}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
