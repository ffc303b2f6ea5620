/**
 * The meeting endpoints' shapes, as the API declares them: imported type-only from the server's
 * response schemas, so the web app and the API cannot drift apart. The web app may not import the
 * server's code, except the pure rules of src/domain/, which give it the headings and lists.
 */
import type { RiskSeverity, Sentiment, TicketPriority } from '../../../src/domain/meeting/meeting.ts';
import type { RiskType, Side } from '../../../src/domain/model.ts';

export type { ActionItem } from '../../../src/server/routes/action-items.schema.ts';
export type { Agenda, AgendaEdit, AgendaItem, Attendee, Meeting, NotesDoc } from '../../../src/server/routes/meetings.schema.ts';
export type { Engagement, EngagementGap, FollowUp } from '../../../src/server/routes/wrap-up.schema.ts';
export type { MeetingState, Side } from '../../../src/domain/model.ts';
export type { Sentiment } from '../../../src/domain/meeting/meeting.ts';

/** The agenda's section headings, as the emailed agenda and the customer's page print them. */
export { SECTION_TITLES } from '../../../src/domain/agenda/agenda-sections.ts';

/** Every risk type and severity the API takes, in the order the pickers show them. */
export { RISK_TYPES } from '../../../src/domain/model.ts';
export { RISK_SEVERITIES as SEVERITIES } from '../../../src/domain/meeting/meeting.ts';

/** What the CSM captures during the call; sent in one wrap-up. */
export interface Capture {
  actionItems: { key: string; text: string; side: Side; owner: { userId?: string; contactId?: string; name?: string }; ownerName: string; dueDate: string | null }[];
  risks: { key: string; type: RiskType; severity: RiskSeverity; evidence: string; arrAtRisk: number | null }[];
  requests: { key: string; kind: 'ticket' | 'feature_request'; title: string; priority?: TicketPriority }[];
  csmSentiment: Sentiment | null;
  productSentiment: Sentiment | null;
  recordingUrl: string;
  summary: string;
}

export const emptyCapture = (): Capture => ({ actionItems: [], risks: [], requests: [], csmSentiment: null, productSentiment: null, recordingUrl: '', summary: '' });
