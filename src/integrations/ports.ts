/**
 * The small interfaces services see. Vendor code stays behind them: a sync service pulls pages
 * of TrackerItems from a TicketSource, a wrap-up pushes a meeting to a CrmClient, and so on.
 */
import type { TicketPriority } from '../domain/meeting/meeting.ts';

export type TrackerItemKind = 'ticket' | 'feature_request';
export type TrackerStatus = 'open' | 'pending' | 'closed';
/** Trackers' priorities are mapped onto Cadence's own scale. */
export type TrackerPriority = TicketPriority;

/** What an item says about whose it is; account-matching.ts turns it into an account id. */
export interface AccountKey {
  /** Zendesk organization_id, a Jira organisation/custom-field value. */
  orgId?: string;
  /** Every label/tag the item carries (matching looks for a configured one among them). */
  labels?: string[];
  /** The requester's or reporter's email domain, lower case. */
  emailDomain?: string;
}

/** A support ticket or feature request as Cadence keeps it, whatever tracker it came from. */
export interface TrackerItem {
  /** The TicketSource name: "zendesk", "jira", "gitlab", "github". */
  source: string;
  /** Stable id in the tracker (never the display key, which can change when moved). */
  externalId: string;
  kind: TrackerItemKind;
  title: string;
  status: TrackerStatus;
  /** The tracker's own status word, shown beside ours ("hold", "In Review"). */
  rawStatus: string;
  priority: TrackerPriority | null;
  /** Where a person opens it (the agent or web page, not the API URL). */
  url: string;
  accountKey: AccountKey;
  /** ISO 8601 instants in UTC. */
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** Deleted upstream: the sync closes it here. */
  deleted?: boolean;
}

/**
 * One page of changes and the cursor to store once the page is committed. Resuming from any
 * page's cursor misses nothing (it may repeat the last few items, which upserts absorb).
 */
export interface TrackerPage {
  items: TrackerItem[];
  nextCursor: string;
}

/** What Cadence asks a tracker to open for a ticket or request captured in a meeting. */
export interface TrackerItemCreate {
  /**
   * Same key → same item: stored in the tracker (Zendesk external_id, Jira label, a marker in
   * the GitLab/GitHub description) and looked up before creating, so a retry never duplicates.
   */
  idempotencyKey: string;
  kind: TrackerItemKind;
  title: string;
  /** Customer context in plain text or Markdown. */
  description: string;
  /** The meeting in Cadence, linked from the item. */
  linkBack: string;
  priority?: TrackerPriority | null;
  /** Who it is for: an organisation id to attach (Zendesk), labels to add (all trackers). */
  accountKey?: AccountKey;
}

export interface CreatedTrackerItem {
  externalId: string;
  url: string;
  /** False when an item with this idempotency key already existed and was returned instead. */
  created: boolean;
}

/** The outcome of `cadence integrations test NAME`. Failures throw IntegrationError. */
export interface ConnectionCheck {
  ok: true;
  /** "Signed in to Zendesk as Ann (admin)". */
  detail: string;
}

export interface TicketSource {
  readonly name: string;
  /**
   * Items changed since `cursor` (null: everything), oldest change first, page by page until
   * the tracker has nothing more. Stops early when `signal` aborts.
   */
  listChanged(cursor: string | null, signal?: AbortSignal): AsyncIterable<TrackerPage>;
  /** Opens the item unless one with the same idempotency key exists. */
  createItem(input: TrackerItemCreate): Promise<CreatedTrackerItem>;
  testConnection(): Promise<ConnectionCheck>;
}

export interface CrmActionItem {
  text: string;
  owner?: string;
  dueDate?: string;
}

/** A held meeting as pushed to the CRM. */
export interface CrmMeeting {
  /** Same key → same activity, where the CRM can look it up; see each client. */
  idempotencyKey: string;
  /** The CRM's company/account id (Account.crmId). */
  companyId: string;
  title: string;
  startedAt: string;
  endedAt?: string;
  summary: string;
  notesUrl: string;
  actionItems: CrmActionItem[];
  /** The activity created by an earlier push: updated in place instead of created. */
  existingId?: string;
}

export interface CrmClient {
  readonly name: string;
  /** Records the meeting as an activity on the company/account. */
  pushMeeting(meeting: CrmMeeting): Promise<{ externalId: string; created: boolean }>;
  /** Writes configured fields (health, open risks) on the company/account. */
  updateAccountFields(companyId: string, fields: Record<string, string | number | boolean | null>): Promise<void>;
  testConnection(): Promise<ConnectionCheck>;
}

export interface ChatMessage {
  /** Always set: it is the notification text and the fallback when blocks cannot show. */
  text: string;
  /** Slack Block Kit blocks, passed through as given. */
  blocks?: unknown[];
}

export interface ChatNotifier {
  readonly name: string;
  post(message: ChatMessage): Promise<void>;
  /** Posts a short "Cadence is connected" message: a webhook cannot be checked otherwise. */
  testConnection(): Promise<ConnectionCheck>;
}

/** A transcript exactly as the vendor gives it; parsing is the transcript module's job. */
export type RawTranscript = { format: 'vtt'; text: string } | { format: 'gong'; json: unknown };

export interface TranscriptSource {
  readonly name: string;
  /** The transcript of one recorded meeting (Gong call id, Zoom meeting id or UUID). */
  fetchTranscript(recordingRef: string, signal?: AbortSignal): Promise<RawTranscript>;
  testConnection(): Promise<ConnectionCheck>;
}
