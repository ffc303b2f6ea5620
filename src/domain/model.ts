/**
 * The words of the CSM's world, as types. Every layer speaks these; the store maps its
 * snake_case rows onto them and the API serialises them as they are.
 */

export const ROLES = ['admin', 'manager', 'csm', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const SEGMENTS = ['enterprise', 'commercial', 'scale'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const STAGES = ['onboarding', 'adoption', 'steady', 'renewal', 'at_risk', 'churned'] as const;
export type Stage = (typeof STAGES)[number];

export const DEPLOYMENTS = ['saas', 'self_managed', 'dedicated'] as const;
export type Deployment = (typeof DEPLOYMENTS)[number];

export const CONTACT_ROLES = ['champion', 'economic_buyer', 'admin', 'user'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CONTACT_STATUSES = ['active', 'left'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Who sits on the account team besides the owner CSM (GitLab's SAL/AE, SA, CE; shadows). */
export const TEAM_ROLES = ['csm', 'ae', 'sa', 'ce', 'shadow'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const RISK_TYPES = ['champion_leaving', 'tool_consolidation', 'competitor_hire', 'budget', 'low_adoption', 'support_escalation', 'other'] as const;
export type RiskType = (typeof RISK_TYPES)[number];

export const MEETING_TYPES = ['kickoff', 'cadence', 'cbr', 'training', 'troubleshooting', 'internal_review'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export const MEETING_STATES = ['planned', 'agenda_sent', 'held', 'followed_up', 'complete', 'cancelled'] as const;
export type MeetingState = (typeof MEETING_STATES)[number];

export const SIDES = ['vendor', 'customer'] as const;
export type Side = (typeof SIDES)[number];

/** Health as the colour a CSM reads at a glance. */
export const HEALTH_COLOURS = ['green', 'yellow', 'red'] as const;
export type HealthColour = (typeof HEALTH_COLOURS)[number];

/** ISO 8601 instant in UTC, e.g. 2026-11-22T09:30:00.000Z. */
export type Instant = string;
/** Calendar date, YYYY-MM-DD. */
export type CalendarDate = string;

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  timezone: string;
  managerId: string | null;
  active: boolean;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface TeamMember {
  userId: string;
  role: TeamRole;
}

export interface Account {
  id: string;
  name: string;
  segment: Segment;
  stage: Stage;
  deployment: Deployment;
  productVersion: string | null;
  arr: number | null;
  renewalDate: CalendarDate | null;
  contractStartDate: CalendarDate | null;
  licencesBought: number | null;
  licencesUsed: number | null;
  ownerId: string | null;
  timezone: string;
  securityAlertsOptIn: boolean;
  healthColour: HealthColour | null;
  healthScore: number | null;
  externalId: string | null;
  crmId: string | null;
  tags: string[];
  team: TeamMember[];
  archivedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

/** What the book of business shows beside an account: its calls, open risks and cadence state. */
export interface AccountActivity {
  lastCallAt: string | null;
  nextCallAt: string | null;
  openRisks: number;
  nextCallDue: string | null;
  overdueDays: number | null;
  /** The account's web domain (the first of its domains), for its logo; null when it has none. */
  domain: string | null;
}

export interface Contact {
  id: string;
  accountId: string;
  name: string;
  email: string | null;
  title: string | null;
  role: ContactRole;
  status: ContactStatus;
  phone: string | null;
  externalId: string | null;
  archivedAt: Instant | null;
  createdAt: Instant;
  updatedAt: Instant;
}

export interface TimelineEntry {
  id: string;
  accountId: string;
  kind: string;
  summary: string;
  detail: unknown;
  actorId: string | null;
  occurredAt: Instant;
}

export interface AuditEntry {
  id: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  at: Instant;
}

/** The person (or the local CLI) on whose behalf a use case runs. */
export interface Actor {
  /** null for the local operator running the CLI, who acts as an admin. */
  id: string | null;
  role: Role;
  /** Ids of the users who report to this actor (managers' teams). */
  reportIds: string[];
  label: string;
}

/** Share of the bought licences in use (1 = all of them), or null when either figure is unknown. */
export function licenceUse(account: Pick<Account, 'licencesBought' | 'licencesUsed'>): number | null {
  const { licencesBought: bought, licencesUsed: used } = account;
  return bought && bought > 0 && used !== null ? used / bought : null;
}
