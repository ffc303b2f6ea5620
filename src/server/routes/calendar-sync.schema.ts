import { z } from 'zod';
import { InstantSchema } from './responses.ts';

export { CalDavConnectSchema } from '../../services/calendar-sync/connections.ts';

const SyncCountsSchema = z
  .object({
    seen: z.number().int().describe('Calendar objects read (unchanged ones included)'),
    created: z.number().int().describe('Calls made from calendar events'),
    updated: z.number().int().describe('Calls moved, renamed or given new attendees'),
    cancelled: z.number().int(),
    unchanged: z.number().int(),
    unmatched: z.number().int().describe('Events no account matched (listed at GET /api/calendar/unmatched)'),
    written: z.number().int().describe('Cadence changes written to the calendar by this sync'),
    skipped: z.number().int(),
    reasons: z.record(z.string(), z.number().int()).describe('Skipped events by reason: malformed, unknown_timezone, no_attendees, too_many_attendees, internal_only, ignored, no_event, error'),
  })
  .meta({ id: 'CalendarSyncCounts' });

export const CalendarConnectionSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    userEmail: z.string().nullable(),
    provider: z.string(),
    url: z.string(),
    username: z.string(),
    status: z.enum(['new', 'ok', 'failing', 'needs_reauth']).describe('needs_reauth: the server refused the password; connect again'),
    calendars: z.array(z.object({ url: z.string(), name: z.string(), writable: z.boolean() })),
    writeCalendarUrl: z.string().nullable().describe('Where meetings scheduled in Cadence are written'),
    intervalMinutes: z.number().int(),
    lastSuccessAt: InstantSchema.nullable(),
    lastAttemptAt: InstantSchema.nullable(),
    nextSyncAt: InstantSchema.nullable(),
    lastError: z.string().nullable().describe('The last problem, in words; never a secret'),
    lastCounts: SyncCountsSchema.nullable(),
    createdAt: InstantSchema,
  })
  .meta({ id: 'CalendarConnection' });

export const CalendarConnectionListSchema = z.object({ items: z.array(CalendarConnectionSchema) }).meta({ id: 'CalendarConnectionList' });

export const CalendarSyncResultSchema = z
  .object({
    connectionId: z.string(),
    status: z.enum(['ok', 'failed', 'needs_reauth', 'busy']).describe('busy: another node is syncing it right now'),
    counts: SyncCountsSchema,
    error: z.string().nullable(),
  })
  .meta({ id: 'CalendarSyncResult' });

export const UnmatchedEventSchema = z
  .object({
    id: z.string(),
    connectionId: z.string(),
    uid: z.string(),
    title: z.string(),
    startsAt: InstantSchema,
    attendees: z.array(z.string()).describe('The external addresses on it'),
    candidates: z.array(z.string()).describe('Account ids that fit equally well, when several did'),
    status: z.enum(['pending', 'assigned', 'ignored']),
    accountId: z.string().nullable(),
    decidedAt: InstantSchema.nullable(),
  })
  .meta({ id: 'UnmatchedCalendarEvent' });

export const UnmatchedEventListSchema = z.object({ items: z.array(UnmatchedEventSchema) }).meta({ id: 'UnmatchedCalendarEventList' });
export const UnmatchedQuerySchema = z.strictObject({ all: z.enum(['true', 'false']).optional().describe('true: decided ones too') });
export const AssignBodySchema = z.strictObject({ accountId: z.string().min(1).max(64) });

export const OAuthProviderParams = z.strictObject({ provider: z.enum(['google', 'microsoft']).describe('The calendar provider to sign in to') });
export const OAuthStartSchema = z.object({ url: z.string().describe('Send the browser here: the provider’s sign-in and consent page; it comes back to the callback') }).meta({ id: 'CalendarOAuthStart' });
export const OAuthCallbackQuerySchema = z.object({
  code: z.string().max(4000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
});
