import { z } from 'zod';
import { TICKET_PRIORITIES } from '../../domain/meeting/meeting.ts';
import { webUrl } from '../../domain/validation.ts';
import { createGitHubClient } from '../../integrations/github/client.ts';
import { createGitLabClient } from '../../integrations/gitlab/client.ts';
import { createGongClient } from '../../integrations/gong/client.ts';
import { createHubSpotClient } from '../../integrations/hubspot/client.ts';
import { createJiraClient } from '../../integrations/jira/client.ts';
import type { TokenKeeper } from '../../integrations/oauth/oauth.ts';
import type { ChatNotifier, CrmClient, TicketSource, TranscriptSource } from '../../integrations/ports.ts';
import { createSalesforceClient } from '../../integrations/salesforce/client.ts';
import { createSlackNotifier } from '../../integrations/slack/client.ts';
import { createZendeskClient } from '../../integrations/zendesk/client.ts';
import { createZoomClient } from '../../integrations/zoom/client.ts';

/**
 * What each kind of integration needs in its settings, checked with zod before anything is
 * stored, and how those settings become a client. Secret-named keys (apiToken, accessToken,
 * clientSecret, webhookUrl, signingSecret …) are encrypted at rest by the integrations service.
 */
export const TRACKER_KINDS = ['zendesk', 'jira', 'gitlab', 'github'] as const;
export const CRM_KINDS = ['hubspot', 'salesforce'] as const;
export const CHAT_KINDS = ['slack'] as const;
export const TRANSCRIPT_KINDS = ['gong', 'zoom'] as const;
/** `findings` holds the signing secret(s) of the product-findings webhook. */
export const INTEGRATION_KINDS = [...TRACKER_KINDS, ...CRM_KINDS, ...CHAT_KINDS, ...TRANSCRIPT_KINDS, 'findings'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

const secret = z.string().trim().min(1, 'must not be empty').max(4000);
const url = webUrl();
const words = z.array(z.string().trim().min(1).max(200)).max(100);

const MapSchema = z.strictObject({
  featureRequestLabels: words.optional(),
  pendingStatuses: words.optional(),
  priorityLabels: z.record(z.string().max(200), z.enum(TICKET_PRIORITIES)).optional(),
});

/** Timeouts and retries, for slow or strict vendors (and fast tests). */
const HttpSchema = z.strictObject({
  timeoutMs: z.number().int().min(10).max(300_000).optional(),
  maxAttempts: z.number().int().min(1).max(10).optional(),
  backoffBaseMs: z.number().int().min(0).max(60_000).optional(),
  backoffMaxMs: z.number().int().min(0).max(600_000).optional(),
  maxRetryAfterMs: z.number().int().min(0).max(3_600_000).optional(),
});

const common = { http: HttpSchema.optional() };
/** Company/account fields that receive Cadence's health and open risks on each push (crm-fields.ts). */
const CrmFieldsSchema = z.strictObject({ healthColour: z.string().max(100).optional(), healthScore: z.string().max(100).optional(), openRisks: z.string().max(100).optional() });
const pageSize = z.number().int().min(1).max(1000).optional();
const oneOf = (keys: string[][]) => (v: Record<string, unknown>) => keys.some((ks) => ks.every((k) => v[k] !== undefined && v[k] !== ''));

export const SETTINGS_SCHEMAS = {
  zendesk: z
    .strictObject({
      baseUrl: url,
      email: z.email('is not an email address').optional(),
      apiToken: secret.optional(),
      oauthToken: secret.optional(),
      // OAuth with expiring access tokens: the refresh grant Cadence renews oauthToken with (integration-tokens.ts).
      oauthRefreshToken: secret.optional(),
      oauthClientId: z.string().trim().min(1).max(500).optional(),
      oauthClientSecret: secret.optional(),
      oauthExpiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
      oauthNeedsReauth: z.string().max(1000).optional(),
      startTime: z.number().int().min(0).optional(),
      pageSize,
      includeRequesters: z.boolean().optional(),
      map: MapSchema.optional(),
      ...common,
    })
    .refine(oneOf([['email', 'apiToken'], ['oauthToken']]), { message: 'needs email and apiToken, or oauthToken', path: ['apiToken'] }),
  jira: z
    .strictObject({
      baseUrl: url,
      email: z.email('is not an email address').optional(),
      apiToken: secret.optional(),
      bearerToken: secret.optional(),
      jql: z.string().trim().min(1).max(4000),
      projectKey: z.string().trim().min(1).max(100),
      issueTypes: z.strictObject({ ticket: z.string().max(100).optional(), feature_request: z.string().max(100).optional() }).optional(),
      priorityNames: z.partialRecord(z.enum(TICKET_PRIORITIES), z.string().max(100)).optional(),
      orgField: z.string().max(100).optional(),
      pageSize,
      map: MapSchema.optional(),
      ...common,
    })
    .refine(oneOf([['email', 'apiToken'], ['bearerToken']]), { message: 'needs email and apiToken, or bearerToken', path: ['apiToken'] }),
  gitlab: z.strictObject({ baseUrl: url, token: secret, groupId: z.string().trim().min(1).max(300), projectId: z.string().trim().min(1).max(300), labels: words.optional(), pageSize, map: MapSchema.optional(), ...common }),
  github: z.strictObject({ baseUrl: url.optional(), token: secret, owner: z.string().trim().min(1).max(100), repo: z.string().trim().min(1).max(100), labels: words.optional(), pageSize, map: MapSchema.optional(), ...common }),
  hubspot: z.strictObject({ baseUrl: url.optional(), accessToken: secret, ownerId: z.string().max(100).optional(), fields: CrmFieldsSchema.optional(), ...common }),
  salesforce: z.strictObject({
    instanceUrl: url,
    accessToken: secret,
    // A connected app's refresh token: Cadence renews the session when Salesforce ends it (integration-tokens.ts).
    refreshToken: secret.optional(),
    clientId: z.string().trim().min(1).max(500).optional(),
    clientSecret: secret.optional(),
    loginUrl: url.optional(),
    needsReauth: z.string().max(1000).optional(),
    apiVersion: z
      .string()
      .regex(/^v\d+\.\d+$/, 'is not an API version such as v62.0')
      .optional(),
    activity: z.enum(['Event', 'Task']).optional(),
    externalIdField: z.string().max(100).optional(),
    fields: CrmFieldsSchema.optional(),
    ...common,
  }),
  slack: z.strictObject({ webhookUrl: url, ...common }),
  gong: z.strictObject({ baseUrl: url, accessKey: secret, accessKeySecret: secret, ...common }),
  zoom: z
    .strictObject({ baseUrl: url.optional(), oauthUrl: url.optional(), accountId: z.string().max(200).optional(), clientId: z.string().max(200).optional(), clientSecret: secret.optional(), accessToken: secret.optional(), ...common })
    .refine(oneOf([['accountId', 'clientId', 'clientSecret'], ['accessToken']]), { message: 'needs accountId, clientId and clientSecret, or accessToken', path: ['clientSecret'] }),
  findings: z.strictObject({ signingSecret: z.string().min(16, 'must be at least 16 characters').max(500), previousSigningSecret: z.string().min(16).max(500).optional() }),
} satisfies Record<IntegrationKind, z.ZodType>;

type Settings<K extends IntegrationKind> = z.infer<(typeof SETTINGS_SCHEMAS)[K]>;

export function isTrackerKind(kind: string): kind is (typeof TRACKER_KINDS)[number] {
  return (TRACKER_KINDS as readonly string[]).includes(kind);
}
export function isCrmKind(kind: string): kind is (typeof CRM_KINDS)[number] {
  return (CRM_KINDS as readonly string[]).includes(kind);
}
export function isTranscriptKind(kind: string): kind is (typeof TRANSCRIPT_KINDS)[number] {
  return (TRANSCRIPT_KINDS as readonly string[]).includes(kind);
}

/** A ticket source from decrypted tracker settings. */
export function ticketSourceFor(kind: (typeof TRACKER_KINDS)[number], raw: unknown, tokens?: TokenKeeper): TicketSource {
  switch (kind) {
    case 'zendesk': {
      const s = raw as Settings<'zendesk'>;
      const auth = s.oauthToken ? { oauthToken: s.oauthToken } : { email: s.email ?? '', apiToken: s.apiToken ?? '' };
      return createZendeskClient({ baseUrl: s.baseUrl, auth, tokens, startTime: s.startTime, pageSize: s.pageSize, includeRequesters: s.includeRequesters, map: s.map, http: s.http });
    }
    case 'jira': {
      const s = raw as Settings<'jira'>;
      const auth = s.bearerToken ? { bearerToken: s.bearerToken } : { email: s.email ?? '', apiToken: s.apiToken ?? '' };
      return createJiraClient({ baseUrl: s.baseUrl, auth, jql: s.jql, projectKey: s.projectKey, issueTypes: s.issueTypes, priorityNames: s.priorityNames, orgField: s.orgField, pageSize: s.pageSize, map: s.map, http: s.http });
    }
    case 'gitlab': {
      const s = raw as Settings<'gitlab'>;
      return createGitLabClient({ baseUrl: s.baseUrl, token: s.token, groupId: s.groupId, projectId: s.projectId, labels: s.labels, pageSize: s.pageSize, map: s.map, http: s.http });
    }
    case 'github': {
      const s = raw as Settings<'github'>;
      return createGitHubClient({ baseUrl: s.baseUrl, token: s.token, owner: s.owner, repo: s.repo, labels: s.labels, pageSize: s.pageSize, map: s.map, http: s.http });
    }
  }
}

export function crmClientFor(kind: (typeof CRM_KINDS)[number], raw: unknown, tokens?: TokenKeeper): CrmClient {
  if (kind === 'hubspot') {
    const s = raw as Settings<'hubspot'>;
    return createHubSpotClient({ baseUrl: s.baseUrl, accessToken: s.accessToken, ownerId: s.ownerId, http: s.http });
  }
  const s = raw as Settings<'salesforce'>;
  return createSalesforceClient({ instanceUrl: s.instanceUrl, accessToken: s.accessToken, tokens, apiVersion: s.apiVersion, activity: s.activity, externalIdField: s.externalIdField, http: s.http });
}

export function chatNotifierFor(raw: unknown): ChatNotifier {
  const s = raw as Settings<'slack'>;
  return createSlackNotifier({ webhookUrl: s.webhookUrl, http: s.http });
}

export function transcriptSourceFor(kind: (typeof TRANSCRIPT_KINDS)[number], raw: unknown): TranscriptSource {
  if (kind === 'gong') {
    const s = raw as Settings<'gong'>;
    return createGongClient({ baseUrl: s.baseUrl, accessKey: s.accessKey, accessKeySecret: s.accessKeySecret, http: s.http });
  }
  const s = raw as Settings<'zoom'>;
  const auth = s.accessToken ? { accessToken: s.accessToken } : { accountId: s.accountId ?? '', clientId: s.clientId ?? '', clientSecret: s.clientSecret ?? '' };
  return createZoomClient({ baseUrl: s.baseUrl, oauthUrl: s.oauthUrl, auth, http: s.http });
}
