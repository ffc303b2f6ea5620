import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AccountCreateSchema, AccountUpdateSchema } from '../../domain/accounts.ts';
import { DEPLOYMENTS, SEGMENTS, STAGES } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { createAccount, getAccount, listAccountsWithActivity, setAccountArchived, updateAccount } from '../../services/accounts.ts';
import { accountTrackerItems } from '../../services/account-items.ts';
import { accountNotesDocument } from '../../services/notes-document.ts';
import { listTimeline } from '../../store/history.repo.ts';
import { actorOf } from '../auth.ts';
import { IdParams, cursorParam, dateParam, freeListParam, limitParam, listParam } from './query.ts';

export const AccountListQuerySchema = z.strictObject({
  q: z.string().max(200).optional(),
  owner: freeListParam,
  segment: listParam(SEGMENTS),
  stage: listParam(STAGES),
  deployment: listParam(DEPLOYMENTS),
  tag: freeListParam,
  renewalFrom: dateParam,
  renewalTo: dateParam,
  archived: z.enum(['exclude', 'include', 'only']).optional(),
  sort: z.string().max(20).optional(),
  cursor: cursorParam,
  limit: limitParam,
});

export async function accountRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  app.get('/api/accounts', { schema: { tags, summary: 'List the book of business (each account with its last call, next call, open risks and cadence state)', querystring: AccountListQuerySchema } }, async (request) =>
    listAccountsWithActivity(deps, actorOf(request), request.query),
  );

  app.post('/api/accounts', { schema: { tags, summary: 'Create an account', body: AccountCreateSchema } }, async (request, reply) =>
    reply.status(201).send(await createAccount(deps, actorOf(request), request.body)),
  );

  app.get('/api/accounts/:id', { schema: { tags, summary: 'One account', params: IdParams } }, async (request) =>
    getAccount(deps, actorOf(request), request.params.id),
  );

  app.patch('/api/accounts/:id', { schema: { tags, summary: 'Change an account', params: IdParams, body: AccountUpdateSchema } }, async (request) =>
    updateAccount(deps, actorOf(request), request.params.id, request.body),
  );

  app.post('/api/accounts/:id/archive', { schema: { tags, summary: 'Archive an account', params: IdParams } }, async (request) =>
    setAccountArchived(deps, actorOf(request), request.params.id, true),
  );

  app.post('/api/accounts/:id/restore', { schema: { tags, summary: 'Restore an archived account', params: IdParams } }, async (request) =>
    setAccountArchived(deps, actorOf(request), request.params.id, false),
  );

  app.get(
    '/api/accounts/:id/timeline',
    {
      schema: {
        tags,
        summary: "The account's timeline, newest first",
        params: IdParams,
        querystring: z.strictObject({ cursor: cursorParam, limit: limitParam }),
      },
    },
    async (request) => {
      const account = await getAccount(deps, actorOf(request), request.params.id);
      const items = await listTimeline(deps.store.db, account.id, request.query.limit + 1, request.query.cursor);
      const page = items.slice(0, request.query.limit);
      return { items: page, nextCursor: items.length > request.query.limit ? (page[page.length - 1]?.id ?? null) : null };
    },
  );

  app.get(
    '/api/accounts/:id/notes-document',
    { schema: { tags, summary: '"<Account> - Meeting Notes": every held call, newest first (Markdown; JSON with ?format=json)', params: IdParams, querystring: z.strictObject({ format: z.enum(['markdown', 'json']).default('markdown') }) } },
    async (request, reply) => {
      const doc = await accountNotesDocument(deps, actorOf(request), request.params.id);
      if (request.query.format === 'json') return doc;
      return reply.type('text/markdown; charset=utf-8').send(doc.markdown);
    },
  );

  app.get(
    '/api/accounts/:id/tracker-items',
    { schema: { tags, summary: "The account's open support tickets and feature requests, and product findings of the last 90 days", params: IdParams } },
    async (request) => accountTrackerItems(deps, actorOf(request), request.params.id),
  );
}
