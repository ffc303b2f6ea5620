import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

/** A titled region of a page: its heading names it for screen readers (aria-labelledby). */
export function Card({ id, title, icon: Icon, actions, children, className }: { id: string; title: ReactNode; icon?: LucideIcon; actions?: ReactNode; children: ReactNode; className?: string }) {
  const headingId = `${id}-title`;
  return (
    <section className={['ui-card', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={headingId}>
      <header className="ui-card-head">
        <h2 id={headingId}>
          {Icon && <Icon aria-hidden="true" size={18} strokeWidth={2} />}
          {title}
        </h2>
        {actions && <div className="ui-card-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
