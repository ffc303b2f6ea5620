/**
 * The meeting endpoints' shapes, as the API declares them: imported type-only from the server's
 * response schemas, so the web app and the API cannot drift apart. The web app may not import the
 * server's code, so the lists it shows are its own, but typed by the API: a value the API lacks,
 * or one missing here, fails to compile (test/web/api-types.test.ts checks the labels).
 */
import type { AgendaSection, RiskSeverity, Sentiment } from '../../../src/domain/meeting/meeting.ts';
import type { RiskType, Side } from '../../../src/domain/model.ts';

export type { ActionItem } from '../../../src/server/routes/action-items.schema.ts';
export type { Agenda, AgendaEdit, AgendaItem, Attendee, Meeting, NotesDoc } from '../../../src/server/routes/meetings.schema.ts';
export type { Engagement, EngagementGap, FollowUp } from '../../../src/server/routes/wrap-up.schema.ts';
export type { MeetingState, Side } from '../../../src/domain/model.ts';
export type { Sentiment } from '../../../src/domain/meeting/meeting.ts';

/** The agenda's section headings, as the emailed agenda and the customer's page print them. */
export const SECTION_TITLES: Record<AgendaSection, string> = {
  internal_prep: 'Internal prep (not shared)',
  attendees: 'Attendees',
  materials: 'Advance materials',
  housekeeping: 'Intros & housekeeping',
  kickoff: 'Getting started',
  follow_ups: 'Follow-ups on previous items',
  business_outcomes: 'Strategic and business outcomes',
  pain_points: 'Pain points and blockers',
  initiatives: 'Updates on long-term initiatives',
  assistance: 'Where we can help: support tickets and feature requests',
  product_findings: 'Product findings since the last call',
  commercial: 'Renewal and licences',
  platform: 'Platform',
  suggested_topics: 'Suggested topics',
  customer_topics: 'Your topics',
  recap: 'Recap & next steps',
};

// Every risk type and severity the API takes, in the order the pickers show them.
const RISK_TYPE_ORDER: Record<RiskType, number> = { champion_leaving: 0, tool_consolidation: 1, competitor_hire: 2, budget: 3, low_adoption: 4, support_escalation: 5, other: 6 };
const SEVERITY_ORDER: Record<RiskSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };
export const RISK_TYPES = Object.keys(RISK_TYPE_ORDER) as RiskType[];
export const SEVERITIES = Object.keys(SEVERITY_ORDER) as RiskSeverity[];

/** What the CSM captures during the call; sent in one wrap-up. */
export interface Capture {
  actionItems: { key: string; text: string; side: Side; owner: { userId?: string; contactId?: string; name?: string }; ownerName: string; dueDate: string | null }[];
  risks: { key: string; type: (typeof RISK_TYPES)[number]; severity: (typeof SEVERITIES)[number]; evidence: string; arrAtRisk: number | null }[];
  requests: { key: string; kind: 'ticket' | 'feature_request'; title: string; priority?: 'urgent' | 'high' | 'normal' | 'low' }[];
  csmSentiment: Sentiment | null;
  productSentiment: Sentiment | null;
  recordingUrl: string;
  summary: string;
}

export const emptyCapture = (): Capture => ({ actionItems: [], risks: [], requests: [], csmSentiment: null, productSentiment: null, recordingUrl: '', summary: '' });
