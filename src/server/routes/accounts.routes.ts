import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { listAccountTimeline } from '../../services/accounts/account-timeline.ts';
import { createAccount, getAccount, listAccountsWithActivity, setAccountArchived, updateAccount } from '../../services/accounts/accounts.ts';
import { accountTrackerItems } from '../../services/accounts/account-items.ts';
import { accountNotesDocument } from '../../services/meetings/notes-document.ts';
import { actorOf } from '../auth.ts';
import { exportBookView } from '../../services/accounts/book-export.ts';
import {
  AccountCreateSchema,
  AccountExportQuerySchema,
  AccountListQuerySchema,
  AccountListSchema,
  AccountSchema,
  AccountUpdateSchema,
  NotesDocumentQuerySchema,
  NotesDocumentSchema,
  TimelinePageSchema,
  TimelineQuerySchema,
  TrackerItemsSchema,
} from './accounts.schema.ts';
import { IdParams } from './query.ts';
import { errorResponses } from './responses.ts';
import { fastSerializer } from './fast-serializer.ts';

export async function accountRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
  // The book and one account are what a busy team asks most: written straight from their schemas.
  const serializerCompiler = fastSerializer(root);

  app.get(
    '/api/accounts',
    {
      schema: {
        tags,
        operationId: 'listAccounts',
        summary: 'List the book of business (each account with its last call, next call, open risks and cadence state)',
        querystring: AccountListQuerySchema,
        response: { 200: AccountListSchema, ...errorResponses() },
      },
      serializerCompiler,
    },
    async (request) => listAccountsWithActivity(deps, actorOf(request), request.query),
  );

  app.get(
    '/api/accounts/export',
    {
      schema: {
        tags,
        operationId: 'exportAccountView',
        summary: "Export the book of business as the table shows it (the same filters and sort, the chosen columns) as CSV; cells a spreadsheet would run as formulas are prefixed with '",
        querystring: AccountExportQuerySchema,
        response: { 200: { description: 'The accounts, one a line, with a header line of the column titles', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses() },
      },
    },
    async (request, reply) => {
      const { columns, ...query } = request.query;
      const csv = await exportBookView(deps, actorOf(request), query, columns);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="accounts-view.csv"').send(csv);
    },
  );

  app.post('/api/accounts', { schema: { tags, operationId: 'createAccount', summary: 'Create an account', body: AccountCreateSchema, response: { 201: AccountSchema, ...errorResponses(400, 409) } } }, async (request, reply) =>
    reply.status(201).send(await createAccount(deps, actorOf(request), request.body)),
  );

  app.get('/api/accounts/:id', { schema: { tags, operationId: 'getAccount', summary: 'One account', params: IdParams, response: { 200: AccountSchema, ...errorResponses(404) } }, serializerCompiler }, async (request) =>
    getAccount(deps, actorOf(request), request.params.id),
  );

  app.patch(
    '/api/accounts/:id',
    { schema: { tags, operationId: 'updateAccount', summary: 'Change an account', params: IdParams, body: AccountUpdateSchema, response: { 200: AccountSchema, ...errorResponses(404, 409) } } },
    async (request) => updateAccount(deps, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/accounts/:id/archive', { schema: { tags, operationId: 'archiveAccount', summary: 'Archive an account', params: IdParams, response: { 200: AccountSchema, ...errorResponses(404) } } }, async (request) =>
    setAccountArchived(deps, actorOf(request), request.params.id, true),
  );

  app.post('/api/accounts/:id/restore', { schema: { tags, operationId: 'restoreAccount', summary: 'Restore an archived account', params: IdParams, response: { 200: AccountSchema, ...errorResponses(404) } } }, async (request) =>
    setAccountArchived(deps, actorOf(request), request.params.id, false),
  );

  app.get(
    '/api/accounts/:id/timeline',
    {
      schema: {
        tags,
        operationId: 'listAccountTimeline',
        summary: "The account's timeline, newest first",
        params: IdParams,
        querystring: TimelineQuerySchema,
        response: { 200: TimelinePageSchema, ...errorResponses(404) },
      },
    },
    async (request) => listAccountTimeline(deps, actorOf(request), request.params.id, request.query),
  );

  app.get(
    '/api/accounts/:id/notes-document',
    {
      schema: {
        tags,
        operationId: 'getAccountNotesDocument',
        summary: '"<Account> - Meeting Notes": every held call, newest first (Markdown; JSON with ?format=json)',
        params: IdParams,
        querystring: NotesDocumentQuerySchema,
        response: {
          200: {
            description: 'The document: Markdown, or with `?format=json` its title, path and Markdown',
            content: { 'application/json': { schema: NotesDocumentSchema }, 'text/markdown': { schema: z.string() } },
          },
          ...errorResponses(404),
        },
      },
    },
    async (request, reply) => {
      const doc = await accountNotesDocument(deps, actorOf(request), request.params.id);
      if (request.query.format === 'json') return doc;
      return reply.type('text/markdown; charset=utf-8').send(doc.markdown);
    },
  );

  app.get(
    '/api/accounts/:id/tracker-items',
    {
      schema: {
        tags,
        operationId: 'getAccountTrackerItems',
        summary: "The account's open support tickets and feature requests, and product findings of the last 90 days",
        params: IdParams,
        response: { 200: TrackerItemsSchema, ...errorResponses(404) },
      },
    },
    async (request) => accountTrackerItems(deps, actorOf(request), request.params.id),
  );
}
