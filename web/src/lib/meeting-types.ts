/** Shapes of the meeting endpoints, as the API answers them. */

export type MeetingState = 'planned' | 'agenda_sent' | 'held' | 'followed_up' | 'complete' | 'cancelled';
export type Sentiment = 'green' | 'yellow' | 'red';
export type Side = 'vendor' | 'customer';

export interface Attendee {
  kind: 'user' | 'contact';
  id: string;
  name: string;
  email: string | null;
  side: Side;
  role: string | null;
  shadowing: boolean;
}

export interface Meeting {
  id: string;
  accountId: string;
  type: string;
  title: string;
  state: MeetingState;
  startsAt: string;
  endsAt: string | null;
  timezone: string;
  attendees: Attendee[];
  notes: string;
  notesVersion: number;
  recordingUrl: string | null;
  csmSentiment: Sentiment | null;
  productSentiment: Sentiment | null;
  summary: string | null;
  agendaSentAt: string | null;
  heldAt: string | null;
  followUpSentAt: string | null;
  cancelledAt: string | null;
}

export const SECTION_TITLES: Record<string, string> = {
  internal_prep: 'Internal prep (not shared)',
  attendees: 'Attendees',
  materials: 'Advance materials',
  housekeeping: 'Intros & housekeeping',
  kickoff: 'Getting started',
  follow_ups: 'Follow-ups on previous items',
  business_outcomes: 'Strategic and business outcomes',
  pain_points: 'Pain points and blockers',
  initiatives: 'Updates on long-term initiatives',
  assistance: 'Where we can help: tickets and requests',
  product_findings: 'Product findings since the last call',
  commercial: 'Renewal and licences',
  platform: 'Platform',
  suggested_topics: 'Suggested topics',
  customer_topics: 'Your topics',
  recap: 'Recap & next steps',
};

export interface AgendaItem {
  id: string;
  section: string;
  text: string;
  source: { type: string; id?: string } | null;
  addedBy: 'csm' | 'customer' | 'cadence';
  visibility: 'shared' | 'internal';
  discussed: boolean;
  notes: string;
  carriedOverFrom: string | null;
}

export interface Agenda {
  meetingId: string;
  items: AgendaItem[];
}

export type AgendaEdit =
  | { op: 'add'; text: string; section: string; internal?: boolean }
  | { op: 'edit'; itemId: string; text: string }
  | { op: 'move'; itemId: string; toIndex: number }
  | { op: 'up' | 'down' | 'drop'; itemId: string }
  | { op: 'discussed'; itemId: string; discussed: boolean }
  | { op: 'visibility'; itemId: string; internal: boolean };

export interface NotesDoc {
  version: number;
  notes: string;
  itemNotes: Record<string, string>;
}

export interface ActionItem {
  id: string;
  accountId: string;
  meetingId: string | null;
  text: string;
  owner: { kind: 'user' | 'contact'; id: string; name: string };
  side: Side;
  dueDate: string | null;
  status: 'open' | 'done' | 'dropped';
  lastUpdate: string | null;
  createdAt: string;
}

export interface FollowUp {
  meetingId: string;
  subject: string;
  text: string;
  html: string;
  recipients: string[];
  dueAt: string;
  draftedAt: string;
  sentAt: string | null;
}

export type EngagementGap =
  | { kind: 'not_held' }
  | { kind: 'follow_up_not_sent' }
  | { kind: 'request_not_opened'; requestId: string; requestKind: 'ticket' | 'feature_request'; title: string };

export interface Engagement {
  engagement: { complete: boolean; effective: boolean | null; gaps: EngagementGap[] };
  requests: { id: string; kind: 'ticket' | 'feature_request'; title: string; externalId: string | null; url: string | null; dismissedReason: string | null }[];
}

export const RISK_TYPES = ['champion_leaving', 'tool_consolidation', 'competitor_hire', 'budget', 'low_adoption', 'support_escalation', 'other'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

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
