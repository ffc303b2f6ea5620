/**
 * The meeting endpoints' shapes, as the API declares them: imported type-only from the server's
 * response schemas, so the web app and the API cannot drift apart. The rule lists come from the
 * domain itself. Only the capture form's own state is defined here.
 */
import type { Sentiment } from '../../../src/domain/meeting.ts';
import { RISK_SEVERITIES } from '../../../src/domain/meeting.ts';
import type { Side } from '../../../src/domain/model.ts';
import { RISK_TYPES } from '../../../src/domain/model.ts';

export type { ActionItem } from '../../../src/server/routes/action-items.schema.ts';
export type { Agenda, AgendaEdit, AgendaItem, Attendee, Meeting, NotesDoc } from '../../../src/server/routes/meetings.schema.ts';
export type { Engagement, EngagementGap, FollowUp } from '../../../src/server/routes/wrap-up.schema.ts';
export type { MeetingState, Side } from '../../../src/domain/model.ts';
export type { Sentiment } from '../../../src/domain/meeting.ts';
export { SECTION_TITLES } from '../../../src/domain/agenda-sections.ts';
export { RISK_TYPES } from '../../../src/domain/model.ts';
export const SEVERITIES = RISK_SEVERITIES;

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
