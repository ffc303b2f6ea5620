/**
 * The tasklist for the first call with an account (the handbook's "kickoff"): the agenda of a
 * first call is this list, with the security-alert step chosen by deployment.
 */
import type { Deployment } from '../model.ts';

export interface ChecklistStep {
  /** Stable, so an undiscussed step carries over to the next call without duplicating. */
  key: string;
  text: string;
}

/** The kickoff steps for an account on this deployment, in the order to cover them. */
export function kickoffChecklist(deployment: Deployment): ChecklistStep[] {
  const security: ChecklistStep[] =
    deployment === 'self_managed'
      ? [
          { key: 'security-notices', text: 'Sign up for security notices: strongly advised for self-managed instances' },
          { key: 'communication-preferences', text: 'Communication preference center: choose which emails you get from us' },
        ]
      : [
          { key: 'status-page', text: 'Status and communication preference pages: opt in to security alerts' },
          { key: 'status-subscription', text: 'Subscribe your administrator to status page updates' },
        ];
  return [
    { key: 'introductions', text: 'Introductions between our account team and yours' },
    { key: 'purchase-reasons', text: 'Why you bought and your primary use cases' },
    { key: 'training', text: 'Training needs: agree on enablement sessions' },
    { key: 'support', text: 'Our support offerings and how to open a ticket' },
    ...security,
    { key: 'recurring-calls', text: 'Set up our recurring cadence calls' },
  ];
}
