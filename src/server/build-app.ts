import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../deps.ts';
import { AppError } from '../errors.ts';
import { IntegrationError } from '../integrations/errors.ts';
import { conflictFromDatabaseError } from '../services/setup/database.ts';
import { checkReadiness, type JobQueueHealth } from '../services/setup/readiness.ts';
import { vendorFailure } from '../services/connections/integrations.ts';
import { registerAuth } from './auth.ts';
import { startOnePerTurn } from './fair-turns.ts';
import { databaseRateLimitStore } from './rate-limit-store.ts';
import { registerRateLimits } from './rate-limits.ts';
import { DOCS_CSP, registerSecurityHeaders } from './security-headers.ts';
import { refuseControlCharacters, validateAtEdge } from './validate.ts';
import { checkDocumentedStatuses, completeResponses, strictSerializerCompiler, swaggerOptions, type ContractViolation } from './openapi.ts';
import { accountRoutes } from './routes/accounts.routes.ts';
import { cadenceRoutes } from './routes/cadence.routes.ts';
import { calendarRoutes } from './routes/calendar.routes.ts';
import { calendarSyncRoutes } from './routes/calendar-sync.routes.ts';
import { actionItemRoutes } from './routes/action-items.routes.ts';
import { contactRoutes } from './routes/contacts.routes.ts';
import { homeRoutes } from './routes/home.routes.ts';
import { importRoutes } from './routes/imports.routes.ts';
import { meetingRoutes } from './routes/meetings.routes.ts';
import { myDayRoutes } from './routes/my-day.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { integrationRoutes } from './routes/integrations.routes.ts';
import { crmPullRoutes } from './routes/crm-pull.routes.ts';
import { reviewRoutes } from './routes/reviews.routes.ts';
import { dashboardRoutes } from './routes/dashboards.routes.ts';
import { forecastRoutes } from './routes/forecast.routes.ts';
import { featureRequestRoutes } from './routes/feature-requests.routes.ts';
import { riskRoutes } from './routes/risks.routes.ts';
import { shadowingRoutes } from './routes/shadowing.routes.ts';
import { successPlanRoutes } from './routes/success-plans.routes.ts';
import { settingsRoutes } from './routes/settings.routes.ts';
import { outboxRoutes } from './routes/outbox.routes.ts';
import { shareRoutes } from './routes/share.routes.ts';
import { transcriptRoutes } from './routes/transcripts.routes.ts';
import { wrapUpRoutes } from './routes/wrap-up.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { ssoRoutes } from './routes/sso.routes.ts';
import { scimRoutes } from './routes/scim.routes.ts';
import { mailCaptureRoutes } from './routes/mail-capture.routes.ts';
import { mailImapRoutes } from './routes/mail-imap.routes.ts';
import { attachmentRoutes } from './routes/attachments.routes.ts';
import { useCaseRoutes } from './routes/use-cases.routes.ts';
import { savedViewRoutes } from './routes/saved-views.routes.ts';
import { handoffRoutes } from './routes/handoffs.routes.ts';
import { digestRoutes } from './routes/digests.routes.ts';
import { internalUpdateRoutes } from './routes/internal-updates.routes.ts';
import { liveNotesRoutes } from './routes/live-notes.routes.ts';
import { liveNotesCombineRoutes } from './routes/live-notes-combine.routes.ts';
import { stopLiveNotes } from '../services/live-notes/documents.ts';
import { MAX_MESSAGE_BYTES } from '../services/live-notes/connection.ts';

export const BODY_LIMIT = 1024 * 1024;

type CompilerFactory<K extends 'buildValidator' | 'buildSerializer'> = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>[K]>;

/** Extra route plugins later features mount on the same app (meetings, tasks, …). */
export type RoutePlugin = (app: FastifyInstance, deps: Deps) => Promise<void> | void;

export interface BuildOptions {
  /** Test builds: called for every answer the document does not describe (its status, or a field the schema drops). */
  onContractViolation?: (violation: ContractViolation) => void;
  /** Test builds: told of every route as it is added, so a test can walk the whole route table. */
  onRoute?: (route: RouteOptions) => void;
  /** The job runner's state for /readyz (start.ts); without it the node runs no jobs. */
  jobHealth?: () => Promise<JobQueueHealth>;
}

