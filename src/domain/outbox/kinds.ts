/**
 * What the outbox carries besides mail, and how each kind is named for an admin. Pure.
 *
 * - `slack_post`: a message to a Slack channel through an incoming webhook.
 * - `tracker_issue`: a ticket or feature request raised in a call, opened in Zendesk, Jira, GitLab or GitHub.
 * - `crm_log`: a held meeting logged as an activity on the CRM company/account (HubSpot, Salesforce).
 */
export const OUTBOX_KINDS = ['mail', 'slack_post', 'tracker_issue', 'crm_log'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * Whether a row whose last attempt was cut off mid-send (the process died holding it) may simply
 * be sent again. A mail keeps its Message-ID, trackers and CRMs are looked up by Cadence's key
 * before creating; a Slack webhook has no idempotency at all, so an interrupted post waits for
 * a person (a dead letter) rather than risk posting twice.
 */
export function resendableAfterInterruption(kind: string): boolean {
  return kind !== 'slack_post';
}

/** The dead letter's error when a post without idempotency was interrupted. */
export const INTERRUPTED_POST = 'the previous attempt was cut off while posting and Slack cannot tell whether the message arrived: look in the channel, and retry only if it is missing';

function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** "Slack (team-channel, #cs-acme): "First line of the message…"": never the whole text. */
export function slackSummary(post: { integrationName: string; channel?: string; text: string }): string {
  const where = post.channel ? `${post.integrationName}, ${post.channel}` : post.integrationName;
  return `Slack (${where}): "${clip(post.text, 80)}"`;
}

/** "Zendesk (support): ticket "SSO login loops"". */
export function trackerSummary(item: { integrationName: string; kind: 'ticket' | 'feature_request'; title: string }): string {
  return `${item.integrationName}: ${item.kind === 'feature_request' ? 'feature request' : 'ticket'} "${clip(item.title, 120)}"`;
}

/** "HubSpot (crm): log "Quarterly review" on Acme". */
export function crmSummary(log: { integrationName: string; meetingTitle: string; accountName: string }): string {
  return `${log.integrationName}: log "${clip(log.meetingTitle, 100)}" on ${clip(log.accountName, 100)}`;
}
