import type { HealthInputs } from './measures.ts';

export const NOW = new Date('2026-11-20T10:00:00Z');

/** Every default measure present and healthy. */
export function healthyInputs(overrides: HealthInputs = {}): HealthInputs {
  return {
    csm_sentiment: 'green',
    product_sentiment: 'green',
    cadence_adherence: { part: 4, whole: 4 },
    agenda_habit: { part: 4, whole: 4 },
    follow_up_habit: { part: 4, whole: 4 },
    customer_action_items: { part: 5, whole: 6 },
    licence_utilisation: { used: 900, bought: 1000, contractStart: '2026-02-01', renewalDate: '2027-02-01' },
    active_users: { part: 850, whole: 900 },
    open_critical_tickets: 0,
    escalations: 0,
    active_champion: true,
    economic_buyer_access: true,
    ...overrides,
  };
}
