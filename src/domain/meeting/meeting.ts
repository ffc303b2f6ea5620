/**
 * The meeting lifecycle's vocabulary: meetings, agendas and everything an agenda is built from
 * (action items, tickets, feature requests, product findings, success-plan objectives, risks and
 * the suggested-topic library). The store maps its rows onto these; the domain functions in
 * agenda.ts, follow-up.ts, engagement.ts and meeting-state.ts read and return them.
 */
import type { CalendarDate, Deployment, Instant, MeetingState, MeetingType, Segment, Side } from '../model.ts';
import type { RiskRecord } from '../account/risks.ts';

/** Someone on the call. Users are the vendor's people, contacts the customer's. */
export interface Attendee {
  kind: 'user' | 'contact';
  id: string;
  name: string;
  email: string | null;
  side: Side;
  /** A title or team role shown beside the name ("CSM", "VP Engineering"). */
  role: string | null;
  /** A new CSM learning by watching (see the shadowing handbook): listed, never the owner. */
  shadowing: boolean;
}

/** CSM's read of the relationship and of the product's fit, recorded when the call is wrapped up. */
export const SENTIMENTS = ['green', 'yellow', 'red'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export interface Meeting {
  id: string;
  accountId: string;
  type: MeetingType;
  /** By convention "<Vendor> / <Customer> CSM Call". */
  title: string;
  state: MeetingState;
  startsAt: Instant;
  endsAt: Instant | null;
  attendees: Attendee[];
  /** Free notes beside the per-item notes held on agenda items, in Markdown. */
  notes: string;
  /** Incremented on every accepted notes save; a save against an older version is refused. */
  notesVersion: number;
  recordingUrl: string | null;
  csmSentiment: Sentiment | null;
  productSentiment: Sentiment | null;
  agendaSentAt: Instant | null;
  heldAt: Instant | null;
  followUpSentAt: Instant | null;
  cancelledAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** Where an agenda section sits and what it is about; the order is the order of the call. */
export const AGENDA_SECTIONS = [
  'internal_prep',
  'attendees',
  'materials',
  'housekeeping',
  'kickoff',
  'follow_ups',
  'business_outcomes',
  'pain_points',
  'initiatives',
  'assistance',
  'product_findings',
  'commercial',
  'platform',
  'suggested_topics',
  'customer_topics',
  'recap',
] as const;
export type AgendaSection = (typeof AGENDA_SECTIONS)[number];

export const AGENDA_SOURCE_TYPES = [
  'attendee',
  'material',
  'contact',
  'action_item',
  'ticket',
  'request',
  'finding',
  'objective',
  'risk',
  'health',
  'topic',
  'hot_topic',
  'renewal',
  'licence',
  'platform',
  'checklist',
  'prompt',
  'next_call',
  'use_case',
] as const;
export type AgendaSourceType = (typeof AGENDA_SOURCE_TYPES)[number];

/** What an agenda item was made from, so the CSM can jump to it and the builder can de-duplicate. */
export interface AgendaSource {
  type: AgendaSourceType;
  /** The record's id, or a stable key for generated items ('version', 'licence-near-cap', ...). */
  id?: string;
}

/** Shared items are in the customer's copy; internal ones (risks, health, ARR) never leave the team. */
export type Visibility = 'shared' | 'internal';

export interface AgendaItem {
  id: string;
  section: AgendaSection;
  text: string;
  /** null for items typed by a person. */
  source: AgendaSource | null;
  addedBy: 'csm' | 'customer' | 'cadence';
  visibility: Visibility;
  /** The CSM's reason for the item (why it is on the agenda, what to probe): internal, never shared; `text` is the customer's wording. */
  prepNote?: string | null;
  discussed: boolean;
  /** Markdown notes taken against this item during the call: internal, never shared. */
  notes: string;
  /** Set when the item came back because it was not discussed last time. */
  carriedOverFrom: string | null;
}

export interface Agenda {
  meetingId: string;
  items: AgendaItem[];
}

export const ACTION_ITEM_STATUSES = ['open', 'done', 'dropped'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export interface ActionItemOwner {
  kind: 'user' | 'contact';
  id: string;
  name: string;
}

export interface ActionItem {
  id: string;
  accountId: string;
  /** The call it was born in; null when added by hand between calls. */
  meetingId: string | null;
  text: string;
  owner: ActionItemOwner;
  side: Side;
  dueDate: CalendarDate | null;
  status: ActionItemStatus;
  /** The latest progress note the owner gave; the follow-up says so when there is none. */
  lastUpdate: string | null;
  /** When the customer can expect news on an item that has no update yet. */
  expectedUpdateOn: CalendarDate | null;
  createdAt: Instant;
  completedAt: Instant | null;
}

/** Most pressing first: lists of tickets sort by this order. */
export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Negative when `a` is more pressing than `b`. */
export function compareTicketPriority(a: TicketPriority, b: TicketPriority): number {
  return TICKET_PRIORITIES.indexOf(a) - TICKET_PRIORITIES.indexOf(b);
}

/**
 * Statuses of a ticket or feature request raised in a call before any tracker has it: `to_open`
 * until it is opened there, `dismissed` when the CSM decided not to (with a reason).
 */
export const RAISED_STATUSES = ['to_open', 'dismissed'] as const;

/** Every status a ticket can have here: the trackers' (tracker-sync.ts) and the raised ones. */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed', ...RAISED_STATUSES] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Open tickets: in a tracker and not solved or closed. Agendas, health and the account read these. */
export const OPEN_TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const satisfies readonly TicketStatus[];

export function isOpenTicket(t: { status: string }): boolean {
  return (OPEN_TICKET_STATUSES as readonly string[]).includes(t.status);
}

export interface SupportTicket {
  id: string;
  accountId: string;
  title: string;
  priority: TicketPriority;
  status: TicketStatus;
  externalId: string | null;
  url: string | null;
  openedAt: Instant;
  updatedAt: Instant;
}

export const FEATURE_REQUEST_STATUSES = ['open', 'under_review', 'planned', 'in_progress', 'shipped', 'declined', ...RAISED_STATUSES] as const;
export type FeatureRequestStatus = (typeof FEATURE_REQUEST_STATUSES)[number];

/** Open feature requests: in a tracker and neither shipped nor declined. */
export const OPEN_FEATURE_REQUEST_STATUSES = ['open', 'under_review', 'planned', 'in_progress'] as const satisfies readonly FeatureRequestStatus[];

export function isOpenFeatureRequest(r: { status: string }): boolean {
  return (OPEN_FEATURE_REQUEST_STATUSES as readonly string[]).includes(r.status);
}

export interface FeatureRequest {
  id: string;
  accountId: string;
  title: string;
  status: FeatureRequestStatus;
  externalId: string | null;
  url: string | null;
  /** The release it shipped in, when it did (release announcements). */
  shippedIn: string | null;
  shippedAt: Instant | null;
  createdAt: Instant;
}

// 'other' too: the findings webhook and CSV import take it, so a stored finding can be one.
export const FINDING_KINDS = ['vulnerability', 'error', 'usage', 'other'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Something the product found or measured for the account. */
export interface ProductFinding {
  id: string;
  accountId: string;
  kind: FindingKind;
  severity: FindingSeverity;
  title: string;
  foundAt: Instant;
}

export const OBJECTIVE_STATUSES = ['not_started', 'on_track', 'at_risk', 'achieved', 'abandoned'] as const;
export type ObjectiveStatus = (typeof OBJECTIVE_STATUSES)[number];

/** A success-plan objective: a business outcome, or a long-term initiative that serves one. */
export interface SuccessObjective {
  id: string;
  accountId: string;
  title: string;
  kind: 'outcome' | 'initiative';
  status: ObjectiveStatus;
  /** 0–100. */
  progress: number;
  targetDate: CalendarDate | null;
  /** False for objectives the team keeps to itself: on the agenda they are internal items. */
  customerVisible?: boolean;
}

export const RISK_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type RiskSeverity = (typeof RISK_SEVERITIES)[number];

/** What the agenda needs of a risk; the risk itself is risks.ts's `RiskRecord`. */
export type Risk = Pick<RiskRecord, 'id' | 'accountId' | 'type' | 'severity' | 'arrAtRisk' | 'evidence' | 'status' | 'createdAt'>;

/** A topic from the library managers curate; good at any time, rotated between calls. */
export interface SuggestedTopic {
  id: string;
  text: string;
  /** Limits the topic to these deployments (e.g. backups only for self-managed); empty: all. */
  deployments: Deployment[];
  segments: Segment[];
  active: boolean;
  /** The curated order; ties in rotation fall back to it. */
  position: number;
}

/** A short-lived topic (a release, a product manager's request), shown only while it is live. */
export interface HotSheetTopic {
  id: string;
  text: string;
  startsOn: CalendarDate;
  expiresOn: CalendarDate;
  deployments: Deployment[];
}

/** A ticket or feature request the customer raised in the call, which the CSM must open or dismiss. */
export interface RequestRaised {
  id: string;
  meetingId: string;
  kind: 'ticket' | 'feature_request';
  title: string;
  /** Set once it is opened in the tracker. */
  externalId: string | null;
  url: string | null;
  dismissedReason: string | null;
}
