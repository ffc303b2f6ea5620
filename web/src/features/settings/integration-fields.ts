/**
 * What the connect form asks for each kind of integration: the fields people fill in, in their
 * words. The API checks them (and any advanced setting) and names the field it refuses; secrets
 * are write-only, so a secret field is always empty and leaving it so keeps what is stored.
 */
export interface SettingField {
  key: string;
  label: string;
  secret?: boolean;
  required?: boolean;
  hint?: string;
  type?: 'url' | 'email' | 'text';
}

export interface KindInfo {
  kind: string;
  label: string;
  what: string;
  fields: SettingField[];
  /** Trackers sync tickets and requests on demand. */
  syncs?: boolean;
  crm?: boolean;
}

const url = (key: string, label: string, required = true, hint?: string): SettingField => ({ key, label, type: 'url', required, hint });

export const KINDS: KindInfo[] = [
  {
    kind: 'zendesk',
    label: 'Zendesk',
    what: 'support tickets',
    syncs: true,
    fields: [
      url('baseUrl', 'Zendesk address', true, 'e.g. https://acme.zendesk.com'),
      { key: 'email', label: 'Agent email', type: 'email', hint: 'with an API token' },
      { key: 'apiToken', label: 'API token', secret: true },
      { key: 'oauthToken', label: 'OAuth token (instead of email and API token)', secret: true },
    ],
  },
  {
    kind: 'jira',
    label: 'Jira',
    what: 'tickets and feature requests',
    syncs: true,
    fields: [
      url('baseUrl', 'Jira address', true, 'e.g. https://acme.atlassian.net'),
      { key: 'email', label: 'Account email', type: 'email' },
      { key: 'apiToken', label: 'API token', secret: true },
      { key: 'bearerToken', label: 'Personal access token (instead of email and API token)', secret: true },
      { key: 'projectKey', label: 'Project key', required: true },
      { key: 'jql', label: 'Which issues (JQL)', required: true, hint: 'e.g. project = SUP' },
    ],
  },
  {
    kind: 'gitlab',
    label: 'GitLab',
    what: 'issues',
    syncs: true,
    fields: [url('baseUrl', 'GitLab address'), { key: 'token', label: 'Access token', secret: true, required: true }, { key: 'groupId', label: 'Group', required: true }, { key: 'projectId', label: 'Project', required: true }],
  },
  {
    kind: 'github',
    label: 'GitHub',
    what: 'issues',
    syncs: true,
    fields: [
      url('baseUrl', 'API address (GitHub Enterprise only)', false),
      { key: 'token', label: 'Access token', secret: true, required: true },
      { key: 'owner', label: 'Owner', required: true },
      { key: 'repo', label: 'Repository', required: true },
    ],
  },
  {
    kind: 'hubspot',
    label: 'HubSpot',
    what: 'companies and call logs',
    crm: true,
    fields: [url('baseUrl', 'API address (tests and proxies only)', false), { key: 'accessToken', label: 'Private app token', secret: true, required: true }, { key: 'ownerId', label: 'Owner id for logged calls' }],
  },
  {
    kind: 'salesforce',
    label: 'Salesforce',
    what: 'accounts and call logs',
    crm: true,
    fields: [
      url('instanceUrl', 'Instance address', true, 'e.g. https://acme.my.salesforce.com'),
      { key: 'accessToken', label: 'Access token', secret: true, required: true },
      { key: 'refreshToken', label: 'Refresh token', secret: true },
      { key: 'clientId', label: 'Connected app client id' },
      { key: 'clientSecret', label: 'Connected app client secret', secret: true },
    ],
  },
  { kind: 'slack', label: 'Slack', what: 'call recaps and internal updates', fields: [{ key: 'webhookUrl', label: 'Incoming webhook address', secret: true, required: true }] },
  {
    kind: 'gong',
    label: 'Gong',
    what: 'call transcripts',
    fields: [url('baseUrl', 'Gong API address'), { key: 'accessKey', label: 'Access key', secret: true, required: true }, { key: 'accessKeySecret', label: 'Access key secret', secret: true, required: true }],
  },
  {
    kind: 'zoom',
    label: 'Zoom',
    what: 'call transcripts',
    fields: [
      { key: 'accountId', label: 'Account id' },
      { key: 'clientId', label: 'Client id' },
      { key: 'clientSecret', label: 'Client secret', secret: true },
      { key: 'accessToken', label: 'Access token (instead of the three above)', secret: true },
    ],
  },
  { kind: 'findings', label: 'Product findings webhook', what: 'findings the product posts', fields: [{ key: 'signingSecret', label: 'Signing secret (16 characters or more)', secret: true, required: true }] },
];

export const kindInfo = (kind: string): KindInfo | undefined => KINDS.find((k) => k.kind === kind);

/** The settings a form sends: filled fields only; a blank secret keeps what is stored, a cleared plain field is removed (null) on edit. */
export function settingsFrom(info: KindInfo, values: Record<string, string>, editing: Record<string, unknown> | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of info.fields) {
    const v = (values[f.key] ?? '').trim();
    if (v) out[f.key] = v;
    else if (editing && !f.secret && editing[f.key] !== undefined) out[f.key] = null;
  }
  return out;
}