/** Builds the HTTP app; listening is the caller's business, so tests can use any port. */
export async function buildApp(deps: Deps, plugins: RoutePlugin[] = [], options: BuildOptions = {}): Promise<FastifyInstance> {
  // Our own compiler: a bad request answers with the same { code, message, field } as the services.
  const validatorCompiler =
    ({ schema }: { schema: unknown }) =>
    (data: unknown) =>
      validateAtEdge(schema as z.ZodType, data);
  const serializerCompilerInUse = options.onContractViolation ? strictSerializerCompiler(options.onContractViolation) : serializerCompiler;
  const app = Fastify({
    // Per-request lines only when debugging; failures are logged by the error handler below.
    loggerInstance: ['debug', 'trace'].includes(deps.config.logLevel) ? deps.logger : deps.logger.child({}, { level: 'warn' }),
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
    // Our compilers given as the factories too, so Fastify never loads Ajv and fast-json-stringify,
    // which it would otherwise load at start and never use: a tenth of the server's start (issue #16).
    // (The types describe Ajv's compilers; Fastify only calls what a factory answers.)
    schemaController: {
      compilersFactory: { buildValidator: (() => validatorCompiler) as unknown as CompilerFactory<'buildValidator'>, buildSerializer: (() => serializerCompilerInUse) as unknown as CompilerFactory<'buildSerializer'> },
    },
  }) as unknown as FastifyInstance;
  // First of all hooks: under load, a client still connecting is accepted within a request's time. On
  // SQLite a request runs whole in the turn it starts, so turns grew with every waiting request; on
  // PostgreSQL requests wait for the network and turns stay short, and one start per turn there halved
  // the mixed load's throughput (two 20 s pairs: 138 → 91 and 232 → 124 req/s), so it is left out.
  if (deps.store.dialect === 'sqlite') startOnePerTurn(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompilerInUse);
  app.setErrorHandler((error: FastifyError | AppError | IntegrationError, request, reply) => {
    const answer = toErrorAnswer(error);
    if (answer.status === 502) request.log.warn({ err: error }, 'an integration failed');
    else if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(answer.status).send({ error: answer.body });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }));

  await app.register(cookie, { secret: deps.config.secret });
  // Live notes: what is queued is stored and projected before the sockets close (registered first, so it runs first).
  app.addHook('preClose', () => stopLiveNotes(deps));
  // ws refuses past twice the limit itself (1009, no reason); up to there connection.ts closes with 1009 "too large".
  await app.register(websocket, { options: { maxPayload: 2 * MAX_MESSAGE_BYTES } });
  // Counted in the database, so every node behind the load balancer counts together (routes name their limits).
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(deps) });
  registerRateLimits(app);
  await app.register(swagger, swaggerOptions(deps.config));
  await registerSecurityHeaders(app, deps);
  await app.register(swaggerUi, { routePrefix: '/docs', transformStaticCSP: () => DOCS_CSP });

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    const { ready, ...parts } = await checkReadiness(deps, options.jobHealth ?? (async () => ({ state: 'off' })));
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', ...parts });
  });

  registerAuth(app, deps);
  // Before any schema runs: a control character in a part the route reads is a 400 naming the field (NUL was a 500 on PostgreSQL).
  app.addHook('preValidation', async (request) => {
    const schema = (request.routeOptions.schema ?? {}) as { querystring?: unknown; body?: unknown };
    const contentType = request.headers['content-type'];
    refuseControlCharacters({ params: request.params, query: schema.querystring && request.query, body: schema.body && request.body, contentType });
  });
  app.addHook('onRoute', completeResponses);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  if (options.onContractViolation) checkDocumentedStatuses(app, options.onContractViolation);
  // One route plugin a line: features add theirs here; the home page (SPA fallback) stays last.
  const routePlugins: RoutePlugin[] = [
    sessionRoutes,
    accountRoutes,
    contactRoutes,
    userRoutes,
    importRoutes,
    actionItemRoutes,
    meetingRoutes,
    shareRoutes,
    wrapUpRoutes,
    settingsRoutes,
    outboxRoutes,
    myDayRoutes,
    cadenceRoutes,
    calendarRoutes,
    calendarSyncRoutes,
    transcriptRoutes,
    riskRoutes,
    healthRoutes,
    successPlanRoutes,
    reviewRoutes,
    dashboardRoutes,
    forecastRoutes,
    featureRequestRoutes,
    shadowingRoutes,
    integrationRoutes,
    crmPullRoutes,
    ssoRoutes,
    scimRoutes,
    mailCaptureRoutes,
    mailImapRoutes,
    attachmentRoutes,
    useCaseRoutes,
    savedViewRoutes,
    handoffRoutes,
    digestRoutes,
    internalUpdateRoutes,
    liveNotesRoutes,
    liveNotesCombineRoutes,
    ...plugins,
    homeRoutes,
  ];
  for (const routes of routePlugins) {
    await routes(app, deps);
  }
  return app;
}

function toErrorAnswer(error: FastifyError | AppError | IntegrationError): { status: number; body: { code: string; message: string; field?: string } } {
  const clash = conflictFromDatabaseError(error);
  if (clash) return toErrorAnswer(clash);
  if (error instanceof IntegrationError) return toErrorAnswer(vendorFailure(error));
  if (error instanceof AppError) {
    return { status: error.status, body: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: { code: 'invalid', message: 'the request body is not valid JSON' } };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 400, body: { code: 'invalid', message: `the request body is larger than ${BODY_LIMIT / 1024 / 1024} MB` } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, body: { code: 'invalid', message: 'send the body as application/json' } };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: { code: 'invalid', message: 'the Content-Length does not match the body' } };
  }
  if (error.statusCode === 429) return { status: 429, body: { code: 'rate_limited', message: error.message } };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: 400, body: { code: 'invalid', message: error.message } };
  }
  return { status: 500, body: { code: 'internal', message: 'something went wrong on our side; it has been logged' } };
}
