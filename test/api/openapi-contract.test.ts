import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Document, Spectral } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import type { FastifyInstance } from 'fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * The OpenAPI document is a contract: it lints clean, every operation says what it answers, the
 * statuses it lists are the ones the routes give, and a client generated from it is typed.
 */

type Operation = {
  operationId?: string;
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
  security?: unknown[];
};
type OpenApiDocument = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Record<string, unknown>> } };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function operations(doc: OpenApiDocument): { method: string; path: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path: p, op: item[method]! })));
}

// A probe route that breaks the contract on purpose, to prove the test build notices.
async function probeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/api/contract-probe', { schema: { hide: true, response: { 200: z.object({ kept: z.string() }) } } }, async (request, reply) => {
    if ((request.query as { teapot?: string }).teapot) return reply.code(418 as 200).send({ kept: 'x' });
    return { kept: 'x', dropped: 'y' };
  });
}

describe('the OpenAPI document', () => {
  let server: TestServer;
  let doc: OpenApiDocument;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer('sqlite', [probeRoutes]);
    admin = (await server.userWithToken('admin')).token;
    doc = (await server.call('GET', '/docs/json')).body as OpenApiDocument;
  });
  afterAll(async () => server.close());

  it('passes Spectral’s spectral:oas rules with no errors', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] } as never);
    const results = await spectral.run(new Document(JSON.stringify(doc), Parsers.Json as never));
    const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(errors, errors.join('\n')).toEqual([]);
    const warnings = results.filter((r) => r.severity === 1).map((r) => `${r.code} at ${r.path.join('.')}`);
    // Warnings are allowed, but few: a new one is worth a look.
    expect(warnings.length, warnings.join('\n')).toBeLessThanOrEqual(10);
  });

  it('describes the security schemes, the server, the CSV import body and the findings webhook headers', () => {
    const full = doc as OpenApiDocument & { servers?: { url: string }[]; components: { securitySchemes: Record<string, { in?: string; name?: string; scheme?: string }> } };
    expect(full.servers?.[0]?.url).toBe(server.deps.config.baseUrl);
    const schemes = full.components.securitySchemes;
    expect(schemes.bearer?.scheme).toBe('bearer');
    expect(schemes.cookie).toMatchObject({ in: 'cookie', name: 'cadence_session' });
    expect(schemes.csrf).toMatchObject({ in: 'header', name: 'x-csrf-token' });
    expect(doc.paths['/api/accounts/{id}']!.patch!.security).toEqual([{ bearer: [] }, { cookie: [], csrf: [] }]);
    expect(Object.keys(doc.paths['/api/imports/accounts']!.post!.requestBody!.content)).toEqual(['text/csv', 'application/json']);
    const findings = doc.paths['/api/findings']!.post!;
    expect(findings.security).toEqual([{ bearer: [] }, { findingsSignature: [], findingsTimestamp: [] }]);
    expect(schemes.findingsSignature).toMatchObject({ in: 'header', name: 'x-cadence-signature' });
    expect(schemes.findingsTimestamp).toMatchObject({ in: 'header', name: 'x-cadence-timestamp' });
    expect(Object.keys(findings.requestBody!.content)).toEqual(['application/json']);
  });

  it('gives every operation a typed success answer (a body with a shape, or 204)', () => {
    const untyped = operations(doc)
      .filter(({ op }) => {
        if (op.responses['204']) return false;
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        if (success.length === 0) return true;
        return success.some(([, r]) => {
          const schemas = Object.values(r.content ?? {}).map((c) => resolve(doc, c.schema));
          return schemas.length === 0 || schemas.some((s) => !s || !(s.properties || s.items || s.anyOf || s.oneOf || s.type === 'string'));
        });
      })
      .map(({ method, path: p }) => `${method.toUpperCase()} ${p}`);
    expect(untyped, untyped.join('\n')).toEqual([]);
  });

  it('documents every API route of the route table, and nothing else', () => {
    const table = server.routes
      .filter((r) => r.url.startsWith('/api/') && !r.hidden)
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    const documented = operations(doc)
      .map(({ method, path: p }) => `${method.toUpperCase()} ${p}`)
      .sort();
    expect(documented).toEqual(table);
    expect(documented.length).toBeGreaterThanOrEqual(118);
  });

  it('lists only statuses the routes really give: 401 without a token, 403 for a cookie write without the CSRF header, 400 for bad input, 415 for a body it cannot read, 404 for an unknown id', async () => {
    const wrong: string[] = [];
    const csm = await server.userWithToken('csm');
    const signIn = await server.call('POST', '/api/session', { body: { email: csm.user.email, password: csm.password } });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^cadence_session=/);
    // The route table, each route with what the document says of it.
    const byRoute = new Map(operations(doc).map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]));
    const walk = server.routes
      .filter((r) => r.url.startsWith('/api/') && !r.hidden)
      .map((r) => ({ route: r, doc: byRoute.get(`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`) }))
      .filter((w) => w.doc !== undefined)
      .map((w) => ({ ...w.doc!, isPublic: w.route.public, rateLimited: w.route.rateLimited }));
    expect(walk.length).toBeGreaterThanOrEqual(118);
    for (const { method, path: p, op, isPublic, rateLimited } of walk) {
      const documented = Object.keys(op.responses);
      const url = p.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'token' ? 'no-such-share-token' : 'no-such-id'));
      const takesJson = Boolean(op.requestBody?.content['application/json']);
      const body = takesJson ? '{"contract": ' : undefined; // broken JSON: every body route must refuse it with 400
      const send = (token?: string, raw = body) => server.call(method.toUpperCase(), url, { token, raw, headers: raw === undefined ? {} : { 'content-type': 'application/json' } });

      if (documented.includes('401')) {
        const res = await send('cad_not-a-token', undefined);
        if (res.status !== 401) wrong.push(`${method.toUpperCase()} ${p}: a bad token answered ${res.status}, not 401`);
      } else wrong.push(`${method.toUpperCase()} ${p}: 401 is not documented, yet a bad token is refused`);

      // A rate-limited route says so (others may pass on a vendor's 429: Slack, trackers).
      if (rateLimited && !documented.includes('429')) wrong.push(`${method.toUpperCase()} ${p}: is rate limited but does not document 429`);

      if (method !== 'get' && !isPublic) {
        if (!documented.includes('403')) wrong.push(`${method.toUpperCase()} ${p}: a cookie write needs the CSRF header, yet 403 is not documented`);
        const res = await server.call(method.toUpperCase(), url, { raw: body, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) } });
        if (res.status !== 403) wrong.push(`${method.toUpperCase()} ${p}: a cookie write without the CSRF header answered ${res.status}, not 403`);
      }

      if (op.requestBody) {
        if (!documented.includes('415')) wrong.push(`${method.toUpperCase()} ${p}: takes a body but does not document 415`);
        const res = await server.call(method.toUpperCase(), url, { token: admin, raw: '<contract/>', headers: { 'content-type': 'application/xml' } });
        if (res.status !== 415) wrong.push(`${method.toUpperCase()} ${p}: an XML body answered ${res.status}, not 415`);
      }

      if (takesJson) {
        if (!documented.includes('400')) wrong.push(`${method.toUpperCase()} ${p}: takes a body but does not document 400`);
        const res = await send(admin);
        if (res.status !== 400) wrong.push(`${method.toUpperCase()} ${p}: broken JSON answered ${res.status}, not 400`);
      }

      if (p.includes('{') && documented.includes('404')) {
        // With a valid body where one is needed, the unknown id is what fails.
        const res = await send(admin, takesJson ? '{}' : undefined);
        if (res.status !== 404 && res.status !== 400) wrong.push(`${method.toUpperCase()} ${p}: an unknown id answered ${res.status}, not 404`);
      }
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
    // And every answer the walk got is one its route documents (the test build records any other).
    const seen = server.contractViolations.filter((v) => v.url !== '/api/contract-probe');
    expect(seen, seen.map((v) => `${v.method} ${v.url} → ${v.status}: ${v.problem}`).join('\n')).toEqual([]);
  });

  it('the test build notices an undocumented status and a field a schema drops', async () => {
    await server.call('GET', '/api/contract-probe', { token: admin });
    await server.call('GET', '/api/contract-probe?teapot=1', { token: admin });
    const probe = server.contractViolations.filter((v) => v.url === '/api/contract-probe');
    expect(probe.map((v) => v.problem).sort()).toEqual(['status 418 is not documented', 'the schema drops .dropped']);
    // Leave the list as the real routes made it, so close() judges only them.
    server.contractViolations.splice(0, server.contractViolations.length, ...server.contractViolations.filter((v) => v.url !== '/api/contract-probe'));
  });

  it('generates a TypeScript client that compiles and types real answers (never `never`)', async () => {
    const client = astToString(await openapiTS(doc as never));
    const session = (await server.call('GET', '/api/session', { token: admin })).body;
    const users = (await server.call('GET', '/api/users', { token: admin })).body;
    // Something real in the book, so the samples hold whole records.
    const account = (await server.call('POST', '/api/accounts', { token: admin, body: { name: 'Globex', segment: 'enterprise', arr: 120000, tags: ['expansion'] } })).body;
    const startsAt = new Date(server.deps.now().getTime() + 2 * 86_400_000).toISOString();
    const meeting = (await server.call('POST', '/api/meetings', { token: admin, body: { accountId: account.id, startsAt } })).body;
    const agenda = (await server.call('GET', `/api/meetings/${meeting.id}/agenda`, { token: admin })).body;
    const accounts = (await server.call('GET', '/api/accounts', { token: admin })).body;
    expect(accounts.items).toHaveLength(1);
    const successes = operations(doc).flatMap(({ op }) =>
      Object.keys(op.responses)
        .filter((s) => s === '200' || s === '201')
        .filter((s) => op.responses[s]!.content?.['application/json'])
        .map((s) => [op.operationId!, s] as const),
    );
    const check = [
      `import type { operations } from './api.ts';`,
      `type Json<O extends keyof operations, S extends keyof operations[O]['responses']> = operations[O]['responses'][S] extends { content: { 'application/json': infer B } } ? B : never;`,
      `type IsNever<T> = [T] extends [never] ? true : false;`,
      ...successes.map(([id, s], i) => `const typed${i}: IsNever<Json<'${id}', ${s}>> = false;`),
      // Real answers, as literals: a field the document lacks, or one it calls by another type, fails here.
      `export const session: Json<'getSession', 200> = ${JSON.stringify(session)};`,
      `export const users: Json<'listUsers', 200> = ${JSON.stringify(users)};`,
      `export const accounts: Json<'listAccounts', 200> = ${JSON.stringify(accounts)};`,
      `export const meeting: Json<'getMeeting', 200> = ${JSON.stringify(meeting)};`,
      `export const agenda: Json<'getAgenda', 200> = ${JSON.stringify(agenda)};`,
      `export const all = [${successes.map((_, i) => `typed${i}`).join(', ')}];`,
    ].join('\n');
    const dir = mkdtempSync(path.join(tmpdir(), 'cadence-client-'));
    try {
      writeFileSync(path.join(dir, 'api.ts'), client);
      writeFileSync(path.join(dir, 'check.ts'), check);
      const program = ts.createProgram([path.join(dir, 'check.ts')], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowImportingTsExtensions: true,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        target: ts.ScriptTarget.ES2022,
        // The ES library alone: the client is types only, and reading the DOM's declarations (this
        // target's default library) was a third of the compile (1.9 → 1.3 s of CPU).
        lib: ['lib.es2022.d.ts'],
        types: [],
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => {
        const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
        const line = where && d.file ? d.file.text.split('\n')[where.line]?.slice(0, 160) : '';
        return `${d.file ? path.basename(d.file.fileName) : ''}:${where ? where.line + 1 : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n').slice(0, 400)}\n  ${line}`;
      });
      expect(problems, problems.join('\n')).toEqual([]);
      expect(successes.length).toBeGreaterThan(80);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function resolve(doc: OpenApiDocument, schema: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const ref = schema?.$ref;
  if (typeof ref !== 'string') return schema;
  return doc.components?.schemas?.[ref.replace('#/components/schemas/', '')];
}
