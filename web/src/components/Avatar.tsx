import { useState } from 'react';

// Backgrounds that white initials read on at WCAG AA (4.5:1 or more), in styles.css (--color-avatar-N).
const PALETTE = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `var(--color-avatar-${n})`);

/** "Globex Corporation" → "GC", "sam" → "S": at most two letters, from the first and last words. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s\-_/.]+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w));
  if (words.length === 0) return '?';
  const first = [...words[0]!].find((c) => /\p{L}|\p{N}/u.test(c)) ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]!].find((c) => /\p{L}|\p{N}/u.test(c)) ?? '') : '';
  return (first + last).toUpperCase();
}

function colourFor(name: string): string {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.codePointAt(0)!) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

/**
 * A person's or a company's initials on a colour of its own; with `src` (a logo) the image, and the
 * initials again if the image does not load. Decorative next to the name it stands for unless `label` is given.
 */
export function Avatar({ name, src, size = 32, shape = 'circle', label }: { name: string; src?: string | null; size?: number; shape?: 'circle' | 'square'; label?: string }) {
  const [failed, setFailed] = useState(false);
  const style = { width: size, height: size, fontSize: Math.max(10, Math.round(size * 0.4)) };
  const className = `avatar avatar-${shape}`;
  if (src && !failed) {
    return <img className={className} style={style} src={src} alt={label ?? ''} onError={() => setFailed(true)} />;
  }
  return (
    <span className={className} style={{ ...style, background: colourFor(name) }} role={label ? 'img' : undefined} aria-label={label} aria-hidden={label ? undefined : true}>
      {initialsOf(name)}
    </span>
  );
}
