import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { contentDisposition, type Attachment } from '../../domain/attachments/attachments.ts';
import type { Deps } from '../../deps.ts';
import {
  attachmentLimit,
  deleteAttachmentById,
  downloadAttachment,
  downloadByCustomer,
  listAttachmentsOf,
  markAttachmentForCustomer,
  tooLarge,
  uploadAttachment,
  uploadByCustomer,
  type UploadedFile,
} from '../../services/attachments/attachments.ts';
import { actorOf } from '../auth.ts';
import { clientAddress, shareLinkRequests, type RateLimit } from '../rate-limits.ts';
import { IdParams } from './query.ts';
import { NoContent, checkShape, errorResponses, exactErrorResponses, publicErrorResponses, type SameShape } from './responses.ts';
import {
  AttachmentListQuerySchema,
  AttachmentListSchema,
  AttachmentSchema,
  AttachmentUpdateSchema,
  AttachmentUploadQuerySchema,
  FileBodySchema,
  ShareUploadQuerySchema,
  FileContentSchema,
  ShareAttachmentParams,
} from './attachments.schema.ts';
import { CustomerAttachmentSchema, TokenParams } from './share.schema.ts';

checkShape<SameShape<z.output<typeof AttachmentSchema>, Attachment>>();

/**
 * The bytes of an upload, out of reach of the edge's control-character walk (a non-enumerable
 * property: walking a 25 MB buffer byte by byte would take seconds and find nothing to refuse).
 */
class RawFile {
  declare readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    Object.defineProperty(this, 'bytes', { value: bytes, enumerable: false });
  }
}

/**
 * The Content-Types an upload may be sent with: application/octet-stream, or the type of one of the
 * files taken. Whatever it says, the bytes decide the type; anything else (XML, JSON, a form) is a 415.
 */
const UPLOAD_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'text/plain',
  'text/csv',
  'text/markdown',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
] as const;

