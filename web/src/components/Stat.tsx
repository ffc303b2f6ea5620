import type { ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';
import type { Tone } from './Badge';

/** One figure with its label (a <dt>/<dd> pair, so it must sit inside a <dl>) and an optional hint under it. */
export function Stat({ label, value, hint, icon: Icon, tone = 'neutral', testId }: { label: string; value: ReactNode; hint?: ReactNode; icon?: LucideIcon; tone?: Tone; testId?: string }) {
  return (
    <div className={`stat stat-${tone}`} data-testid={testId}>
      <dt>
        {Icon && <Icon aria-hidden="true" size={14} strokeWidth={2} />}
        {label}
      </dt>
      <dd>
        <span className="stat-value">{value}</span>
        {hint && <span className="stat-hint">{hint}</span>}
      </dd>
    </div>
  );
}
