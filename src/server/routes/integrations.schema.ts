import { z } from 'zod';
import { MeetingSchema } from './meetings.schema.ts';
import { InstantSchema } from './responses.ts';
import { EngagementSchema } from './wrap-up.schema.ts';

// Integration bodies are checked where the kinds and their settings live; the CLI parses with the same.
export { IntegrationCreateSchema, IntegrationUpdateSchema } from '../../services/connections/integrations.ts';
export { OpenRequestSchema } from '../../services/meetings/open-raised-request.ts';
export { SlackPostSchema, TranscriptFetchSchema } from '../../services/meetings/meeting-integrations.ts';

export const SyncBodySchema = z.strictObject({ accountId: z.string().min(1).max(64).optional() });
export const RequestParams = z.strictObject({ id: z.string().min(1).max(64), requestId: z.string().min(1).max(64) });

const words = z.array(z.string()).readonly();
const AccountRuleOutSchema = z.object({
  accountId: z.string(),
  source: z.string().optional().describe('Only for items from this tracker; every tracker when absent'),
  orgIds: words.optional(),
  labels: words.optional(),
  emailDomains: words.optional(),
});

export const IntegrationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    enabled: z.boolean(),
    settings: z.record(z.string(), z.unknown()).describe('Secrets read "[redacted]"'),
    accountRules: z.array(AccountRuleOutSchema),
    createdAt: InstantSchema,
    updatedAt: InstantSchema,
  })
  .meta({ id: 'Integration' });

/** What one sync run went through: pages read, items fetched and what became of them. */
const syncCounts = {
  pages: z.number().int(),
  fetched: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  unmatched: z.number().int(),
};

export const SyncRunSchema = z
  .object({
    id: z.string(),
    scope: z.string(),
    status: z.string(),
    ...syncCounts,
    error: z.string().nullable(),
    startedAt: InstantSchema,
    finishedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'SyncRun' });

export const IntegrationListSchema = z.object({ items: z.array(IntegrationSchema.extend({ lastRun: SyncRunSchema.nullable() })) }).meta({ id: 'IntegrationList' });
export type IntegrationListView = z.infer<typeof IntegrationListSchema>;

export const IntegrationDetailSchema = IntegrationSchema.extend({ cursor: z.string().nullable(), runs: z.array(SyncRunSchema).describe('The 20 latest, newest first') }).meta({
  id: 'IntegrationDetail',
});

export const ConnectionOutcomeSchema = z
  .union([z.object({ ok: z.literal(true), detail: z.string().describe('"Signed in to Zendesk as Ann (admin)"') }), z.object({ ok: z.literal(false), kind: z.string(), problem: z.string().describe('What is wrong, in words') })])
  .meta({ id: 'ConnectionOutcome' });

export const SyncAnswerSchema = z
  .object({
    runs: z.array(
      z.object({
        runId: z.string(),
        integration: z.string(),
        kind: z.string(),
        status: z.enum(['ok', 'failed']),
        error: z.string().nullable().describe('What went wrong, in words; never a secret'),
        ...syncCounts,
      }),
    ),
  })
  .meta({ id: 'TrackerSync' });

export const OpenedRequestSchema = z
  .object({
    meeting: MeetingSchema,
    engagement: EngagementSchema,
    request: z.object({
      id: z.string(),
      externalId: z.string().nullable(),
      url: z.string().nullable(),
      created: z.boolean().describe('false when it was opened before'),
      status: z.enum(['opened', 'opening', 'failed']).describe('opening: the tracker did not take it yet and the outbox retries; failed: a dead letter in Settings → Outbox'),
      error: z.string().nullable().describe('why it is not open yet, in words'),
    }),
  })
  .meta({ id: 'OpenedRequest' });

export const CrmSyncStateSchema = z
  .object({
    items: z.array(
      z.object({
        meetingId: z.string(),
        meetingTitle: z.string(),
        meetingStartsAt: InstantSchema,
        integration: z.string(),
        status: z.enum(['pending', 'failed', 'synced']),
        attempts: z.number().int(),
        lastError: z.string().nullable(),
        nextAttemptAt: InstantSchema.nullable(),
        externalId: z.string().nullable(),
        syncedAt: InstantSchema.nullable(),
      }),
    ),
  })
  .meta({ id: 'CrmSyncState' });

export const ChatPostedSchema = z
  .object({
    posted: z.boolean().describe('false when Slack did not take it at once: the outbox retries it'),
    internal: z.boolean(),
    outboxId: z.string().nullable().describe('the outbox entry (Settings → Outbox)'),
    status: z.enum(['pending', 'delivered', 'dead']),
    error: z.string().nullable().describe('why the post did not go out yet, in words'),
  })
  .meta({ id: 'ChatPosted' });
