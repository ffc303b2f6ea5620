import { useEffect } from 'react';
import { useLocation } from 'react-router';

/** The headings a link can open a meeting at: /meetings/ID#follow-up and so on (My day links here). */
const PANEL_HEADINGS: Record<string, string> = {
  agenda: 'agenda-h',
  notes: 'notes-h',
  'wrap-up': 'wrap-h',
  'follow-up': 'fu-h',
  capture: 'capture-h',
};

/**
 * Scrolls to and focuses the panel the URL's hash names, once it has rendered (panels load their
 * own data), so a link from My day lands on the exact thing to do and the keyboard is there too.
 */
export function usePanelFocus(): void {
  const { hash } = useLocation();
  useEffect(() => {
    const id = PANEL_HEADINGS[hash.replace(/^#/, '')];
    if (!id) return;
    let tries = 0;
    const timer = window.setInterval(() => {
      const heading = document.getElementById(id);
      tries += 1;
      if (heading) {
        window.clearInterval(timer);
        heading.tabIndex = -1;
        heading.scrollIntoView({ block: 'start' });
        heading.focus({ preventScroll: true });
        heading.closest('section, form')?.classList.add('panel-targeted');
      } else if (tries > 50) window.clearInterval(timer);
    }, 100);
    return () => window.clearInterval(timer);
  }, [hash]);
}
