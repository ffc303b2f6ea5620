import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type {} from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../errors.ts';
import { liveAccess, type LiveAccess } from '../../services/live-notes/access.ts';
import { serveLiveNotes } from '../../services/live-notes/connection.ts';
import { liveNotesOf } from '../../services/live-notes/documents.ts';
import { publicErrorResponses } from './responses.ts';

const LiveNotesParams = z.object({ meetingId: z.string().min(1).max(100).describe('The meeting whose notes to open') });
const LiveNotesQuery = z.object({
  token: z.string().min(1).max(200).optional().describe('An API token, for scripts and tests that cannot send a header on the upgrade (a browser uses its session cookie)'),
});
const LiveNotesTextSchema = z
  .object({
    meetingId: z.string().describe('The meeting'),
    readOnly: z.boolean().describe('True when you may read the notes but not write (viewers): your updates on the socket are dropped'),
    notes: z.string().describe('The free notes ("Call notes") as the live document holds them now'),
    items: z.record(z.string(), z.string()).describe('Agenda item id → that item’s notes, as the live document holds them now'),
  })
  .meta({ id: 'LiveNotesText' });

declare module 'fastify' {
  interface FastifyRequest {
    liveAccess?: LiveAccess;
  }
}

/**
 * The live notes socket (issue #20). Upgraded, it speaks the y-websocket protocol (the browser's
 * WebsocketProvider connects to `/api/live/notes` with the meeting id as the room); a plain GET
 * answers the document's current text, for scripts.
 */
export async function liveNotesRoutes(root: FastifyInstance, deps: Deps): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const hub = liveNotesOf(deps);
  const baseOrigin = new URL(deps.config.baseUrl).origin;

  const check = async (request: FastifyRequest) => {
    const { meetingId } = request.params as { meetingId: string };
    const authorization = request.headers.authorization;
    const host = request.headers.host;
    const access = await liveAccess(deps, {
      meetingId,
      actor: request.actor,
      sessionId: request.sessionId,
      bearer: authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : null,
      queryToken: (request.query as { token?: string }).token ?? null,
      origin: typeof request.headers.origin === 'string' ? request.headers.origin : null,
      ownOrigins: [baseOrigin, ...(host ? [`http://${host}`, `https://${host}`] : [])],
    });
    request.liveAccess = access;
    // A script's plain GET is refused with the usual error; a socket is closed with the same reason after the upgrade.
    if (!access.ok && !request.ws) throw new AppError(access.status === 401 ? 'unauthenticated' : access.status === 403 ? 'forbidden' : 'not_found', access.reason);
  };

  app.route({
    method: 'GET',
    url: '/api/live/notes/:meetingId',
    // Signed in or not is decided here: the token may come in the query, which the app's auth hook does not read.
    config: { public: true },
    schema: {
      tags: ['meetings'],
      operationId: 'getLiveNotes',
      summary: 'The live notes of a meeting: a WebSocket (y-websocket protocol) when upgraded, the current text otherwise',
      description:
        'Upgrade to a WebSocket to edit the notes live: message 0 sync, 1 awareness, 3 query awareness. Sign in with the session cookie (from Cadence’s own pages: the Origin must match), `?token=` or a Bearer token. Viewers join read-only. Closes with 4401 (not signed in, or the session ended), 4403, 4404 (no such meeting, or not yours to see), 4003 (read-only), 1009 (a message over 1 MB), 4029 (over 200 messages a second), 1007 (a malformed update).',
      params: LiveNotesParams,
      querystring: LiveNotesQuery,
      response: { 200: LiveNotesTextSchema, ...publicErrorResponses(403, 404) },
    },
    preHandler: check,
    handler: async (request) => {
      const access = request.liveAccess;
      if (!access?.ok) throw new AppError('unauthenticated', 'sign in or send an API token');
      return { meetingId: access.info.meetingId, readOnly: access.info.readOnly, ...(await hub.textOf(access.info.meetingId)) };
    },
    wsHandler: (socket: WebSocket, request: FastifyRequest) => {
      const access = request.liveAccess;
      if (!access?.ok) {
        socket.close(access?.closeCode ?? 4401, access?.reason ?? 'sign in or send an API token');
        return;
      }
      serveLiveNotes(hub, socket, access.info);
    },
  });
}
