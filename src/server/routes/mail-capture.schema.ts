import { z } from 'zod';
import type { CapturedMail } from '../../services/mail-capture/captured-mails.ts';
import type { MailCaptureStatus } from '../../services/mail-capture/mail-capture-status.ts';
import { cursorParam, limitParam } from './query.ts';
import { checkShape, InstantSchema, pageOf, type SameShape } from './responses.ts';

export const MailCaptureStatusSchema = z
  .object({
    address: z.string().nullable().describe('The capture address: BCC or forward customer mail to it; null when mail capture is off'),
    receiver: z.object({ host: z.string(), port: z.number().int(), maxBytes: z.number().int() }).nullable().describe("This node's SMTP receiver; null when CADENCE_CAPTURE_SMTP_PORT is unset"),
    seen: z.number().int(),
    logged: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    reasons: z
      .array(z.object({ reason: z.string(), count: z.number().int(), lastAt: InstantSchema }))
      .describe('Skipped mails by reason: auto_reply, bounce, no_customer_address, no_account, ambiguous_account, duplicate, too_large, unreadable'),
    lastLoggedAt: InstantSchema.nullable(),
    lastError: z.object({ at: InstantSchema, message: z.string() }).nullable(),
  })
  .meta({ id: 'MailCaptureStatus' });

export const CapturedMailSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    touchId: z.string(),
    messageId: z.string(),
    subject: z.string(),
    from: z.string().nullable(),
    participants: z.array(z.object({ address: z.string(), name: z.string(), side: z.enum(['customer', 'internal']) })),
    excerpt: z.string(),
    bodyText: z.string(),
    bodyHtml: z.string().nullable(),
    attachments: z.array(z.object({ filename: z.string().nullable(), contentType: z.string(), size: z.number().int() })),
    forwardedBy: z.string().nullable().describe('The user who forwarded it to the capture address'),
    sentAt: InstantSchema,
    capturedAt: InstantSchema,
  })
  .meta({ id: 'CapturedMail' });
export const CapturedMailPageSchema = pageOf(CapturedMailSchema).meta({ id: 'CapturedMailPage' });
export const CapturedMailQuerySchema = z.strictObject({ cursor: cursorParam, limit: limitParam });

checkShape<SameShape<z.output<typeof MailCaptureStatusSchema>, MailCaptureStatus>>();
checkShape<SameShape<z.output<typeof CapturedMailSchema>, CapturedMail>>();
