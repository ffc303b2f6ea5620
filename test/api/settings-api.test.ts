import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../helpers/factories.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

describe('the suggested-topic library and the hot sheet', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server.close());

  it('managers curate topics and the next agenda rotates through them; CSMs may only read', async () => {
    const manager = await server.userWithToken('manager');
    const csm = await server.userWithToken('csm');
    expect((await server.call('GET', '/api/settings/agenda-topics', { token: csm.token })).body.topics.length).toBeGreaterThan(3);
    const library = [
      { id: 'backups', text: 'Have you tested restoring from a backup lately?', deployments: ['self_managed'] },
      { id: 'events', text: 'Workshops in your region this quarter' },
    ];
    expect((await server.call('PUT', '/api/settings/agenda-topics', { token: csm.token, body: library })).status).toBe(403);
    expect((await server.call('PUT', '/api/settings/agenda-topics', { token: manager.token, body: library })).status).toBe(200);
    const dup = await server.call('PUT', '/api/settings/agenda-topics', { token: manager.token, body: [library[0], library[0]] });
    expect(dup.body.error.field).toBe('1.id');
    const hot = await server.call('PUT', '/api/settings/hot-sheet', { token: manager.token, body: [{ id: 'r17-6', text: 'Release 17.6: new runner autoscaler', startsOn: '2026-11-01', expiresOn: '2026-12-31' }] });
    expect(hot.status).toBe(200);
    const backwards = await server.call('PUT', '/api/settings/hot-sheet', { token: manager.token, body: [{ id: 'x', text: 'x', startsOn: '2026-12-01', expiresOn: '2026-11-01' }] });
    expect(backwards.body.error.field).toBe('0.expiresOn');

    const account = await makeAccount(server.deps, { ownerId: csm.user.id, deployment: 'self_managed' });
    // A held call first, so the next one is a regular cadence call with suggested topics.
    const first = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-11-10T15:00:00Z' } })).body;
    await server.call('POST', `/api/meetings/${first.id}/wrap-up`, { token: csm.token, body: {} });
    const next = (await server.call('POST', '/api/meetings', { token: csm.token, body: { accountId: account.id, startsAt: '2026-12-01T15:00:00Z' } })).body;
    const texts = (await server.call('GET', `/api/meetings/${next.id}/agenda`, { token: csm.token })).body.items.map((i: { text: string }) => i.text).join('\n');
    expect(texts).toContain('Have you tested restoring from a backup lately?');
    expect(texts).toContain('Release 17.6: new runner autoscaler');
  });
});
