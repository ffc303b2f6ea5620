import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

export type Tone = 'neutral' | 'success' | 'warning' | 'danger' | 'info' | 'accent';

/** A small pill of status: a tone from the design tokens, an optional icon. */
export function Badge({ tone = 'neutral', icon: Icon, children, className, title }: { tone?: Tone; icon?: LucideIcon; children: ReactNode; className?: string; title?: string }) {
  return (
    <span className={['pill', `pill-${tone}`, className ?? ''].filter(Boolean).join(' ')} title={title}>
      {Icon && <Icon aria-hidden="true" size={12} strokeWidth={2.5} />}
      {children}
    </span>
  );
}

/** The tone a health colour reads in, everywhere it is shown. */
export function healthTone(colour: string | null | undefined): Tone {
  return colour === 'green' ? 'success' : colour === 'yellow' ? 'warning' : colour === 'red' ? 'danger' : 'neutral';
}
