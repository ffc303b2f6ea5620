import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { LucideIcon } from 'lucide-react';

export interface TabItem {
  id: string;
  label: string;
  icon?: LucideIcon;
  /** A count shown after the label (open items); read as ", 3" by screen readers. */
  count?: number | null;
}

/**
 * Tabs after the WAI-ARIA tabs pattern (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one tab in the
 * page's tab order, Left/Right move and select (wrapping), Home/End go to the first and last.
 * Which tab is selected belongs to the caller (the URL, for deep links).
 */
export function Tabs({ label, idPrefix, tabs, selected, onSelect }: { label: string; idPrefix: string; tabs: TabItem[]; selected: string; onSelect: (id: string) => void }) {
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  function onKeyDown(event: KeyboardEvent, index: number) {
    const last = tabs.length - 1;
    const next = event.key === 'ArrowRight' ? (index === last ? 0 : index + 1) : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1) : event.key === 'Home' ? 0 : event.key === 'End' ? last : null;
    if (next === null) return;
    event.preventDefault();
    const tab = tabs[next]!;
    onSelect(tab.id);
    buttons.current.get(tab.id)?.focus();
  }
  return (
    <div className="ui-tabs" role="tablist" aria-label={label}>
      {tabs.map((t, i) => {
        const Icon = t.icon;
        const isSelected = t.id === selected;
        return (
          <button
            key={t.id}
            ref={(el) => {
              if (el) buttons.current.set(t.id, el);
              else buttons.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t.id}`}
            aria-selected={isSelected}
            aria-controls={`${idPrefix}-panel-${t.id}`}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(t.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {Icon && <Icon aria-hidden="true" size={16} strokeWidth={2} />}
            {t.label}
            {t.count != null && t.count > 0 && (
              <span className="tab-count">
                <span className="visually-hidden">, </span>
                {t.count}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}

/** The panel of one tab; only the selected one is drawn (the others stay, empty and hidden, for aria-controls). */
export function TabPanel({ idPrefix, id, selected, children }: { idPrefix: string; id: string; selected: boolean; children: ReactNode }) {
  return (
    <div className="ui-tabpanel" role="tabpanel" id={`${idPrefix}-panel-${id}`} aria-labelledby={`${idPrefix}-tab-${id}`} tabIndex={0} hidden={!selected}>
      {selected ? children : null}
    </div>
  );
}
