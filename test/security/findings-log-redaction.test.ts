import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { buildApp } from '../../src/server/build-app.ts';
import { createTestDeps, type TestDeps } from '../helpers/dialects.ts';
import { makeUser } from '../helpers/factories.ts';
import { createApiToken, LOCAL_OPERATOR } from '../../src/services/users/users.ts';
import type { FastifyInstance } from 'fastify';

// Security review finding (low): debug logs contained share and calendar-feed tokens.
describe('tokens are redacted from every log line', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  let deps: TestDeps;
  let app: FastifyInstance;
  let url: string;
  let apiToken: string;

  beforeAll(async () => {
    const base = await createTestDeps('sqlite', { logLevel: 'debug' });
    deps = { ...base, logger: createLogger('debug', sink) };
    const { user } = await makeUser(deps, 'csm');
    apiToken = (await createApiToken(deps, LOCAL_OPERATOR, user.id, { name: 'logs' })).token;
    app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    await deps.close();
  });

  it('masks share-link, calendar-feed and query tokens in the request lines, and never logs the Authorization or Cookie header', async () => {
    const shareToken = 'shr0SECRETshareTOKEN0123456789';
    const feedToken = 'feedSECRETcalendarTOKEN987654';
    const queryToken = 'qrySECRETqueryTOKEN55555';
    await fetch(`${url}/share/${shareToken}`);
    await fetch(`${url}/api/share/${shareToken}`);
    await fetch(`${url}/calendar/${feedToken}.ics`);
    await fetch(`${url}/api/accounts?token=${queryToken}&x=1`, { headers: { authorization: `Bearer ${apiToken}`, cookie: 'cadence_session=cookieSECRETvalue' } });
    deps.logger.info({ headers: { authorization: `Bearer ${apiToken}`, cookie: 'cadence_session=cookieSECRETvalue' }, url: `${url}/calendar/${feedToken}.ics` }, `fetched /share/${shareToken}`);
    deps.logger.error({ err: new Error(`upstream refused ${url}/api/share/${shareToken}?token=${queryToken}`) }, 'request failed');

    const log = lines.join('\n');
    // The requests were logged at all (so the test can fail), with their paths masked.
    expect(log).toContain('/share/[redacted]');
    expect(log).toContain('/calendar/[redacted].ics');
    expect(log).toContain('token=[redacted]');
    for (const secret of [shareToken, feedToken, queryToken, apiToken, 'cookieSECRETvalue']) expect(log).not.toContain(secret);
  });
});
