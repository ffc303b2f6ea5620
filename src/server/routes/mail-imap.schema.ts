import { z } from 'zod';
import { ImapConnectSchema, type ImapMailboxView, type ImapSyncResult } from '../../services/mail-capture/imap-capture.ts';
import { checkShape, InstantSchema, type SameShape } from './responses.ts';

/** The connect body: the CLI's fields, and nothing else (an unknown key is a 400 naming it). */
export const ImapConnectBodySchema = z.strictObject(ImapConnectSchema.shape).meta({ id: 'ImapConnect' });

const ImapCountsSchema = z
  .object({
    seen: z.number().int().describe('Messages read from the folder'),
    logged: z.number().int().describe('Mails logged on an account (a touch on its timeline)'),
    skipped: z.number().int(),
    reasons: z.record(z.string(), z.number().int()).describe('Skipped mails by reason: auto_reply, bounce, no_customer_address, no_account, ambiguous_account, duplicate, too_large, unreadable'),
  })
  .meta({ id: 'ImapCounts' });

export const ImapMailboxSchema = z
  .object({
    host: z.string(),
    port: z.number().int(),
    tls: z.boolean(),
    username: z.string(),
    mailbox: z.string().describe('The folder read'),
    status: z.enum(['new', 'ok', 'failing', 'needs_reauth']).describe('needs_reauth: the server refused the password; connect again'),
    intervalMinutes: z.number().int(),
    lastSuccessAt: InstantSchema.nullable(),
    lastAttemptAt: InstantSchema.nullable(),
    nextSyncAt: InstantSchema.nullable(),
    lastError: z.string().nullable().describe('The last problem, in words; never a secret'),
    lastCounts: ImapCountsSchema.nullable().describe('What the last poll did'),
    uidValidity: z.string().nullable(),
    lastUid: z.number().int().describe('The last message read (the watermark)'),
  })
  .meta({ id: 'ImapMailbox' });

export const ImapMailboxStateSchema = z.object({ mailbox: ImapMailboxSchema.nullable().describe('null: no mailbox is connected') }).meta({ id: 'ImapMailboxState' });

export const ImapSyncResultSchema = z
  .object({
    status: z.enum(['ok', 'failed', 'needs_reauth', 'busy']).describe('busy: another node is polling it right now'),
    counts: ImapCountsSchema,
    accounts: z.array(z.object({ id: z.string(), name: z.string(), logged: z.number().int().describe('Mails filed to it by this poll') })).describe('The accounts this poll filed mail to, most mails first'),
    error: z.string().nullable(),
  })
  .meta({ id: 'ImapSyncResult' });

// The compiler checks the answer schemas name every field the service fills in (the serializer drops the rest).
checkShape<SameShape<z.output<typeof ImapMailboxSchema>, ImapMailboxView>>();
checkShape<SameShape<Omit<z.output<typeof ImapSyncResultSchema>, 'status'>, Omit<ImapSyncResult, 'status'>>>();
