import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadence } from '../helpers/cli.ts';
import { availableDialects } from '../helpers/dialects.ts';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe.each(await availableDialects())('control characters are refused with a 400 naming the field (%s)', (dialect) => {
  let server: TestServer;
  let csm: Awaited<ReturnType<TestServer['userWithToken']>>;
  let accountId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    csm = await server.userWithToken('csm');
    accountId = (await makeAccount(server.deps, { name: 'Globex', ownerId: csm.user.id, externalId: 'GLX' })).id;
  });
  afterAll(async () => server.close());

  it('a NUL in the sign-in email is a 400 naming email, not a database error', async () => {
    const answer = await server.call('POST', '/api/session', { body: { email: 'a\u0000@example.com', password: 'x' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'invalid', field: 'email' });
    expect(answer.body.error.message).toContain('U+0000');
  });

  it('a control character deep in a body names its path; tabs and newlines in notes are kept', async () => {
    const bad = await server.call('POST', '/api/accounts', { token: csm.token, body: { name: 'Ini\u0007tech', segment: 'enterprise', stage: 'steady' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('name');
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId, startsAt: '2026-12-01T15:00:00Z' } })).body;
    const del = await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 0, notes: 'ok\u007f' } });
    expect(del.status).toBe(400);
    expect(del.body.error.field).toBe('notes');
    const notes = '# Call\n\n- item\twith a tab\r\n- second';
    const saved = await server.call('PUT', `/api/meetings/${meeting.id}/notes`, { token: csm.token, body: { version: 0, notes } });
    expect(saved.status).toBe(200);
    expect((await server.call('GET', `/api/meetings/${meeting.id}`, { token: csm.token })).body.notes).toBe(notes);
  });

  it('query strings and path parameters are checked too', async () => {
    const search = await server.call('GET', '/api/notes/search?q=pric%00ing', { token: csm.token });
    expect(search.status).toBe(400);
    expect(search.body.error.field).toBe('q');
    const byId = await server.call('GET', '/api/accounts/%00', { token: csm.token });
    expect(byId.status).toBe(400);
    expect(byId.body.error.field).toBe('id');
  });

  it('the share page refuses a NUL in a proposed topic', async () => {
    const meeting = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId, startsAt: '2026-12-02T15:00:00Z' } })).body;
    const link = await server.call('POST', `/api/meetings/${meeting.id}/share-links`, { token: csm.token, body: {} });
    const token = String(link.body.url).split('/share/')[1];
    const answer = await server.call('POST', `/api/share/${token}/topics`, { body: { text: 'Runner\u0000 costs', name: 'Hana' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe('text');
  });

  it('a CSV import names the line and column of the control character and writes nothing', async () => {
    const csv = 'external_id,name\nA1,Fine Corp\nA2,Bad\u0000Corp\n';
    const answer = await server.call('POST', '/api/imports/accounts', { token: csm.token, raw: csv, headers: { 'content-type': 'text/csv' } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ line: 3, message: 'name must not contain control characters (found U+0000)' }]);
    const list = await server.call('GET', '/api/accounts', { token: csm.token });
    expect(JSON.stringify(list.body)).not.toContain('Fine Corp');
  });
});

describe('the CLI refuses control characters in one line', () => {
  it('a NUL or an escape in a name is one line naming the field, exit 1, nothing added', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cadence-hostile-cli-'));
    try {
      expect((await cadence(dir, ['db', 'migrate'])).code).toBe(0);
      const added = await cadence(dir, ['user', 'add', '--email', 'sam@example.com', '--name', 'Sam\u001b[2J', '--role', 'csm', '--password', 'long enough pw']);
      expect(added).toMatchObject({ code: 1, stderr: 'cadence: name must not contain control characters (found U+001B)\n' });
      expect((await cadence(dir, ['token', 'create', '--email', 'sam@example.com'])).code).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
