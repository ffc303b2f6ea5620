import { describe, expect, it } from 'vitest';
import { PALETTE, colourFor, firstNameOf, initialsOf } from '../../web/src/features/meetings/live/colours.ts';

/** Relative luminance and contrast as WCAG 2 defines them. */
function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (l + 0.05);
}

describe('the faces of the people in the live notes', () => {
  it('gives a person the same colour on every screen and every visit', () => {
    expect(colourFor('01a2-priya')).toBe(colourFor('01a2-priya'));
    const colours = new Set(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9', 'u10', 'u11', 'u12'].map(colourFor));
    expect(colours.size).toBeGreaterThan(4);
  });

  it('writes white initials readably on every colour (WCAG AA, 4.5:1)', () => {
    for (const colour of PALETTE) expect(contrastWithWhite(colour), colour).toBeGreaterThanOrEqual(4.5);
  });

  it('shows initials and first names as people write their names', () => {
    expect(initialsOf('Priya Shah')).toBe('PS');
    expect(initialsOf('Ana María de la Cruz')).toBe('AC');
    expect(initialsOf('  cher ')).toBe('C');
    expect(initialsOf('')).toBe('?');
    expect(firstNameOf('Priya Shah')).toBe('Priya');
  });
});
