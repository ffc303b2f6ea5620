import type { FastifyInstance } from 'fastify';
import type { Config } from '../../src/config.ts';
import type { Actor, Role, User } from '../../src/domain/model.ts';
import { buildApp, type RoutePlugin } from '../../src/server/build-app.ts';
import type { ContractViolation } from '../../src/server/openapi.ts';
import { createApiToken } from '../../src/services/users/users.ts';
import { LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import { createTestDeps, type DialectName, type TestDeps } from './dialects.ts';
import { makeUser } from './factories.ts';

export interface TestServer {
  deps: TestDeps;
  app: FastifyInstance;
  url: string;
  /** fetch against the listening server; `token` sends a Bearer header. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- route tests read answers of every shape; the OpenAPI tests check the types
  call(method: string, path: string, options?: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  /** A user of the role with an API token. */
  userWithToken(role: Role, extra?: { managerId?: string }): Promise<{ user: User; actor: Actor; token: string; password: string }>;
  /** Every route the app has, as registered: the route table. */
  routes: { method: string; url: string; hidden: boolean; public: boolean; rateLimited: boolean }[];
  /** Answers so far that the OpenAPI document does not describe (close() fails on any). */
  contractViolations: ContractViolation[];
  close(): Promise<void>;
}

/** A real Cadence server listening on a free port over a fresh database. */
export async function startTestServer(dialect: DialectName = 'sqlite', plugins: RoutePlugin[] = [], config: Partial<Config> = {}): Promise<TestServer> {
  const deps = await createTestDeps(dialect, { loginRateLimit: 5, ...config });
  // Every API test also checks the contract: each answer's status is documented, no field is dropped.
  const contractViolations: ContractViolation[] = [];
  const routes: TestServer['routes'] = [];
  const app = await buildApp(deps, plugins, {
    onContractViolation: (violation) => contractViolations.push(violation),
    onRoute: (route) => {
      const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
      const config = route.config as { public?: boolean; rateLimit?: unknown; rateLimits?: unknown[] } | undefined;
      const [isPublic, rateLimited] = [config?.public === true, Boolean(config?.rateLimit ?? config?.rateLimits?.length)];
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url, hidden, public: isPublic, rateLimited });
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    deps,
    app,
    url,
    async call(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      } else if (body !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text (CSV, HTML)
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async userWithToken(role, extra = {}) {
      const made = await makeUser(deps, role, extra);
      const { token } = await createApiToken(deps, LOCAL_OPERATOR, made.user.id, { name: 'test' });
      return { ...made, token };
    },
    routes,
    contractViolations,
    async close() {
      await app.close();
      await deps.close();
      if (contractViolations.length) {
        const lines = [...new Set(contractViolations.map((v) => `${v.method} ${v.url} → ${v.status}: ${v.problem}`))];
        throw new Error(`answers the OpenAPI document does not describe:\n${lines.join('\n')}`);
      }
    },
  };
}
