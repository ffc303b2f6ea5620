import type { PlaybookSettings } from './playbook.ts';

/**
 * The playbook's settings until a team edits them: what PlaybookSettingsSchema makes of `{}`
 * (playbook-defaults.test.ts holds the two together). Written out rather than parsed at load, so
 * reading the settings (`cadence due`, every wrap-up) needs neither the playbook's rules, nor its
 * schema, nor the Luxon they bring (issue #16).
 */
export const DEFAULT_PLAYBOOK: PlaybookSettings = {
  send_agenda: { enabled: true, businessDaysBefore: 2 },
  cadence_overdue: { enabled: true },
  touch_overdue: { enabled: true },
  renewal: { enabled: true, daysBefore: [90, 60, 30] },
  licence_low: { enabled: true, belowPercent: 50 },
  licence_high: { enabled: true, abovePercent: 95 },
  security_alerts: { enabled: true },
  no_findings: { enabled: true, days: 30 },
  health_traits: { enabled: true, everyMonths: 2 },
  champion_left: { enabled: true },
  customer_items_overdue: { enabled: true },
  sales_context: { enabled: true },
};
