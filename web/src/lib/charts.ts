/**
 * The charts' colours. The charts themselves are Recharts, loaded with the screen that draws one:
 * features/accounts/HealthChartPlot.tsx (health over time) and features/team/BarChartPlot.tsx (the
 * team pages' bars).
 */

// Tokens from styles.css, so the marks follow the light or dark theme.
const COLOURS: Record<string, string> = {
  green: 'var(--color-chart-green)',
  yellow: 'var(--color-chart-yellow)',
  red: 'var(--color-chart-red)',
  unscored: 'var(--color-chart-unscored)',
  blue: 'var(--color-chart-blue)',
};

/** A health colour's (or "blue"'s) CSS colour; anything unknown is blue. */
export function colourOf(name: string): string {
  return COLOURS[name] ?? COLOURS.blue!;
}
