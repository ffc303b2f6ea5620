/** Row shapes as the database holds them (snake_case, ISO text times, 0/1 booleans). */

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  timezone: string;
  manager_id: string | null;
  password_hash: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  /** Migration 2026-12-03-061: the idle timeout counts from here; null until first used. */
  last_seen_at?: string | null;
  user_agent?: string | null;
}

/** One-time password-reset links (migration 2026-12-03-061). */
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Rate-limit hits shared by every node on PostgreSQL (migration 2026-12-03-061). */
export interface RateLimitCountersTable {
  key: string;
  hits: number;
  reset_at: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AccountsTable {
  id: string;
  name: string;
  segment: string;
  stage: string;
  deployment: string;
  product_version: string | null;
  arr: number | null;
  renewal_date: string | null;
  contract_start_date: string | null;
  licences_bought: number | null;
  licences_used: number | null;
  owner_id: string | null;
  timezone: string;
  security_alerts_opt_in: number;
  health_colour: string | null;
  health_score: number | null;
  /** An expansion opportunity flagged by the account team (reviews' top-3 criterion). */
  expansion_note?: string | null;
  expansion_amount?: number | null;
  external_id: string | null;
  crm_id: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AccountTeamMembersTable {
  account_id: string;
  user_id: string;
  role: string;
}

export interface AccountTagsTable {
  account_id: string;
  tag: string;
}

export interface ExternalIdsTable {
  entity_type: string;
  entity_id: string;
  system: string;
  value: string;
}

export interface ContactsTable {
  id: string;
  account_id: string;
  name: string;
  email: string | null;
  title: string | null;
  role: string;
  status: string;
  phone: string | null;
  external_id: string | null;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TimelineEntriesTable {
  id: string;
  account_id: string;
  kind: string;
  summary: string;
  detail: string | null;
  actor_id: string | null;
  occurred_at: string;
}

export interface AuditLogTable {
  id: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: string | null;
  after: string | null;
  at: string;
}

export interface MeetingsTable {
  id: string;
  account_id: string;
  series_id: string | null;
  type: string;
  title: string;
  starts_at: string;
  ends_at: string;
  timezone: string;
  state: string;
  sequence: number;
  recurrence: string | null;
  location: string | null;
  recording_url: string | null;
  notes: string;
  notes_version: number;
  csm_sentiment: string | null;
  product_sentiment: string | null;
  summary: string | null;
  organiser_id: string | null;
  agenda_sent_at: string | null;
  held_at: string | null;
  followed_up_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  /** A series call's start as the series gave it (its RECURRENCE-ID); null outside a series. */
  original_starts_at?: string | null;
  created_at: string;
  updated_at: string;
}

export interface MeetingAttendeesTable {
  id: string;
  meeting_id: string;
  kind: string;
  user_id: string | null;
  contact_id: string | null;
  name: string;
  email: string | null;
}

export interface AgendaItemsTable {
  id: string;
  meeting_id: string;
  position: number;
  section: string;
  text: string;
  detail: string | null;
  source_type: string | null;
  source_id: string | null;
  added_by: string;
  internal: number;
  /** The CSM's reason for the item; internal, never rendered for the customer. */
  prep_note: string | null;
  discussed: number;
  notes: string;
  carried_over_from: string | null;
  created_at: string;
}

export interface ActionItemsTable {
  id: string;
  account_id: string;
  meeting_id: string | null;
  text: string;
  side: string;
  owner_user_id: string | null;
  owner_contact_id: string | null;
  owner_name: string | null;
  due_date: string | null;
  status: string;
  update_note: string | null;
  expected_update_on: string | null;
  source: string | null;
  completed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TrackerItemsTable {
  id: string;
  account_id: string | null;
  source: string;
  external_id: string | null;
  title: string;
  status: string;
  raw_status: string | null;
  priority: string | null;
  url: string | null;
  raised_in_meeting_id: string | null;
  dismissed_reason: string | null;
  opened_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface FeatureRequestsTable extends TrackerItemsTable {
  shipped_in: string | null;
  shipped_at: string | null;
}

export interface ProductFindingsTable {
  id: string;
  account_id: string;
  delivery_id: string | null;
  kind: string;
  title: string;
  severity: string | null;
  detail: string | null;
  found_at: string;
  created_at: string;
}

export interface SuccessObjectivesTable {
  id: string;
  account_id: string;
  title: string;
  kind: string;
  description: string | null;
  owner_name: string | null;
  target_date: string | null;
  status: string;
  progress: number;
  customer_visible: number;
  internal_notes: string | null;
  owner_kind: string | null;
  owner_ref: string | null;
  created_at: string;
  updated_at: string;
}

export interface RisksTable {
  id: string;
  account_id: string;
  meeting_id: string | null;
  type: string;
  severity: string;
  arr_at_risk: number | null;
  evidence: string | null;
  status: string;
  owner_id: string | null;
  resolution: string | null;
  transcript_id: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface FollowUpsTable {
  meeting_id: string;
  subject: string;
  body_text: string;
  body_html: string;
  recipients: string;
  due_at: string;
  drafted_at: string;
  /** Set when the CSM edits the draft; a redraft then leaves it alone. */
  edited_at: string | null;
  sent_at: string | null;
  message_id: string | null;
}

/** What a call settled, for its follow-up: recap lines, decisions, questions (with the answer once given). */
export interface CallOutcomesTable {
  id: string;
  meeting_id: string;
  kind: string;
  text: string;
  answer: string | null;
  position: number;
  created_at: string;
}

export interface ShareLinksTable {
  id: string;
  meeting_id: string;
  token_hash: string;
  created_by: string | null;
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

export interface TasksTable {
  id: string;
  key: string;
  rule: string;
  account_id: string | null;
  assignee_id: string | null;
  title: string;
  due_at: string;
  status: string;
  cause_type: string | null;
  cause_id: string | null;
  created_at: string;
  closed_at: string | null;
}

export interface TouchesTable {
  id: string;
  account_id: string;
  kind: string;
  occurred_at: string;
  note: string | null;
  user_id: string | null;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface AccountCadenceTable {
  account_id: string;
  override: string | null;
  last_call_at: string | null;
  last_touch_at: string | null;
  next_call_due: string | null;
  next_touch_due: string | null;
  overdue_days: number | null;
  computed_at: string | null;
  /** Latest held, not cancelled meeting; kept by refreshMeetingFacts with every meeting write. */
  last_held_call_at?: string | null;
  /** Latest meeting with a CSM sentiment (its held time); kept the same way. */
  last_sentiment_at?: string | null;
}

export interface TranscriptsTable {
  meeting_id: string;
  format: string;
  cues: string;
  speaker_map: string;
  source: string;
  extracted_by: string;
  imported_by: string | null;
  imported_at: string;
}

export interface NoteSuggestionsTable {
  id: string;
  meeting_id: string;
  kind: string;
  fingerprint: string;
  payload: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  record_type: string | null;
  record_id: string | null;
  created_at: string;
}

export interface CalendarFeedsTable {
  user_id: string;
  token_hash: string;
  created_at: string;
}

/** Single sign-on and SCIM (migration 2026-12-03-060-identity). */
export interface IdentityLinksTable {
  provider: string;
  subject: string;
  user_id: string;
  created_at: string;
}

export interface RoleMappingsTable {
  value: string;
  role: string;
  updated_at: string;
}

export interface ScimTokensTable {
  id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ScimGroupsTable {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScimGroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface SavedViewsTable {
  id: string;
  name: string;
  owner_id: string;
  team_id: string | null;
  shared: string;
  columns: string;
  filters: string;
  sort: string | null;
  created_at: string;
  updated_at: string;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  rate_limit_counters: RateLimitCountersTable;
  api_tokens: ApiTokensTable;
  accounts: AccountsTable;
  account_team_members: AccountTeamMembersTable;
  account_tags: AccountTagsTable;
  external_ids: ExternalIdsTable;
  contacts: ContactsTable;
  timeline_entries: TimelineEntriesTable;
  audit_log: AuditLogTable;
  meetings: MeetingsTable;
  meeting_attendees: MeetingAttendeesTable;
  agenda_items: AgendaItemsTable;
  action_items: ActionItemsTable;
  support_tickets: TrackerItemsTable;
  feature_requests: FeatureRequestsTable;
  product_findings: ProductFindingsTable;
  success_objectives: SuccessObjectivesTable;
  risks: RisksTable;
  follow_ups: FollowUpsTable;
  call_outcomes: CallOutcomesTable;
  share_links: ShareLinksTable;
  tasks: TasksTable;
  touches: TouchesTable;
  settings: SettingsTable;
  account_cadence: AccountCadenceTable;
  saved_views: SavedViewsTable;
  transcripts: TranscriptsTable;
  note_suggestions: NoteSuggestionsTable;
  calendar_feeds: CalendarFeedsTable;
  identity_links: IdentityLinksTable;
  role_mappings: RoleMappingsTable;
  scim_tokens: ScimTokensTable;
  scim_groups: ScimGroupsTable;
  scim_group_members: ScimGroupMembersTable;
  integrations: IntegrationsTable;
  integration_cursors: IntegrationCursorsTable;
  integration_sync_runs: IntegrationSyncRunsTable;
  crm_syncs: CrmSyncsTable;
  crm_pull_mappings: CrmPullMappingsTable;
  crm_pulled_values: CrmPulledValuesTable;
  crm_pull_reports: CrmPullReportsTable;
  calendar_connections: CalendarConnectionsTable;
  calendar_oauth_states: CalendarOAuthStatesTable;
  calendar_objects: CalendarObjectsTable;
  calendar_occurrences: CalendarOccurrencesTable;
  calendar_unmatched_events: CalendarUnmatchedEventsTable;
  captured_mails: CapturedMailsTable;
  mail_capture_log: MailCaptureLogTable;
  mail_imap_mailboxes: MailImapMailboxesTable;
  outbox: OutboxTable;
  health_scores: HealthScoresTable;
  health_overrides: HealthOverridesTable;
  shadowing_pairings: ShadowingPairingsTable;
  shadowing_debriefs: ShadowingDebriefsTable;
  attachments: AttachmentsTable;
  use_case_templates: UseCaseTemplatesTable;
  account_use_cases: AccountUseCasesTable;
  handoffs: HandoffsTable;
  account_sales_context: AccountSalesContextTable;
  account_internal_updates: AccountInternalUpdatesTable;
  digest_settings: DigestSettingsTable;
  digest_sends: DigestSendsTable;
  live_notes_clients: LiveNotesClientsTable;
}

/** The person behind each editor (Yjs client id) of a meeting's live notes, for the authorship view. */
export interface LiveNotesClientsTable {
  meeting_id: string;
  /** bigint: PostgreSQL answers it as a string. */
  client_id: number | string;
  user_id: string;
  created_at: string;
}

export interface HealthScoresTable {
  id: string;
  account_id: string;
  score: number | null;
  colour: string | null;
  result: string;
  explanation: string | null;
  computed_at: string;
}

export interface HealthOverridesTable {
  id: string;
  account_id: string;
  colour: string;
  score: number | null;
  reason: string;
  expires_at: string;
  set_by: string | null;
  set_at: string;
  cleared_at: string | null;
  cleared_by: string | null;
}

export interface ShadowingPairingsTable {
  id: string;
  new_csm_id: string;
  senior_csm_id: string;
  starts_on: string;
  ends_on: string;
  checklist: string;
  created_by: string | null;
  created_at: string;
}

export interface ShadowingDebriefsTable {
  id: string;
  pairing_id: string;
  meeting_id: string | null;
  activity: string;
  occurred_on: string;
  new_csm_notes: string | null;
  senior_notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface IntegrationsTable {
  id: string;
  name: string;
  kind: string;
  settings: string;
  account_rules: string;
  enabled: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface IntegrationCursorsTable {
  integration_id: string;
  cursor: string;
  updated_at: string;
}

export interface IntegrationSyncRunsTable {
  id: string;
  integration_id: string;
  scope: string;
  status: string;
  pages: number;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  unmatched: number;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface CrmSyncsTable {
  id: string;
  integration_id: string;
  meeting_id: string;
  account_id: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  external_id: string | null;
  synced_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface OutboxTable {
  id: string;
  kind: string;
  idempotency_key: string;
  payload: string;
  summary: string;
  status: string;
  attempts: number;
  max_attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

/** A mail BCC'd or forwarded to the capture address and logged as a touch (migration 2026-12-03-090). */
export interface CapturedMailsTable {
  id: string;
  account_id: string;
  touch_id: string;
  message_id: string;
  subject: string;
  from_address: string | null;
  participants: string;
  excerpt: string;
  body_text: string;
  body_html: string | null;
  attachments: string;
  forwarded_by: string | null;
  sent_at: string;
  captured_at: string;
}

/** One line per mail the capture receiver saw: logged, skipped (with its reason) or failed. */
export interface MailImapMailboxesTable {
  id: string;
  host: string;
  port: number;
  tls: number;
  username: string;
  secret: string;
  mailbox: string;
  uid_validity: string | null;
  last_uid: number;
  status: string;
  interval_minutes: number;
  last_success_at: string | null;
  last_attempt_at: string | null;
  next_sync_at: string | null;
  last_error: string | null;
  last_counts: string | null;
  lease_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface MailCaptureLogTable {
  id: string;
  received_at: string;
  outcome: string;
  reason: string | null;
  detail: string | null;
  message_id: string | null;
  account_id: string | null;
  captured_mail_id: string | null;
}

/** Two-way calendar sync (migration 2026-12-03-100-calendar-sync). */
/** A Google or Microsoft calendar sign-in under way (migration 2026-12-03-120-calendar-oauth). */
export interface CalendarOAuthStatesTable {
  state_hash: string;
  provider: string;
  user_id: string;
  session_id: string | null;
  verifier: string;
  expires_at: string;
  created_at: string;
}

export interface CalendarConnectionsTable {
  id: string;
  user_id: string;
  provider: string;
  url: string;
  username: string;
  secret: string;
  calendars: string;
  write_calendar_url: string | null;
  status: string;
  interval_minutes: number;
  last_success_at: string | null;
  last_attempt_at: string | null;
  next_sync_at: string | null;
  lease_until: string | null;
  last_error: string | null;
  last_counts: string | null;
  created_at: string;
  updated_at: string;
}

export interface CalendarObjectsTable {
  connection_id: string;
  href: string;
  calendar_url: string;
  uid: string;
  etag: string | null;
  origin: string;
  pending_write: number;
  outcome: string | null;
  updated_at: string;
}

export interface CalendarOccurrencesTable {
  connection_id: string;
  uid: string;
  recurrence_key: string;
  meeting_id: string;
  conference_url: string | null;
  all_day: number;
  /** 1 while the call's agenda waits to be built (lazy agendas, migration 2026-12-04-050). */
  agenda_pending: number;
  updated_at: string;
}

export interface CalendarUnmatchedEventsTable {
  id: string;
  user_id: string;
  connection_id: string;
  uid: string;
  title: string;
  starts_at: string;
  attendees: string;
  candidates: string;
  status: string;
  account_id: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Handoffs, sales context, internal updates and digests (migration 2026-12-03-150). */
export interface HandoffsTable {
  id: string;
  account_id: string;
  from_user_id: string | null;
  to_user_id: string;
  reason: string | null;
  status: string;
  note: string;
  task_id: string | null;
  intro_mail: number;
  intro_sent_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

export interface AccountSalesContextTable {
  account_id: string;
  purchase_reasons: string;
  use_cases: string;
  stakeholders: string;
  updated_by: string | null;
  updated_at: string;
}

export interface AccountInternalUpdatesTable {
  account_id: string;
  channel: string;
  slack_channel: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface DigestSettingsTable {
  user_id: string;
  daily: number;
  weekly: number;
  channel: string;
  slack_channel: string | null;
  local_time: string;
  timezone: string | null;
  updated_at: string;
}

export interface DigestSendsTable {
  user_id: string;
  kind: string;
  period: string;
  outbox_id: string | null;
  sent_at: string;
}

/** Files on an account, a meeting or an agenda item (migration 2026-12-03-160); bytes in object storage. */
export interface AttachmentsTable {
  id: string;
  account_id: string;
  meeting_id: string | null;
  agenda_item_id: string | null;
  file_name: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  for_customer: number;
  from_customer: number;
  share_link_id: string | null;
  uploaded_by: string | null;
  uploaded_by_name: string;
  created_at: string;
}

/** The workspace's use cases per product (migration 2026-12-03-160). */
export interface UseCaseTemplatesTable {
  id: string;
  product: string;
  name: string;
  name_key: string;
  customer_wording: string;
  enablement_offer: string;
  finding_match: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

/** One account's use case and its score by hand (migration 2026-12-03-160). */
export interface AccountUseCasesTable {
  id: string;
  account_id: string;
  template_id: string;
  score: string | null;
  note: string | null;
  scored_by: string | null;
  scored_at: string | null;
  created_at: string;
}

/** Accounts pulled from a CRM (migration 2026-12-03-140). */
export interface CrmPullMappingsTable {
  integration_id: string;
  mapping: string;
  updated_by: string | null;
  updated_at: string;
}

export interface CrmPulledValuesTable {
  integration_id: string;
  account_id: string;
  field: string;
  value: string;
  pulled_at: string;
}

export interface CrmPullReportsTable {
  run_id: string;
  integration_id: string;
  report: string;
}
