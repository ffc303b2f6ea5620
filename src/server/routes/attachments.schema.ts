import { z } from 'zod';

export const AttachmentSchema = z
  .object({
    id: z.string(),
    accountId: z.string(),
    meetingId: z.string().nullable().describe('The meeting the file is advance material for'),
    agendaItemId: z.string().nullable().describe('The agenda item the file belongs to'),
    fileName: z.string().describe('As uploaded, cleaned of folders and unsafe characters; only shown, never used on disk'),
    contentType: z.string().describe('The type the bytes showed (never the name)'),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    forCustomer: z.boolean().describe("Listed on the customer's share page"),
    fromCustomer: z.boolean().describe('Sent by the customer through a share link'),
    uploadedBy: z.object({ id: z.string().nullable(), name: z.string() }),
    createdAt: z.string().describe('ISO 8601 time in UTC'),
  })
  .meta({ id: 'Attachment' });

export const AttachmentListSchema = z.object({ items: z.array(AttachmentSchema), nextCursor: z.null() }).meta({ id: 'AttachmentList' });

const place = {
  accountId: z.string().min(1).max(64).optional().describe('The account the file is on'),
  meetingId: z.string().min(1).max(64).optional().describe('The meeting the file is advance material for (instead of accountId)'),
};

export const AttachmentListQuerySchema = z.strictObject(place);

export const AttachmentUploadQuerySchema = z.strictObject({
  ...place,
  agendaItemId: z.string().min(1).max(64).optional().describe("One of the meeting's agenda items"),
  fileName: z.string().max(1000).optional().describe('The file name, when the X-File-Name header is not sent'),
  forCustomer: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(false)
    .describe("List the file on the customer's share page"),
});

export const AttachmentUpdateSchema = z.strictObject({ forCustomer: z.boolean().describe("Listed on the customer's share page") });

export const FileBodySchema = z
  .unknown()
  .describe(
    'The file itself as the body (any Content-Type; the type is decided by the bytes), named in the X-File-Name header (URL-encoded). Taken: PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint, plain text, CSV, Markdown; up to CADENCE_ATTACHMENT_MAX_MB (25 MB)',
  );

export const FileContentSchema = z.string().describe('The file, with Content-Disposition: attachment and the type its bytes showed');

export const ShareUploadQuerySchema = z.strictObject({ fileName: z.string().max(1000).optional().describe('The file name, when the X-File-Name header is not sent') });

export const ShareAttachmentParams = z.strictObject({ token: z.string().min(10).max(100), id: z.string().min(1).max(64) });

export type AttachmentView = z.output<typeof AttachmentSchema>;