function fileOf(request: FastifyRequest, queryName?: string): UploadedFile {
  const header = request.headers['x-file-name'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  return { fileName: fromHeader ?? (queryName === undefined ? undefined : encodeURIComponent(queryName)), bytes: request.body instanceof RawFile ? request.body.bytes : Buffer.alloc(0) };
}

function sendFile(reply: FastifyReply, file: { fileName: string; contentType: string }, bytes: Buffer) {
  return reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .send(bytes);
}

export async function attachmentRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const tags = ['attachments'];
  const limit = attachmentLimit(deps);

  // Uploads in a scope of their own: any Content-Type arrives as bytes, up to the attachment limit
  // (a bigger body is a 413 naming the file before it is read in full).
  await root.register(async (scoped) => {
    scoped.removeAllContentTypeParsers();
    scoped.addContentTypeParser([...UPLOAD_TYPES], { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, new RawFile(body as Buffer)));
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    const errorHandler = (error: unknown) => {
      throw (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge(deps) : error;
    };

    app.post(
      '/api/attachments',
      {
        bodyLimit: limit,
        errorHandler,
        schema: {
          tags,
          operationId: 'uploadAttachment',
          summary: 'Attach a file to an account, a meeting (advance material) or one of its agenda items',
          description:
            'The body is the file, named in X-File-Name (URL-encoded) or the fileName parameter. Its type is decided by its content: a file whose bytes are not one of the types taken is refused with 400 naming `file`, whatever its name; a file over CADENCE_ATTACHMENT_MAX_MB (25 MB) with 413. Viewers read only.',
          querystring: AttachmentUploadQuerySchema,
          consumes: [...UPLOAD_TYPES],
          body: FileBodySchema,
          response: { 201: AttachmentSchema, ...errorResponses(400, 404, 413) },
        },
      },
      async (request, reply) => {
        const { accountId, meetingId, agendaItemId, forCustomer } = request.query;
        return reply.status(201).send(await uploadAttachment(deps, actorOf(request), { accountId, meetingId, agendaItemId, forCustomer }, fileOf(request, request.query.fileName)));
      },
    );

    // The customer sends a file through their link: counted per link and address like topics and ticks.
    const uploadsPerLink: RateLimit = {
      what: 'files sent on this link from this address',
      max: 20,
      key: (request) => `share-files:address:${clientAddress(request)}:${(request.params as { token: string }).token}`,
    };
    app.post(
      '/api/share/:token/attachments',
      {
        bodyLimit: limit,
        errorHandler,
        config: { public: true, rateLimits: [shareLinkRequests, uploadsPerLink] },
        schema: {
          tags: ['sharing'],
          operationId: 'uploadCustomerAttachment',
          summary: 'A customer sends a file for the call, e.g. an architecture diagram (public, by token)',
          description:
            "The body is the file, named in X-File-Name (URL-encoded) or the fileName parameter; X-Uploader-Name may say who sends it. Checked like every attachment, within the link's quota (CADENCE_SHARE_UPLOAD_MAX_FILES files, CADENCE_SHARE_UPLOAD_MAX_MB in all): past it, 413.",
          params: TokenParams,
          querystring: ShareUploadQuerySchema,
          consumes: [...UPLOAD_TYPES],
          body: FileBodySchema,
          security: [],
          response: { 201: CustomerAttachmentSchema, ...publicErrorResponses(400, 404, 413, 429) },
        },
      },
      async (request, reply) => {
        const name = request.headers['x-uploader-name'];
        let by: string | undefined;
        try {
          by = typeof name === 'string' ? decodeURIComponent(name) : undefined;
        } catch {
          by = undefined;
        }
        return reply.status(201).send(await uploadByCustomer(deps, request.params.token, fileOf(request, request.query.fileName), by));
      },
    );
  });

  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/attachments',
    {
      schema: {
        tags,
        operationId: 'listAttachments',
        summary: "The files of an account (its meetings' included) or of one meeting, newest first",
        querystring: AttachmentListQuerySchema,
        response: { 200: AttachmentListSchema, ...exactErrorResponses(400, 404) },
      },
    },
    async (request) => ({ items: await listAttachmentsOf(deps, actorOf(request), request.query), nextCursor: null }),
  );
  app.get(
    '/api/attachments/:id',
    {
      schema: {
        tags,
        operationId: 'downloadAttachment',
        summary: 'Download a file (as an attachment, with the type its bytes showed); whoever may read the account may download',
        params: IdParams,
        response: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: FileContentSchema } } }, ...exactErrorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const { attachment, bytes } = await downloadAttachment(deps, actorOf(request), request.params.id);
      return sendFile(reply, attachment, bytes);
    },
  );
  app.patch(
    '/api/attachments/:id',
    {
      schema: {
        tags,
        operationId: 'updateAttachment',
        summary: "Share a file with the customer (listed on the meeting's share page) or take it off",
        params: IdParams,
        body: AttachmentUpdateSchema,
        response: { 200: AttachmentSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => markAttachmentForCustomer(deps, actorOf(request), request.params.id, request.body.forCustomer),
  );
  app.delete('/api/attachments/:id', { schema: { tags, operationId: 'deleteAttachment', summary: 'Remove a file', params: IdParams, response: { 204: NoContent, ...errorResponses(404) } } }, async (request, reply) => {
    await deleteAttachmentById(deps, actorOf(request), request.params.id);
    return reply.status(204).send();
  });
  app.get(
    '/api/share/:token/attachments/:id',
    {
      config: { public: true, rateLimits: [shareLinkRequests] },
      schema: {
        tags: ['sharing'],
        operationId: 'downloadCustomerAttachment',
        summary: 'A customer downloads a file shared with them (public, by token); 404 for any other file',
        params: ShareAttachmentParams,
        security: [],
        response: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: FileContentSchema } } }, ...publicErrorResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const { attachment, bytes } = await downloadByCustomer(deps, request.params.token, request.params.id);
      return sendFile(reply, attachment, bytes);
    },
  );
}
