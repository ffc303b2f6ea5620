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

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  accounts: AccountsTable;
  account_team_members: AccountTeamMembersTable;
  account_tags: AccountTagsTable;
  external_ids: ExternalIdsTable;
  contacts: ContactsTable;
  timeline_entries: TimelineEntriesTable;
  audit_log: AuditLogTable;
}
