/**
 * One colour per person, the same on every screen: picked from the user's id rather than taken
 * from the wire, so a cursor, its selection and the person's initials always agree. Each is dark
 * enough for white initials on it (WCAG AA), and the selection shade is the same hue, light.
 */
export const PALETTE = ['#1d4ed8', '#b91c1c', '#047857', '#7c3aed', '#b45309', '#be185d', '#0e7490', '#4d7c0f'] as const;

export function colourIndexFor(userId: string): number {
  let hash = 0;
  for (let i = 0; i < userId.length; i += 1) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return hash % PALETTE.length;
}

export const colourFor = (userId: string): string => PALETTE[colourIndexFor(userId)]!;

export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!] : words;
  return letters.map((w) => w[0]!.toUpperCase()).join('') || '?';
}

export const firstNameOf = (name: string): string => name.trim().split(/\s+/)[0] || name;
