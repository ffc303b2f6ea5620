import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { createJsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import { FINDINGS_SIGNATURE_HEADER, FINDINGS_TIMESTAMP_HEADER } from '../integrations/findings-signature.ts';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.ts';
import { errorResponses, type ErrorResponse } from './routes/responses.ts';

/** Every tag an operation may carry, with what it groups (Spectral wants each one described). */
const TAGS: Record<string, string> = {
  session: 'Signing in and out with a password; the session cookie and its CSRF token',
  accounts: 'The book of business: accounts, their timeline, notes document and tracker items',
  contacts: 'People at the customer: champions, economic buyers, admins and users',
  users: 'Colleagues and their roles',
  tokens: 'API tokens for scripts (`Authorization: Bearer <token>`)',
  import: 'Accounts and contacts in and out as CSV',
  findings: 'What the product found for an account (webhook or token)',
  'action items': 'Things someone promised to do, on either side',
  touches: 'Calls, emails and Slack messages that count as a touch',
  meetings: 'Calls, their agendas and notes',
  sharing: "The customer's view of an agenda, by link",
  attachments: 'Files on an account, a meeting (advance materials) or an agenda item; the type is decided by the bytes',
  'wrap-up': 'After the call: wrap-up, the follow-up and the engagement',
  'my day': "A CSM's day at a glance",
  tasks: 'Calls to action, made by a playbook rule or by hand',
  settings: 'Team-wide settings',
  cadence: 'How often each account is owed a call or a touch, and what is due',
  calendar: 'Invitations and the calendar feed',
  transcripts: 'Transcripts of calls and the suggestions drawn from them',
  risks: 'Risks to an account and the ARR they put at stake',
  handoffs: 'Accounts handed from one owner to another: the handoff note, its review, the introduction mail, the sales context',
  digests: 'Your daily and weekly digests',
  'internal-updates': "The account team's internal updates after a wrap-up or a risk",
  health: "An account's health score, its measures and overrides",
  'success plans': "The customer's objectives and their progress",
  reviews: 'Monthly, quarterly and customer business reviews',
  dashboards: "The team's figures, with drill-down",
  forecast: 'Renewals and expansion over the fiscal year',
  'feature requests': 'Feature requests and their release',
  shadowing: 'A new CSM paired with a senior one',
  integrations: 'Trackers, CRM, transcripts, calendars, chat and mail',
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The OpenAPI document's frame: servers, security schemes, tags; the routes fill in the rest. */
export function swaggerOptions(config: Config): SwaggerOptions {
  const toDocument = createJsonSchemaTransform({});
  return {
    openapi: {
      info: {
        title: 'Cadence API',
        version: '0.1.0',
        description: 'The book of business, cadence calls and their follow-ups.',
        license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
        contact: { name: 'Cadence', url: config.baseUrl },
      },
      servers: [{ url: config.baseUrl, description: 'This Cadence server' }],
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API token from `cadence token create` or `POST /api/tokens`' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The session cookie `POST /api/session` sets' },
          csrf: {
            type: 'apiKey',
            in: 'header',
            name: CSRF_HEADER,
            description: 'With the session cookie, every write (POST, PUT, PATCH, DELETE) must send the `csrfToken` of `GET /api/session` in this header',
          },
          findingsSignature: {
            type: 'apiKey',
            in: 'header',
            name: FINDINGS_SIGNATURE_HEADER,
            description: 'Findings webhook: `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` with the findings integration\'s signing secret',
          },
          findingsTimestamp: {
            type: 'apiKey',
            in: 'header',
            name: FINDINGS_TIMESTAMP_HEADER,
            description: 'Findings webhook: the Unix seconds the signature was made at; older than 5 minutes is refused',
          },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: (document) => {
      const { schema, url } = toDocument(document);
      if (schema.hide) return { schema, url };
      const method = String(document.route.method);
      const operationId = (schema.operationId as string | undefined) ?? operationIdOf(method, url);
      // A cookie write also needs the CSRF header; a public route says `security: []` itself.
      const security = schema.security ?? (WRITES.has(method) ? [{ bearer: [] }, { cookie: [], csrf: [] }] : undefined);
      // Spectral asks every operation for a description; the summary is the best one we have.
      const description = schema.description ?? schema.summary;
      return { schema: { ...schema, operationId, ...(description ? { description } : {}), ...(security ? { security } : {}) }, url };
    },
    transformObject: (document) => withoutUnusedSchemas(jsonSchemaTransformObject(document) as OpenApiObject) as ReturnType<typeof jsonSchemaTransformObject>,
  };
}

type OpenApiObject = { components?: { schemas?: Record<string, unknown> } } & Record<string, unknown>;

/**
 * The type provider lists every registered schema twice (as read and as written); only those an
 * operation refers to, directly or through another schema, belong in the document.
 */
function withoutUnusedSchemas(document: OpenApiObject): OpenApiObject {
  const schemas = document.components?.schemas ?? {};
  const refsIn = (value: unknown): string[] => [...JSON.stringify(value).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
  const used = new Set(refsIn({ ...document, components: { ...document.components, schemas: {} } }));
  for (const queue = [...used]; queue.length;) {
    for (const ref of refsIn(schemas[queue.pop()!])) {
      if (!used.has(ref)) {
        used.add(ref);
        queue.push(ref);
      }
    }
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([id]) => used.has(id)));
  return { ...document, components: { ...document.components, schemas: kept } };
}

/** `GET /api/accounts/:id/timeline` → `getAccountsByIdTimeline`: stable, unique, readable. */
export function operationIdOf(method: string, url: string): string {
  const words = url
    .replace(/^\/api\//, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split('-'));
  return method.toLowerCase() + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

type ResponseMap = Record<string, unknown>;

/**
 * Completes every documented route's answers with what the edge itself can answer: 400 when it
 * validates input or takes a body (bad JSON), 415 when it takes a body, 401 for a missing or bad
 * token and 403 for a cookie write without the CSRF header (auth.ts). A route without a
 * `response` schema is left alone (nothing is promised yet).
 */
export function completeResponses(route: RouteOptions): void {
  const schema = route.schema as { response?: ResponseMap; body?: unknown; querystring?: unknown; params?: unknown; hide?: boolean } | undefined;
  if (!schema?.response || schema.hide) return;
  const added: ResponseMap = {};
  const edge = errorResponses(400, 415) as Record<string, ErrorResponse>;
  const isPublic = (route.config as { public?: boolean } | undefined)?.public === true;
  added[401] = edge[401];
  if (!isPublic && [route.method].flat().some((m) => WRITES.has(m))) added[403] = edge[403];
  if (schema.body || schema.querystring || schema.params) added[400] = edge[400];
  if (schema.body) added[415] = edge[415];
  schema.response = { ...added, ...schema.response };
}

/** An answer the document does not describe: an undocumented status, or a field the schema does not name. */
export interface ContractViolation {
  method: string;
  url: string;
  status: number;
  problem: string;
}

/**
 * Test builds only: records every answer whose status its route does not document, so a test run
 * proves the document tells the truth. 5xx are bugs of their own and not recorded here.
 */
export function checkDocumentedStatuses(app: FastifyInstance, record: (violation: ContractViolation) => void): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const schema = request.routeOptions.schema as { response?: ResponseMap } | undefined;
    if (!schema?.response) return payload;
    const status = reply.statusCode;
    if (status >= 500) return payload;
    const documented = Object.keys(schema.response).map((key) => key.toLowerCase());
    if (!documented.includes(String(status)) && !documented.includes(`${String(status)[0]}xx`)) {
      record({ method: request.method, url: request.routeOptions.url ?? request.url, status, problem: `status ${status} is not documented` });
    }
    return payload;
  });
}

type SerializerCompiler = typeof serializerCompiler;

/**
 * Test builds only: the serializer strips keys a response schema does not name, so a field the
 * service returns but the schema forgets would vanish from the API unseen. This serializer
 * serializes the same way and records every key it dropped.
 */
export function strictSerializerCompiler(record: (violation: ContractViolation) => void): SerializerCompiler {
  return (route) => {
    const serialize = serializerCompiler(route);
    return (data) => {
      const json = serialize(data);
      const dropped = droppedKeys(JSON.parse(JSON.stringify(data) ?? 'null'), JSON.parse(json), '');
      if (dropped.length) {
        record({ method: route.method, url: route.url, status: Number(route.httpStatus), problem: `the schema drops ${dropped.join(', ')}` });
      }
      return json;
    };
  };
}

function droppedKeys(sent: unknown, kept: unknown, path: string): string[] {
  if (Array.isArray(sent) && Array.isArray(kept)) return sent.flatMap((item, i) => droppedKeys(item, kept[i], `${path}[${i}]`)).slice(0, 10);
  if (!sent || typeof sent !== 'object' || !kept || typeof kept !== 'object' || Array.isArray(sent)) return [];
  return Object.entries(sent).flatMap(([key, value]) => (key in kept ? droppedKeys(value, (kept as Record<string, unknown>)[key], `${path}.${key}`) : [`${path}.${key}`]));
}
