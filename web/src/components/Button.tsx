import type { ButtonHTMLAttributes, ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';

/** The one button: a variant, an optional icon before the text, and every native button attribute. */
export function Button({
  variant = 'secondary',
  size = 'md',
  icon: Icon,
  children,
  className,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: 'sm' | 'md'; icon?: LucideIcon; children?: ReactNode }) {
  return (
    <button type={type} className={['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', className ?? ''].filter(Boolean).join(' ')} {...rest}>
      {Icon && <Icon aria-hidden="true" size={size === 'sm' ? 14 : 16} strokeWidth={2} />}
      {children}
    </button>
  );
}
